"""Interest on late payment, computed as of the payment date (UU 1/2022, STPD: a percentage
per month, a part of a month counted as a full month, up to a maximum number of months; the
figures come from the tariff table and are copied onto each bill)."""

from __future__ import annotations

import datetime as dt


def months_late(due_date: dt.date, paid_on: dt.date) -> int:
    """Started months after the due date: paid one day late is one month, a month and a day
    late is two."""
    if paid_on <= due_date:
        return 0
    months = (paid_on.year - due_date.year) * 12 + (paid_on.month - due_date.month)
    if paid_on.day > due_date.day:
        months += 1
    return max(months, 1)


def interest_due(*, principal: int, due_date: dt.date, paid_on: dt.date, bp_per_month: int,
                 max_months: int) -> int:
    months = min(months_late(due_date, paid_on), max_months)
    return principal * bp_per_month * months // 10_000
