from __future__ import annotations

import pytest
from django.utils import timezone

from balai.applications import actions
from balai.applications.models import Application, ApplicationCounter, ApplicationEvent
from balai.applications.tests.helpers import make_draft, make_submitted
from balai.core.calendar import working_calendar
from balai.ledger.models import LedgerEntry
from balai.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_submit_application_gives_readable_number_state_and_deadline(citizen, akta):
    application = make_submitted(citizen.user, akta)

    year = timezone.localdate().year
    assert application.number == f"KR-{year}-000001"
    assert application.state == "diajukan"
    assert application.is_open
    assert application.office == akta.service.office
    assert application.definition == akta
    assert application.due_date == working_calendar().add_working_days(
        timezone.localdate(), akta.spec.deadline_working_days)
    assert ApplicationEvent.objects.filter(application=application, kind="submitted").count() == 1
    assert LedgerEntry.objects.filter(action="permohonan.diajukan",
                                      object_id=str(application.pk)).exists()


def test_submit_application_numbers_are_sequential_and_never_reused(citizen, other_citizen, akta):
    first = make_submitted(citizen.user, akta)
    second = make_submitted(other_citizen.user, akta)
    # A draft abandoned between them takes no number.
    make_draft(citizen.user, akta)
    third = make_submitted(citizen.user, akta)

    numbers = [first.number, second.number, third.number]
    assert [int(n.rsplit("-", 1)[1]) for n in numbers] == [1, 2, 3]
    assert ApplicationCounter.objects.get(year=timezone.localdate().year).last == 3


def test_submit_application_with_same_key_returns_the_same_application(citizen, akta):
    draft = make_draft(citizen.user, akta)
    first = actions.submit_application(draft=draft, actor=citizen.user,
                                       idempotency_key="kunci-yang-sama-0001")
    again = actions.submit_application(draft=draft, actor=citizen.user,
                                       idempotency_key="kunci-yang-sama-0001")

    assert again.pk == first.pk
    assert again.number == first.number
    assert Application.objects.filter(applicant=citizen.user).exclude(number=None).count() == 1


def test_submit_application_refuses_missing_required_uploads(citizen, akta):
    draft = make_draft(citizen.user, akta, uploads=False)

    with pytest.raises(actions.MissingRequirements) as error:
        actions.submit_application(draft=draft, actor=citizen.user,
                                   idempotency_key="kunci-tanpa-berkas-01")

    assert error.value.code == "APPLICATION_MISSING_REQUIREMENTS"
    assert "Surat keterangan lahir" in error.value.message
    draft.refresh_from_db()
    assert draft.is_draft and draft.number is None


def test_submit_application_notifies_applicant_in_app_and_by_sms(citizen, akta):
    application = make_submitted(citizen.user, akta)

    messages = Message.objects.filter(recipient=citizen.user).exclude(
        subject__startswith="Kode")
    channels = sorted(m.channel for m in messages if application.number in m.body)
    assert channels == ["in_app", "sms"]


def test_application_data_is_encrypted_at_rest(citizen, akta):
    from django.db import connection

    application = make_submitted(citizen.user, akta)
    with connection.cursor() as cursor:
        cursor.execute("SELECT data_json FROM applications_application WHERE id = %s",
                       [application.pk])
        raw = cursor.fetchone()[0]
    assert "Nur Aisyah" not in raw
    assert application.data["nama_anak"] == "Nur Aisyah"

