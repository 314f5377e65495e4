"""Every change of the transparency domain: survey invitations and answers, and the rebuild of
the dashboard's aggregates from the source tables."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from balai.accounts.models import User
from balai.core import pagecache
from balai.core.errors import DomainError, PermissionDeniedError
from balai.core.events import CaseRecord, PaymentRecord
from balai.ledger.actions import record_event
from balai.notifications.actions import queue_message
from balai.transparency import aggregates
from balai.transparency.models import (
    ELEMENT_CODES,
    CaseCounter,
    DurationBucket,
    PaymentCounter,
    Survey,
    SurveyCounter,
)


class SurveyError(DomainError):
    code = "SURVEY_ERROR"


class SurveyAlreadyAnswered(SurveyError):
    code = "SURVEY_ALREADY_ANSWERED"
    message = _("Survei untuk layanan ini sudah Anda isi. Terima kasih; satu layanan hanya "
                "dinilai satu kali.")


@transaction.atomic
def invite_to_survey(*, case_kind: str, case_id: int, case_label: str, user_id: int,
                     office_id: int, topic: str, topic_label: str) -> Survey | None:
    """Invite the citizen whose case just closed to the nine-element survey (one per case).

    A second invitation for the same case does nothing."""
    if Survey.objects.filter(case_kind=case_kind, case_id=case_id).exists():
        return None
    try:
        with transaction.atomic():
            survey = Survey.objects.create(
                case_kind=case_kind, case_id=case_id, case_label=case_label, user_id=user_id,
                office_id=office_id, topic=topic[:80], topic_label=topic_label[:200],
                invited_at=timezone.now())
    except IntegrityError:
        return None
    record_event(actor=None, action="skm.diundang", obj=survey,
                 payload={"case_kind": case_kind, "topic": topic})
    url = reverse("transparency:survey", args=[survey.pk])
    queue_message(
        channel="in_app", recipient=User(pk=user_id),
        subject=_("Bagaimana layanan %(service)s?") % {"service": topic_label or topic},
        body=_("Layanan %(label)s Anda sudah selesai. Bantu kami memperbaiki pelayanan: isi "
               "survei kepuasan (9 pertanyaan singkat) di %(url)s") % {
            "label": case_label, "url": url})
    return survey


@transaction.atomic
def answer_survey(*, actor: User, survey: Survey, scores: dict[str, int],
                  suggestion: str = "") -> Survey:
    """Record the citizen's answer to the nine elements (each 1-4) and count it in the IKM."""
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if locked.user_id != actor.pk:
        raise PermissionDeniedError()
    if locked.answered_at is not None:
        raise SurveyAlreadyAnswered()
    for code in ELEMENT_CODES:
        value = scores.get(code)
        if value not in (1, 2, 3, 4):
            raise SurveyError(_("Setiap unsur dinilai 1 sampai 4."), code="SURVEY_INVALID_SCORE",
                              details={"element": code})
        setattr(locked, code, value)
    locked.suggestion = suggestion.strip()[:2000]
    locked.answered_at = timezone.now()
    locked.save()
    aggregates.survey_answered(locked)
    record_event(actor=actor, action="skm.dijawab", obj=locked,
                 payload={"topic": locked.topic, "office": locked.office_id})
    return locked


# --- rebuild ------------------------------------------------------------------------------

# Each domain that sends case events reads its cases back as the events told them.
CASE_SOURCES = {
    "application": "balai.applications.queries.dashboard_cases",
    "complaint": "balai.complaints.queries.dashboard_cases",
    "information_request": "balai.information.queries.dashboard_cases",
}
PAYMENT_SOURCE = "balai.payments.queries.dashboard_payments"


@transaction.atomic
def rebuild_aggregates(*, actor: Any = "sistem:rebuild_dashboard") -> dict[str, int]:
    """Recompute every aggregate of the dashboard from the source tables: at installation, or
    to check the incremental ones. Memory grows with the counters (office x topic x month),
    never with the cases, which are streamed."""
    result: dict[str, int] = {"case_counters": 0, "duration_buckets": 0}
    pagecache.invalidate("dashboard")
    for kind, source in CASE_SOURCES.items():
        counters, buckets = _rebuild_cases(kind, import_string(source)())
        result["case_counters"] += counters
        result["duration_buckets"] += buckets
    result["payment_counters"] = _rebuild_payments(import_string(PAYMENT_SOURCE)())
    SurveyCounter.objects.all().delete()
    result["surveys"] = 0
    for survey in Survey.objects.filter(answered_at__isnull=False).iterator(chunk_size=2000):
        aggregates.survey_answered(survey)
        result["surveys"] += 1
    record_event(actor=actor, action="transparansi.rekap_dibangun_ulang", obj=None,
                 payload=result)
    return result


def _rebuild_cases(kind: str, records: Iterable[CaseRecord]) -> tuple[int, int]:
    CaseCounter.objects.filter(kind=kind).delete()
    DurationBucket.objects.filter(kind=kind).delete()
    counters: dict[tuple[int, str, dt.date], dict[str, int]] = defaultdict(
        lambda: {"opened": 0, "closed": 0, "completed": 0, "on_time": 0,
                 "working_days_total": 0})
    buckets: dict[tuple[int, str, int, int], int] = defaultdict(int)
    for record in records:
        topic = record.topic[:80]
        counters[(record.office_id, topic, aggregates.month_of(record.opened_at))]["opened"] += 1
        if record.closed_at is None:
            continue
        month = aggregates.month_of(record.closed_at)
        days = max(0, int(record.working_days))
        counter = counters[(record.office_id, topic, month)]
        counter["closed"] += 1
        counter["completed"] += int(record.outcome in aggregates.POSITIVE_OUTCOMES)
        counter["on_time"] += int(record.on_time)
        counter["working_days_total"] += days
        buckets[(record.office_id, topic, month.year, days)] += 1
    CaseCounter.objects.bulk_create(
        [CaseCounter(office_id=o, kind=kind, topic=t, month=m, **values)
         for (o, t, m), values in counters.items()], batch_size=2000)
    DurationBucket.objects.bulk_create(
        [DurationBucket(office_id=o, kind=kind, topic=t, year=y, days=d, count=n)
         for (o, t, y, d), n in buckets.items()], batch_size=2000)
    return len(counters), len(buckets)


def _rebuild_payments(records: Iterable[PaymentRecord]) -> int:
    PaymentCounter.objects.all().delete()
    totals: dict[tuple[int, str, dt.date], list[int]] = defaultdict(lambda: [0, 0])
    for record in records:
        total = totals[(record.office_id, record.revenue_kind[:40],
                        aggregates.month_of(record.paid_at))]
        total[0] += 1
        total[1] += int(record.amount)
    PaymentCounter.objects.bulk_create(
        [PaymentCounter(office_id=o, revenue_kind=k, month=m, payments=n, amount=amount)
         for (o, k, m), (n, amount) in totals.items()], batch_size=2000)
    return len(totals)
