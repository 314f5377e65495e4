"""Every change of the transparency domain: survey invitations and answers, and the rebuild of
the dashboard's aggregates from the source tables."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import User
from balai.core.errors import DomainError, PermissionDeniedError
from balai.ledger.actions import record_event
from balai.notifications.actions import queue_message
from balai.transparency import aggregates
from balai.transparency.models import (
    ELEMENT_CODES,
    CaseCounter,
    DurationBucket,
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

@transaction.atomic
def rebuild_aggregates(*, actor: Any = "sistem:rebuild_dashboard") -> dict[str, int]:
    """Recompute the application and survey aggregates from the source tables (installation,
    or a check that the incremental aggregates are right). Other kinds (complaints, payments)
    are kept as their events made them."""
    from balai.applications.models import Application
    from balai.core.calendar import working_calendar

    calendar = working_calendar()
    CaseCounter.objects.filter(kind="application").delete()
    DurationBucket.objects.filter(kind="application").delete()
    counters: dict[tuple[int, str, dt.date], dict[str, int]] = defaultdict(
        lambda: {"opened": 0, "closed": 0, "completed": 0, "on_time": 0,
                 "working_days_total": 0})
    buckets: dict[tuple[int, str, int, int], int] = defaultdict(int)
    rows = (Application.objects.filter(submitted_at__isnull=False)
            .values_list("office_id", "definition__service__code", "definition_id",
                         "submitted_at", "closed_at", "due_date", "state", "is_open")
            .order_by("id").iterator(chunk_size=5000))
    outcomes: dict[tuple[int, str], str] = {}
    for office_id, code, definition_id, submitted_at, closed_at, due_date, state, is_open in rows:
        counters[(office_id, code, aggregates.month_of(submitted_at))]["opened"] += 1
        if is_open or closed_at is None:
            continue
        key = (office_id, code, aggregates.month_of(closed_at))
        outcome = outcomes.get((definition_id, state))
        if outcome is None:
            outcome = _application_outcome(definition_id, state)
            outcomes[(definition_id, state)] = outcome
        closed_day = timezone.localdate(closed_at)
        days = max(0, calendar.working_days_between(timezone.localdate(submitted_at),
                                                    closed_day))
        counter = counters[key]
        counter["closed"] += 1
        counter["completed"] += int(outcome in aggregates.POSITIVE_OUTCOMES)
        counter["on_time"] += int(due_date is not None and closed_day <= due_date)
        counter["working_days_total"] += days
        buckets[(office_id, code, key[2].year, days)] += 1
    CaseCounter.objects.bulk_create(
        [CaseCounter(office_id=o, kind="application", topic=t, month=m, **values)
         for (o, t, m), values in counters.items()], batch_size=2000)
    DurationBucket.objects.bulk_create(
        [DurationBucket(office_id=o, kind="application", topic=t, year=y, days=d, count=n)
         for (o, t, y, d), n in buckets.items()], batch_size=2000)
    SurveyCounter.objects.all().delete()
    survey_rows = 0
    for survey in Survey.objects.filter(answered_at__isnull=False).iterator(chunk_size=2000):
        aggregates.survey_answered(survey)
        survey_rows += 1
    result = {"case_counters": len(counters), "duration_buckets": len(buckets),
              "surveys": survey_rows}
    record_event(actor=actor, action="transparansi.rekap_dibangun_ulang", obj=None,
                 payload=result)
    return result


def _application_outcome(definition_id: int, state: str) -> str:
    from balai.applications.actions import application_outcome
    from balai.catalogue.models import ServiceDefinition

    definition = ServiceDefinition.objects.get(pk=definition_id)
    return application_outcome(definition.spec, state)
