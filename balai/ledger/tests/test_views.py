"""The public ledger page, the ledger API, and the auditors' view."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.utils import timezone

from balai.core.testing import sign_in
from balai.ledger import actions
from balai.ledger.actions import record_event
from balai.ledger.models import LedgerEntry, VerificationRun
from balai.ledger.tests.test_checkpoints import _without_triggers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _signing_key(settings):
    settings.BALAI_LEDGER_SIGNING_KEY = base64.b64encode(bytes(range(32))).decode()


def _entries(n: int, action: str = "uji.tindakan") -> None:
    for i in range(n):
        record_event(actor=f"sistem:uji{i % 2}", action=action, payload={"i": i})
    actions.sequence_all()


# --- public --------------------------------------------------------------------------------

def test_public_page_shows_the_latest_checkpoint_and_the_public_key(client):
    _entries(3)
    checkpoint = actions.sign_checkpoint()
    actions.run_verification(actor="sistem:uji")

    page = client.get("/buku-besar/").content.decode()

    assert checkpoint.head_hash in page and checkpoint.signature in page
    assert checkpoint.public_key in page
    assert "Utuh: 3 entri" in page


def test_api_lists_checkpoints_with_what_is_needed_to_check_them(client):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    _entries(2)
    actions.sign_checkpoint()
    _entries(1)
    actions.sign_checkpoint()

    body = client.get("/api/v1/ledger/checkpoints").json()

    assert [item["sequence"] for item in body["items"]] == [3, 2]
    for item in body["items"]:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(body["public_key"])).verify(
            bytes.fromhex(item["signature"]), item["signed_message"].encode())
    assert body["last_verification"] is None


def test_api_proves_consistency_with_an_old_checkpoint(client):
    _entries(2)
    old = actions.sign_checkpoint()
    _entries(3)

    good = client.get(f"/api/v1/ledger/consistency?sequence={old.sequence}&hash={old.head_hash}")
    bad = client.get(f"/api/v1/ledger/consistency?sequence={old.sequence}&hash={'0' * 64}")

    assert good.json()["consistent"] is True and good.json()["head_sequence"] == 5
    assert bad.json()["consistent"] is False


def test_api_refuses_a_malformed_hash_with_a_stable_code(client):
    response = client.get("/api/v1/ledger/consistency?sequence=1&hash=../../etc")
    assert response.status_code == 422
    assert "code" in response.json()


def test_api_gives_hash_links_without_content(client):
    _entries(3)
    links = client.get("/api/v1/ledger/links?after=1&limit=5").json()
    assert [link["sequence"] for link in links] == [2, 3]
    assert links[1]["prev_hash"] == links[0]["hash"]
    assert set(links[0]) == {"sequence", "prev_hash", "hash"}


# --- auditors ------------------------------------------------------------------------------

def test_auditor_view_is_for_auditors_and_admins_only(client, citizen, officer, auditor,
                                                      admin_user):
    assert client.get("/buku-besar/audit/").status_code == 302  # to sign in
    for user, status in ((citizen.user, 404), (officer, 404), (auditor, 200),
                         (admin_user, 200)):
        sign_in(client, user)
        assert client.get("/buku-besar/audit/").status_code == status, user


def test_auditor_filters_by_action_actor_object_and_date(client, auditor, citizen):
    _entries(4)
    record_event(actor=citizen.user, action="permohonan.diajukan", obj=citizen.user)
    sign_in(client, auditor)

    by_action = client.get("/buku-besar/audit/?action=permohonan").content.decode()
    by_actor = client.get("/buku-besar/audit/?actor=sistem:uji1").content.decode()
    by_object = client.get(
        f"/buku-besar/audit/?object_type=accounts.user&object_id={citizen.user.pk}")
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    by_date = client.get(f"/buku-besar/audit/?date_from={tomorrow}").content.decode()

    assert "permohonan.diajukan" in by_action and "uji.tindakan" not in by_action
    assert by_actor.count("<td>sistem:uji1</td>") == 2
    assert by_object.context["page_obj"].paginator.count >= 1
    assert all(e.object_id == str(citizen.user.pk) for e in by_object.context["page_obj"])
    assert "Tidak ada entri yang cocok" in by_date


def test_auditor_gets_a_clear_message_for_bad_dates(client, auditor):
    sign_in(client, auditor)
    page = client.get("/buku-besar/audit/?date_from=2026-05-02&date_to=2026-05-01")
    assert "tidak boleh sebelum tanggal awal" in page.content.decode()


def test_auditor_list_is_paginated_with_a_fixed_number_of_queries(
        client, auditor, django_assert_max_num_queries):
    _entries(60)
    actions.run_verification(actor="sistem:uji")
    sign_in(client, auditor)
    with django_assert_max_num_queries(12):
        response = client.get("/buku-besar/audit/?action=uji")
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 50
    assert client.get("/buku-besar/audit/?action=uji&page=2").context[
        "page_obj"].object_list.__len__() == 10


def test_auditor_runs_the_verification_and_it_is_recorded(client, auditor):
    _entries(3)
    sign_in(client, auditor)
    actions.sequence_all()  # the sign-in's own entry, as the task after its commit would

    response = client.post("/buku-besar/audit/verifikasi/", follow=True)

    run = VerificationRun.objects.get()
    total = LedgerEntry.objects.count() - 1  # the run itself is recorded after the check
    assert run.ok and run.checked == total and run.triggered_by == auditor.username
    assert f"Buku besar utuh: {total} entri" in response.content.decode()
    assert LedgerEntry.objects.filter(action="buku_besar.diverifikasi",
                                      actor_id=auditor.pk).exists()


def test_verification_names_the_altered_entry_to_the_auditor(client, auditor):
    _entries(5)
    _without_triggers("UPDATE ledger_ledgerentry SET actor_label = %s WHERE sequence = %s",
                      ["penyusup", 4])
    sign_in(client, auditor)

    page = client.post("/buku-besar/audit/verifikasi/", follow=True).content.decode()

    assert "RUSAK pada entri #4" in page
    run = VerificationRun.objects.get()
    assert (run.ok, run.broken_sequence) == (False, 4)


def test_citizen_cannot_run_the_verification(client, citizen):
    sign_in(client, citizen.user)
    assert client.post("/buku-besar/audit/verifikasi/").status_code == 404
    assert not VerificationRun.objects.exists()
