"""Working days under the Indonesian calendar: weekends, national holidays (the `holidays`
package) and the cuti bersama and ad-hoc holidays kept in NonWorkingDay.

Legal deadlines are counted in working days (e.g. UU KIP Pasal 22(7): 10 working days), so every
deadline in Balai goes through this module. Build one WorkingCalendar per request or batch: it
reads the extra days off once, then answers without queries.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable

import holidays as holidays_lib

from balai.core.models import NonWorkingDay


class WorkingCalendar:
    def __init__(self, *, extra_days_off: Iterable[dt.date] = ()) -> None:
        self._extra = set(extra_days_off)
        self._national = holidays_lib.country_holidays("ID")
        self._weekday_days_off: dict[int, list[dt.date]] = {}

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self._national and day not in self._extra

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The day on which a deadline of `days` working days, counted from `start`, ends.

        The day of submission does not count; the deadline is the end of the n-th working day
        after it. With days=0 it is the next working day from `start` itself.
        """
        day = start
        if days == 0:
            while not self.is_working_day(day):
                day += dt.timedelta(days=1)
            return day
        counted = 0
        while counted < days:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end`; negative if `end` is earlier.

        Counted arithmetically (weekdays by formula, minus the days off that fall on a
        weekday), so that an application overdue for years costs what one overdue for a day
        does.
        """
        if end == start:
            return 0
        sign, low, high = (1, start, end) if end > start else (-1, end, start)
        weekdays = _weekdays_through(high) - _weekdays_through(low)
        days_off = 0
        for year in range(low.year, high.year + 1):
            off = self._days_off_on_weekdays(year)
            days_off += bisect_right(off, high) - bisect_right(off, low)
        return sign * (weekdays - days_off)

    def _days_off_on_weekdays(self, year: int) -> list[dt.date]:
        if year not in self._weekday_days_off:
            national = holidays_lib.country_holidays("ID", years=year)
            days = {d for d in national if d.year == year}
            days |= {d for d in self._extra if d.year == year}
            self._weekday_days_off[year] = sorted(d for d in days if d.weekday() < 5)
        return self._weekday_days_off[year]


def _weekdays_through(day: dt.date) -> int:
    """Mondays to Fridays from 1 January of year 1 (a Monday) up to and including `day`."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def working_calendar() -> WorkingCalendar:
    """A calendar with the extra days off from the database (one query)."""
    return WorkingCalendar(extra_days_off=NonWorkingDay.objects.values_list("date", flat=True))
