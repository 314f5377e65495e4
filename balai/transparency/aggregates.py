"""Incremental updates of the dashboard's aggregates, and their rebuild from the source tables.

Every update is an UPDATE ... SET n = n + 1 on one row (created on first use), so concurrent
cases never lose a count; the rows are few, so the dashboard reads them without scanning cases.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F

from balai.core import pagecache
from balai.transparency.models import (
    CaseCounter,
    DurationBucket,
    PaymentCounter,
    Survey,
    SurveyCounter,
)

POSITIVE_OUTCOMES = {"completed", "resolved", "granted", "granted_partly", "selesai"}


def month_of(moment: dt.datetime | dt.date) -> dt.date:
    if isinstance(moment, dt.datetime):
        from django.utils import timezone

        moment = timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
    return moment.replace(day=1)


def _bump(model: type[models.Model], keys: dict[str, Any], **increments: int) -> None:
    updates = {name: F(name) + value for name, value in increments.items()}
    pagecache.invalidate("dashboard")
    if model.objects.filter(**keys).update(**updates):
        return
    try:
        with transaction.atomic():
            model.objects.create(**keys, **increments)
    except IntegrityError:
        # Someone created the row a moment ago: add to theirs.
        model.objects.filter(**keys).update(**updates)


def case_opened(*, office_id: int, kind: str, topic: str, opened_at: dt.datetime) -> None:
    _bump(CaseCounter, {"office_id": office_id, "kind": kind, "topic": topic[:80],
                        "month": month_of(opened_at)}, opened=1)


def case_moved(*, from_office_id: int, to_office_id: int, kind: str, topic: str,
               opened_at: dt.datetime) -> None:
    """A case counts as received by the office that handles it now."""
    keys = {"kind": kind, "topic": topic[:80], "month": month_of(opened_at)}
    pagecache.invalidate("dashboard")
    CaseCounter.objects.filter(office_id=from_office_id, opened__gt=0, **keys).update(
        opened=F("opened") - 1)
    _bump(CaseCounter, {"office_id": to_office_id, **keys}, opened=1)


def case_closed(*, office_id: int, kind: str, topic: str, closed_at: dt.datetime,
                outcome: str, on_time: bool, working_days: int) -> None:
    keys = {"office_id": office_id, "kind": kind, "topic": topic[:80],
            "month": month_of(closed_at)}
    days = max(0, int(working_days))
    _bump(CaseCounter, keys, closed=1, completed=int(outcome in POSITIVE_OUTCOMES),
          on_time=int(bool(on_time)), working_days_total=days)
    _bump(DurationBucket, {"office_id": office_id, "kind": kind, "topic": topic[:80],
                           "year": keys["month"].year, "days": days}, count=1)


def payment(*, office_id: int, revenue_kind: str, amount: int, paid_at: dt.datetime,
            sign: int) -> None:
    _bump(PaymentCounter, {"office_id": office_id, "revenue_kind": revenue_kind[:40],
                           "month": month_of(paid_at)}, payments=sign, amount=sign * int(amount))


def survey_answered(survey: Survey) -> None:
    assert survey.answered_at is not None
    scores = {f"s{i}": getattr(survey, f"u{i}") for i in range(1, 10)}
    _bump(SurveyCounter, {"office_id": survey.office_id, "topic": survey.topic,
                          "month": month_of(survey.answered_at)}, respondents=1, **scores)
