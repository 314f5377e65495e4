import datetime as dt

import pytest

from balai.core.actions import load_non_working_days
from balai.core.calendar import WorkingCalendar, working_calendar

D = dt.date


def test_weekends_and_national_holidays_are_not_working_days():
    cal = WorkingCalendar()
    assert not cal.is_working_day(D(2026, 11, 28))  # Saturday
    assert not cal.is_working_day(D(2026, 8, 17))  # Hari Kemerdekaan
    assert cal.is_working_day(D(2026, 11, 27))


def test_deadline_skips_weekend():
    # Submitted Friday 27 Nov 2026; 3 working days: Mon 30 Nov, Tue 1 Dec, Wed 2 Dec.
    assert WorkingCalendar().add_working_days(D(2026, 11, 27), 3) == D(2026, 12, 2)


def test_deadline_skips_cuti_bersama_and_christmas():
    cal = WorkingCalendar(extra_days_off=[D(2026, 12, 24)])
    # Wed 23 Dec + 2 working days: 24 (cuti bersama), 25 (Natal), 26-27 weekend -> Mon 28, Tue 29.
    assert cal.add_working_days(D(2026, 12, 23), 2) == D(2026, 12, 29)


def test_zero_days_means_the_next_working_day():
    assert WorkingCalendar().add_working_days(D(2026, 11, 28), 0) == D(2026, 11, 30)


def test_working_days_between_is_signed():
    cal = WorkingCalendar()
    assert cal.working_days_between(D(2026, 11, 27), D(2026, 12, 2)) == 3
    assert cal.working_days_between(D(2026, 12, 2), D(2026, 11, 27)) == -3
    assert cal.working_days_between(D(2026, 12, 2), D(2026, 12, 2)) == 0


@pytest.mark.django_db
def test_cuti_bersama_from_the_data_file_count_as_days_off(django_assert_num_queries):
    assert load_non_working_days() > 0
    assert load_non_working_days() == 0  # idempotent
    with django_assert_num_queries(1):
        cal = working_calendar()
    assert not cal.is_working_day(D(2026, 12, 24))


def _naive_between(cal: WorkingCalendar, start: dt.date, end: dt.date) -> int:
    sign, low, high = (1, start, end) if end >= start else (-1, end, start)
    count, day = 0, low
    while day < high:
        day += dt.timedelta(days=1)
        count += cal.is_working_day(day)
    return sign * count


def test_working_days_between_matches_counting_day_by_day():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    cal = WorkingCalendar(extra_days_off=[D(2025, 12, 26), D(2026, 12, 24), D(2026, 3, 20)])
    dates = st.dates(min_value=D(2023, 1, 1), max_value=D(2028, 12, 31))

    @settings(max_examples=300, deadline=None)
    @given(dates, dates)
    def check(start, end):
        assert cal.working_days_between(start, end) == _naive_between(cal, start, end)

    check()
