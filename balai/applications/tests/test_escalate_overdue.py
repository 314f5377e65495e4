from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from balai.applications import actions
from balai.applications.models import Application, ApplicationEvent
from balai.applications.tasks import escalate_overdue
from balai.applications.tests.helpers import act, make_submitted
from balai.core.testing import make_officer
from balai.ledger.models import LedgerEntry
from balai.notifications.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(office_a):
    user = make_officer(office=office_a, role="admin", full_name="Kepala Dinas")
    office_a.head = user
    office_a.save(update_fields=["head"])
    return user


def overdue(application: Application, days: int = 10) -> None:
    Application.objects.filter(pk=application.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=days))


def test_escalation_marks_overdue_once_and_tells_the_head(citizen, akta, head):
    late, on_time = make_submitted(citizen.user, akta), make_submitted(citizen.user, akta)
    overdue(late)

    assert actions.escalate_overdue_applications(today=timezone.localdate()) == 1
    assert actions.escalate_overdue_applications(today=timezone.localdate()) == 0

    late.refresh_from_db()
    on_time.refresh_from_db()
    assert late.escalated_at is not None and on_time.escalated_at is None
    message = Message.objects.get(recipient=head)
    assert late.number in message.body and on_time.number not in message.body
    assert ApplicationEvent.objects.filter(application=late, kind="escalated",
                                           public=False).count() == 1
    assert LedgerEntry.objects.filter(action="permohonan.eskalasi").count() == 1


def test_escalation_skips_closed_applications(citizen, akta, head, verifikator):
    rejected = make_submitted(citizen.user, akta)
    act(rejected, "tolak", verifikator, note="Dokumen palsu")
    overdue(rejected)
    assert actions.escalate_overdue_applications(today=timezone.localdate()) == 0


def test_resubmission_starts_a_new_deadline(citizen, akta, head, verifikator):
    application = make_submitted(citizen.user, akta)
    overdue(application)
    actions.escalate_overdue_applications(today=timezone.localdate())
    act(application, "minta_perbaikan", verifikator, note="Buram", corrections={"kk": "x"})
    import io

    from balai.applications.tests.helpers import PDF
    from balai.applications.uploads import check_upload

    checked = check_upload(io.BytesIO(PDF), name="kk.pdf", size=len(PDF),
                           requirement=akta.spec.requirement("kk"))
    result = act(application, "ajukan_ulang", citizen.user,
                 replacements={"kk": (io.BytesIO(PDF), checked)})
    assert result.escalated_at is None
    assert result.due_date > timezone.localdate()


def test_escalate_overdue_command_and_task(citizen, akta, head):
    first, second = make_submitted(citizen.user, akta), make_submitted(citizen.user, akta)
    overdue(first)
    out = StringIO()
    call_command("escalate_overdue", stdout=out)
    assert "Permohonan dieskalasi: 1." in out.getvalue()
    overdue(second)
    result = escalate_overdue.enqueue()
    assert result.return_value == 1
