from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from balai.accounts.queries import find_citizen_by_nik
from balai.applications.models import Application, AssistanceConsent
from balai.applications.tests.helpers import PDF, akta_values
from balai.core.testing import make_nik, sign_in
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db
HOME = "/permohonan/bantuan/"


def test_assisted_service_is_for_operators_only(client, citizen, officer):
    for user in (citizen.user, officer):
        sign_in(client, user)
        assert client.get(HOME).status_code == 404
        assert client.post(reverse("applications:assisted_start")).status_code == 404


def test_operator_applies_for_a_found_citizen_with_consent(client, operator, citizen, akta):
    sign_in(client, operator)
    found = client.post(HOME, {"nik": citizen.nik}).content.decode()
    assert "Siti Aminah" in found
    code = akta.service.code

    refused = client.post(reverse("applications:assisted_start"), {"service": code})
    assert refused.status_code == 400
    assert "persetujuan warga" in refused.content.decode()
    assert not AssistanceConsent.objects.exists()

    started = client.post(reverse("applications:assisted_start"),
                          {"service": code, "consent": "on"})
    assert started["Location"] == reverse("applications:assisted_apply", kwargs={"code": code})
    consent = AssistanceConsent.objects.get()
    assert (consent.citizen, consent.operator) == (citizen.user, operator)
    assert LedgerEntry.objects.filter(action="permohonan.persetujuan_bantuan").exists()

    kwargs = {"code": code}
    client.post(reverse("applications:assisted_apply", kwargs=kwargs), akta_values())
    client.post(reverse("applications:assisted_apply_uploads", kwargs=kwargs), {
        r: SimpleUploadedFile(f"{r}.pdf", PDF)
        for r in ["surat-lahir", "buku-nikah", "kk", "ktp-orang-tua"]})
    review = client.get(reverse("applications:assisted_apply_review", kwargs=kwargs))
    assert "atas nama warga" in review.content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', review.content.decode()).group(1)
    done = client.post(reverse("applications:assisted_apply_review", kwargs=kwargs),
                       {"idempotency_key": key, "confirm": "on"})

    application = Application.objects.get()
    assert done["Location"] == f"/permohonan/{application.number}/tanda-terima/"
    assert application.applicant == citizen.user
    assert application.operator == operator
    assert application.channel == Application.Channel.ASSISTED
    pdf = client.get(reverse("applications:receipt_pdf", kwargs={"number": application.number}))
    assert pdf.content.startswith(b"%PDF-")
    # The citizen follows it from their own account too.
    sign_in(client, citizen.user)
    assert application.number in client.get("/permohonan/").content.decode()


def test_operator_registers_an_unknown_citizen_with_consent(client, operator, akta):
    nik = make_nik(birth_date=dt.date(1979, 2, 3), gender="L")
    sign_in(client, operator)
    page = client.post(HOME, {"nik": nik}).content.decode()
    assert "Warga belum terdaftar" in page
    data = {"nik": nik, "full_name": "Bujang Kapuas", "birth_date": "1979-02-03",
            "phone": "", "service": akta.service.code}

    refused = client.post(reverse("applications:assisted_register"), data)
    assert refused.status_code == 400 and find_citizen_by_nik(nik) is None

    wrong_date = client.post(reverse("applications:assisted_register"),
                             {**data, "birth_date": "1980-02-03", "consent": "on"})
    assert "tidak sesuai dengan NIK" in wrong_date.content.decode()

    response = client.post(reverse("applications:assisted_register"), {**data, "consent": "on"})
    assert response.status_code == 302
    citizen = find_citizen_by_nik(nik)
    assert citizen is not None and citizen.verified_at is not None
    assert AssistanceConsent.objects.get().citizen == citizen.user
    assert LedgerEntry.objects.filter(action="akun.daftar_tatap_muka").exists()


def test_assisted_apply_without_a_chosen_citizen_goes_back_to_search(client, operator, akta):
    sign_in(client, operator)
    response = client.get(reverse("applications:assisted_apply",
                                  kwargs={"code": akta.service.code}))
    assert response["Location"] == HOME
