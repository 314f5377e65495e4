"""Data saya: see and download everything, consents, correction and erasure requests, and the
access log of officers who opened the citizen's data (UU PDP 27/2022)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from balai.accounts.tests.helpers import registration_data
from balai.api.models import ApiToken
from balai.api.tests.helpers import token_for
from balai.applications.tests.helpers import akta_definition, make_submitted
from balai.core.testing import make_citizen, make_officer, sign_in
from balai.ledger.models import LedgerEntry
from balai.notifications.models import Message
from balai.privacy import actions
from balai.privacy.models import AccessLogEntry, Consent, DataRequest, Purpose

pytestmark = pytest.mark.django_db

INDEX = reverse("privacy:index")


@pytest.fixture
def akta(office_a):
    return akta_definition(office_a)


@pytest.fixture
def application(citizen, akta):
    return make_submitted(citizen.user, akta)


# --- consent at registration ---------------------------------------------------------------

def test_registration_records_each_purpose_separately(client, kubu_raya):
    response = client.post(reverse("accounts:register"),
                           registration_data(consent_survei="on"))

    assert response.status_code == 302
    decisions = dict(Consent.objects.values_list("purpose", "granted"))
    assert decisions == {Purpose.PEMBERITAHUAN: True, Purpose.SURVEI: True,
                         Purpose.INFORMASI: False}
    assert set(Consent.objects.values_list("channel", flat=True)) == {"pendaftaran"}


def test_registration_without_reading_the_notice_is_refused(client, kubu_raya):
    data = registration_data()
    del data["consent_notice"]

    response = client.post(reverse("accounts:register"), data)

    assert response.status_code == 200
    assert "Centang bahwa Anda telah membaca Pemberitahuan Privasi" in response.content.decode()
    assert not Consent.objects.exists()
    from balai.accounts.models import User

    assert not User.objects.exists()


def test_registration_form_shows_the_notice_link_and_unticked_boxes(client):
    page = client.get(reverse("accounts:register")).content.decode()
    assert reverse("privacy:notice") in page
    assert 'name="consent_survei"' in page and "checked" not in page


def test_citizen_withdraws_and_grants_an_optional_purpose(client, citizen):
    sign_in(client, citizen.user)

    client.post(reverse("privacy:consent"), {"purpose": Purpose.SURVEI, "granted": "1"})
    response = client.post(reverse("privacy:consent"),
                           {"purpose": Purpose.SURVEI, "granted": "0"}, follow=True)

    assert [c.granted for c in Consent.objects.order_by("pk")] == [True, False]
    assert "Pilihan persetujuan Anda disimpan" in response.content.decode()
    assert LedgerEntry.objects.filter(action="privasi.persetujuan_dicatat").count() == 2


def test_the_notice_acknowledgement_cannot_be_toggled_as_an_option(client, citizen):
    sign_in(client, citizen.user)
    response = client.post(reverse("privacy:consent"),
                           {"purpose": Purpose.PEMBERITAHUAN, "granted": "0"}, follow=True)
    assert "Pilihan persetujuan tidak dikenal" in response.content.decode()
    assert not Consent.objects.exists()


# --- seeing and downloading ----------------------------------------------------------------

def test_anonymous_visitor_is_sent_to_sign_in(client):
    for name in ("privacy:index", "privacy:download_json", "privacy:download_pdf"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_page_shows_everything_held_and_nothing_of_others(client, citizen, other_citizen,
                                                         application, akta):
    make_submitted(other_citizen.user, akta)
    sign_in(client, citizen.user)

    page = client.get(INDEX).content.decode()

    assert citizen.nik in page and application.number in page
    assert other_citizen.nik not in page
    assert client.get(INDEX)["Cache-Control"] == "private, no-store"


def test_json_download_holds_everything_about_the_citizen(client, citizen, other_citizen,
                                                         application):
    token_for(citizen.user)
    sign_in(client, citizen.user)

    response = client.get(reverse("privacy:download_json"))

    assert response["Content-Disposition"] == 'attachment; filename="data-saya.json"'
    assert response["X-Content-Type-Options"] == "nosniff"
    data = json.loads(response.content)["data"]
    assert data["identitas"]["nik"] == citizen.nik
    assert data["identitas"]["alamat"] == citizen.address
    assert [a["nomor"] for a in data["permohonan"]] == [application.number]
    assert data["permohonan"][0]["isian"]["nama_anak"] == "Nur Aisyah"
    assert len(data["permohonan"][0]["berkas"]) == 4
    assert data["token_api"][0]["nama"] == "uji" and "secret" not in json.dumps(data)
    assert other_citizen.nik not in response.content.decode()


def test_pdf_download_is_a_pdf_attachment(client, citizen, application):
    sign_in(client, citizen.user)
    response = client.get(reverse("privacy:download_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == 'attachment; filename="data-saya.pdf"'


# --- the access log ------------------------------------------------------------------------

def test_officer_opening_an_application_appears_in_the_citizens_access_log(
        client, citizen, officer, application):
    sign_in(client, officer)
    officer_page = reverse("applications:officer_detail", kwargs={"number": application.number})
    assert client.get(officer_page).status_code == 200
    client.get(officer_page)  # opened again at once: one access

    entry = AccessLogEntry.objects.get()
    assert (entry.citizen, entry.officer, entry.office_name) == (
        citizen.user, officer, "Dinas Kependudukan (uji)")
    sign_in(client, citizen.user)
    page = client.get(INDEX).content.decode()
    assert "Budi Petugas" in page and f"Permohonan {application.number}" in page


def test_access_through_the_api_is_logged_too(client, citizen, officer, application):
    secret = token_for(officer)
    client.get(f"/api/v1/applications/{application.number}",
               headers={"Authorization": f"Bearer {secret}"})
    assert AccessLogEntry.objects.filter(citizen=citizen.user, officer=officer).count() == 1


def test_refused_and_own_access_are_not_logged(client, citizen, officer_other_office,
                                               application):
    sign_in(client, officer_other_office)
    url = reverse("applications:officer_detail", kwargs={"number": application.number})
    assert client.get(url).status_code == 404
    sign_in(client, citizen.user)
    client.get(reverse("applications:detail", kwargs={"number": application.number}))
    assert not AccessLogEntry.objects.exists()


def test_operator_looking_a_citizen_up_by_nik_is_logged(client, citizen, operator):
    sign_in(client, operator)
    client.post(reverse("applications:assisted"), {"nik": citizen.nik})
    entry = AccessLogEntry.objects.get()
    assert entry.officer == operator and "NIK" in entry.what


def test_access_log_is_paginated_with_a_fixed_number_of_queries(
        client, citizen, application, office_a, django_assert_max_num_queries):
    for n in range(25):
        actions.record_access(officer=make_officer(office=office_a), citizen=citizen.user,
                              what=f"Permohonan uji {n}", obj=application)
    sign_in(client, citizen.user)
    with django_assert_max_num_queries(25):
        response = client.get(INDEX)
    assert len(response.context["page_obj"].object_list) == 20
    assert len(client.get(INDEX + "?page=2").context["page_obj"].object_list) == 5


# --- correction and erasure ----------------------------------------------------------------

def test_correction_request_is_answered_within_three_days(client, citizen):
    sign_in(client, citizen.user)

    response = client.post(reverse("privacy:correction"),
                           {"details": "Alamat saya sekarang Jl. Adisucipto 5."}, follow=True)

    request = DataRequest.objects.get()
    assert request.kind == "koreksi" and request.details.startswith("Alamat saya")
    assert dt.timedelta(hours=71) < request.due_at - timezone.now() <= dt.timedelta(hours=72)
    assert "paling lambat 3 × 24 jam" in response.content.decode()
    assert Message.objects.filter(recipient=citizen.user,
                                  subject="Permintaan data pribadi diterima").exists()


def test_empty_correction_is_refused_with_a_message(client, citizen):
    sign_in(client, citizen.user)
    response = client.post(reverse("privacy:correction"), {"details": "  "})
    assert "Tuliskan data yang perlu diperbaiki" in response.content.decode()
    assert not DataRequest.objects.exists()


def test_erasure_page_says_what_is_kept_and_why(client, citizen):
    sign_in(client, citizen.user)
    page = client.get(reverse("privacy:erasure")).content.decode()
    assert "Yang tetap disimpan, dan mengapa" in page
    assert "UU 24/2013" in page and "Administrasi Kependudukan" in page


def test_erasure_needs_the_confirmation(client, citizen):
    sign_in(client, citizen.user)
    response = client.post(reverse("privacy:erasure"), {"details": ""})
    assert "Centang pernyataan ini" in response.content.decode()
    assert not DataRequest.objects.exists()


def test_accepted_erasure_erases_contacts_closes_the_account_and_keeps_civil_records(
        client, citizen, application, admin_user):
    token_for(citizen.user)
    sign_in(client, citizen.user)
    client.post(reverse("privacy:erasure"), {"confirm": "on"})
    again = client.post(reverse("privacy:erasure"), {"confirm": "on"})
    assert "masih diproses" in again.content.decode()
    request = DataRequest.objects.get()

    sign_in(client, admin_user)
    assert request.user.full_name in client.get(reverse("privacy:requests")).content.decode()
    client.post(reverse("privacy:answer", kwargs={"request_id": request.pk}),
                {"decision": "terima", "response": "Data kontak Anda telah dihapus."})

    citizen.refresh_from_db()
    citizen.user.refresh_from_db()
    assert (citizen.phone, citizen.address, citizen.user.email) == ("", "", "")
    assert not citizen.user.is_active and not citizen.user.has_usable_password()
    assert not ApiToken.objects.filter(user=citizen.user, revoked_at__isnull=True).exists()
    application.refresh_from_db()
    assert application.applicant == citizen.user and citizen.nik  # kept by law
    request.refresh_from_db()
    assert request.status == "selesai" and request.handled_by == admin_user
    assert LedgerEntry.objects.filter(action="akun.ditutup").exists()


def test_answering_twice_is_refused(client, citizen, admin_user):
    request = actions.request_correction(actor=citizen.user, details="Nama ibu salah ketik.")
    actions.answer_request(actor=admin_user, data_request=request, accept=False,
                           response="Sesuai data Dukcapil.")
    sign_in(client, admin_user)
    response = client.post(reverse("privacy:answer", kwargs={"request_id": request.pk}),
                           {"decision": "terima", "response": "Ya"})
    assert "Kirim jawaban" not in response.content.decode()
    request.refresh_from_db()
    assert request.status == "ditolak"


def test_only_admins_answer_requests(client, citizen, other_citizen, officer, auditor):
    request = actions.request_correction(actor=citizen.user, details="Alamat lama.")
    for user in (citizen.user, other_citizen.user, officer, auditor):
        sign_in(client, user)
        assert client.get(reverse("privacy:requests")).status_code == 404
        url = reverse("privacy:answer", kwargs={"request_id": request.pk})
        assert client.post(url, {"decision": "terima", "response": "x"}).status_code == 404
    request.refresh_from_db()
    assert request.status == "diajukan"


# --- retention -----------------------------------------------------------------------------

def test_retention_deletes_only_what_is_past_its_period(citizen, officer, admin_user,
                                                        settings):
    from balai.privacy.tasks import apply_retention

    assert ("balai.privacy.tasks.apply_retention", {"daily_at": "03:00"}) in \
        settings.BALAI_PERIODIC_TASKS
    old = actions.record_access(officer=officer, citizen=citizen.user, what="lama")
    recent = actions.record_access(officer=officer, citizen=citizen.user, what="baru")
    AccessLogEntry.objects.filter(pk=old.pk).update(
        accessed_at=timezone.now() - dt.timedelta(days=2 * 365 + 1))
    answered = actions.request_correction(actor=citizen.user, details="x")
    actions.answer_request(actor=admin_user, data_request=answered, accept=True, response="ok")
    DataRequest.objects.filter(pk=answered.pk).update(
        handled_at=timezone.now() - dt.timedelta(days=5 * 365 + 1))
    open_request = actions.request_correction(actor=citizen.user, details="y")
    DataRequest.objects.filter(pk=open_request.pk).update(
        created_at=timezone.now() - dt.timedelta(days=9 * 365))

    removed = apply_retention.call()

    assert removed == {"access_log": 1, "closed_requests": 1}
    assert list(AccessLogEntry.objects.all()) == [recent]
    assert list(DataRequest.objects.all()) == [open_request]
    assert LedgerEntry.objects.filter(action="privasi.retensi_dijalankan").exists()


def test_notice_page_is_public(client):
    page = client.get(reverse("privacy:notice")).content.decode()
    assert "Pemberitahuan Privasi" in page and "3 × 24 jam" in page


def test_request_queue_queries_do_not_grow_with_requests(client, admin_user,
                                                         django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from balai.privacy.actions import request_correction

    def ask() -> None:
        request_correction(actor=make_citizen().user, details="Alamat saya sudah pindah.")

    ask()
    sign_in(client, admin_user)
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("privacy:requests"))
    for _ in range(4):
        ask()
    with django_assert_num_queries(len(first.captured_queries)):
        page = client.get(reverse("privacy:requests")).content.decode()
    assert page.count(f'href="{reverse("privacy:requests")}') == 5
