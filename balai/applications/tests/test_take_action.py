from __future__ import annotations

import io

import pytest

from balai.applications import actions
from balai.applications.models import ApplicationEvent, Upload
from balai.applications.tests.helpers import JPEG, act
from balai.applications.uploads import check_upload
from balai.applications.workflow import ActionNotAllowed, CommentRequired, WrongState
from balai.core.testing import make_officer
from balai.ledger.models import LedgerEntry
from balai.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_take_action_moves_state_records_timeline_ledger_and_notifies(submitted, verifikator):
    before = submitted.version
    result = act(submitted, "verifikasi", verifikator)

    assert result.state == "diverifikasi"
    assert result.version == before + 1
    event = ApplicationEvent.objects.get(application=submitted, action="verifikasi")
    assert (event.from_state, event.to_state, event.actor, event.public) == (
        "diajukan", "diverifikasi", verifikator, True)
    assert LedgerEntry.objects.filter(action="permohonan.verifikasi",
                                      object_id=str(submitted.pk)).count() == 1
    bodies = list(Message.objects.filter(recipient=submitted.applicant)
                  .values_list("channel", "body"))
    assert any(c == "in_app" and "kini: Diverifikasi" in b for c, b in bodies)
    assert any(c == "sms" and "Diverifikasi" in b for c, b in bodies)


def test_take_action_refuses_officer_of_another_office(submitted, officer_other_office):
    with pytest.raises(ActionNotAllowed):
        act(submitted, "verifikasi", officer_other_office)
    submitted.refresh_from_db()
    assert submitted.state == "diajukan"
    assert not ApplicationEvent.objects.filter(application=submitted, kind="action").exists()


def test_take_action_refuses_role_not_in_definition(submitted, officer):
    act(submitted, "verifikasi", officer)  # petugas may verify
    with pytest.raises(ActionNotAllowed):
        act(submitted, "setujui", officer)  # but only a verifikator approves


def test_take_action_refuses_wrong_state_and_changes_nothing(submitted, verifikator):
    version = submitted.version
    with pytest.raises(WrongState):
        act(submitted, "setujui", verifikator)
    submitted.refresh_from_db()
    assert (submitted.state, submitted.version) == ("diajukan", version)


def test_take_action_requires_reason_for_rejection(submitted, verifikator):
    with pytest.raises(CommentRequired):
        act(submitted, "tolak", verifikator, note="")
    result = act(submitted, "tolak", verifikator, note="Surat lahir bukan milik anak ini.")
    assert result.state == "ditolak"
    assert not result.is_open and result.closed_at is not None


def test_take_action_with_stale_version_is_refused_with_clear_message(submitted, verifikator,
                                                                      officer):
    seen = submitted.version
    actions.take_action(application=submitted, action="verifikasi", actor=officer,
                        expected_version=seen)
    with pytest.raises(actions.StaleApplication) as error:
        actions.take_action(application=submitted, action="tolak", actor=verifikator,
                            note="Tidak lengkap", expected_version=seen)

    assert "baru saja diproses oleh petugas lain" in error.value.message
    submitted.refresh_from_db()
    assert submitted.state == "diverifikasi"
    assert ApplicationEvent.objects.filter(application=submitted, kind="action").count() == 1


def test_applicant_cancels_own_application(submitted, citizen):
    result = act(submitted, "batalkan", citizen.user)
    assert result.state == "dibatalkan"


def test_other_citizen_cannot_cancel(submitted, other_citizen):
    with pytest.raises(ActionNotAllowed):
        act(submitted, "batalkan", other_citizen.user)


def test_correction_and_resubmission_replace_named_uploads(submitted, verifikator, citizen):
    act(submitted, "minta_perbaikan", verifikator, note="Foto buram",
        corrections={"kk": "Foto KK buram, pindai ulang.", "tidak-ada": "abaikan"})
    event = ApplicationEvent.objects.get(application=submitted, action="minta_perbaikan")
    assert event.corrections == {"kk": "Foto KK buram, pindai ulang."}
    assert "perbaikan" in Message.objects.filter(recipient=citizen.user).first().body

    with pytest.raises(actions.MissingRequirements):
        act(submitted, "ajukan_ulang", citizen.user, replacements={})

    requirement = submitted.definition.spec.requirement("kk")
    checked = check_upload(io.BytesIO(JPEG), name="kk-baru.jpg", size=len(JPEG),
                           requirement=requirement)
    result = act(submitted, "ajukan_ulang", citizen.user,
                 replacements={"kk": (io.BytesIO(JPEG), checked)})

    assert result.state == "diajukan"
    kk = Upload.objects.filter(application=submitted, requirement="kk").order_by("id")
    assert [u.superseded for u in kk] == [True, False]
    assert kk.last().content_type == "image/jpeg"
    assert Upload.objects.filter(application=submitted, superseded=False).count() == 4


def test_officer_roles_come_from_the_application_office_only(submitted, office_b):
    # A verifikator elsewhere who is only petugas here may verify but not approve.
    user = make_officer(office=office_b, role="verifikator")
    from balai.accounts.actions import grant_role

    grant_role(actor="sistem:uji", user=user, office=submitted.office, role="petugas")
    act(submitted, "verifikasi", user)
    with pytest.raises(ActionNotAllowed):
        act(submitted, "setujui", user)


def test_signing_issues_the_document(submitted, verifikator, pejabat):
    from balai.documents.models import IssuedDocument

    act(submitted, "verifikasi", verifikator)
    act(submitted, "setujui", verifikator)
    result = act(submitted, "tandatangani", pejabat)

    assert result.state == "selesai"
    document = IssuedDocument.objects.get()
    assert document.source_id == str(submitted.pk)
    assert result.issued_document_ref == document.code
    assert ApplicationEvent.objects.filter(application=submitted, kind="document").exists()


def test_claim_and_assign_stay_within_the_office(submitted, officer, verifikator,
                                                 officer_other_office):
    claimed = actions.claim_application(application=submitted, actor=officer,
                                        expected_version=submitted.version)
    assert claimed.assigned_to == officer
    with pytest.raises(actions.StaleApplication):
        actions.claim_application(application=claimed, actor=verifikator,
                                  expected_version=claimed.version)
    assigned = actions.assign_application(application=claimed, actor=officer,
                                          assignee=verifikator,
                                          expected_version=claimed.version)
    assert assigned.assigned_to == verifikator
    from balai.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        actions.assign_application(application=assigned, actor=officer,
                                   assignee=officer_other_office,
                                   expected_version=assigned.version)
    with pytest.raises(PermissionDeniedError):
        actions.claim_application(application=assigned, actor=officer_other_office,
                                  expected_version=assigned.version)
    assert LedgerEntry.objects.filter(action__in=["permohonan.diambil",
                                                  "permohonan.ditugaskan"]).count() == 2
