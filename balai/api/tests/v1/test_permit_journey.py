"""A DPMPTSP permit with a fee (izin-reklame), from application to verified document, through
the API only; the fee is paid at the partner bank before the permit can be signed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from balai.api.tests.helpers import bearer, new_key, token_for, upload
from balai.applications.models import Application
from balai.applications.tests.helpers import JPEG, PDF, PNG
from balai.catalogue.actions import publish_definition
from balai.core.testing import make_office, make_officer, totp_code, totp_device
from balai.documents.models import IssuedDocument
from balai.payments.actions import amount_due
from balai.payments.bank_client import local_transport
from balai.payments.models import Bill
from balai.regions.models import Region
from balai.taxes.testing import make_bank

REKLAME = Path(__file__).resolve().parents[3] / "catalogue" / "services" / "izin-reklame.yaml"


@pytest.fixture
def dpmptsp(kubu_raya):
    office = make_office(code="dpmptsp", name="Dinas Penanaman Modal dan PTSP",
                         short_name="DPMPTSP")
    publish_definition(data=yaml.safe_load(REKLAME.read_text(encoding="utf-8")),
                       actor="sistem:uji")
    return office


def reklame_data() -> dict[str, object]:
    village = Region.objects.filter(level=Region.Level.DESA).order_by("code").first()
    start = timezone.localdate() + dt.timedelta(days=14)
    return {
        "nama_pemohon": "Siti Aminah", "nama_usaha": "Toko Sembako Berkah",
        "jenis_reklame": "papan", "panjang_m": 4, "lebar_m": "2.5", "jumlah": 1,
        "desa": village.code, "alamat_lokasi": "Jl. Adisucipto Km 12, depan pasar",
        "tanggal_mulai": start.isoformat(),
        "tanggal_selesai": (start + dt.timedelta(days=365)).isoformat(),
    }


@pytest.mark.django_db
def test_permit_journey_through_the_api_ends_with_a_valid_document(client, citizen, dpmptsp,
                                                                   dev_pki):
    verifikator = make_officer(office=dpmptsp, role="verifikator", full_name="Rina Verifikator")
    pejabat = make_officer(office=dpmptsp, role="pejabat_penandatangan",
                           full_name="Ir. Hendra Gunawan")
    dev_pki.certify(pejabat)
    warga = token_for(citizen.user)
    petugas = token_for(verifikator)
    penandatangan = token_for(pejabat)

    # The service as a developer finds it: the fee and the required files.
    service = client.get("/api/v1/services/izin-reklame").json()
    assert service["fee"] == 150000
    required = [r["code"] for r in service["requirements"] if r["required"]]
    assert required == ["ktp-el", "desain-reklame", "foto-lokasi", "izin-pemilik-lahan"]

    # The citizen creates the application, uploads every required file and submits.
    created = client.post("/api/v1/applications", {"service": "izin-reklame",
                                                   "data": reklame_data()},
                          content_type="application/json", headers=bearer(warga, **{
                              "Idempotency-Key": new_key()}))
    assert created.status_code == 201, created.json()
    draft = created.json()
    assert draft["is_draft"] and draft["missing_requirements"] == required
    ref = draft["ref"]
    for code, content, name in [("ktp-el", JPEG, "ktp.jpg"), ("desain-reklame", PDF, "d.pdf"),
                                ("foto-lokasi", PNG, "lokasi.png"),
                                ("izin-pemilik-lahan", PDF, "izin.pdf")]:
        response = upload(client, warga, ref, code, content, name=name,
                          method="put" if code != "foto-lokasi" else "post")
        assert response.status_code == 201, response.json()
    key = new_key()
    submitted = client.post(f"/api/v1/applications/{ref}/submit",
                            headers=bearer(warga, **{"Idempotency-Key": key}))
    assert submitted.status_code == 200, submitted.json()
    number = submitted.json()["number"]
    assert submitted.json()["state"] == "diajukan"
    retried = client.post(f"/api/v1/applications/{ref}/submit",
                          headers=bearer(warga, **{"Idempotency-Key": key}))
    assert retried.status_code == 200
    assert retried.json()["number"] == number
    assert Application.objects.filter(applicant=citizen.user).count() == 1

    # The verifikator finds it in the queue and asks for a better design file.
    queue = client.get("/api/v1/queue", headers=bearer(petugas)).json()
    assert [row["number"] for row in queue["items"]] == [number]
    version = queue["items"][0]["version"]
    asked = client.post(f"/api/v1/applications/{number}/actions/minta_perbaikan",
                        {"expected_version": version, "note": "Desain belum berukuran.",
                         "corrections": {"desain-reklame": "Cantumkan ukuran panjang x lebar."}},
                        content_type="application/json", headers=bearer(petugas))
    assert asked.status_code == 200, asked.json()
    assert asked.json()["state"] == "perlu_perbaikan"

    # The citizen sees what to correct, replaces the file and resubmits.
    mine = client.get(f"/api/v1/applications/{number}", headers=bearer(warga)).json()
    assert mine["corrections"] == {"desain-reklame": "Cantumkan ukuran panjang x lebar."}
    assert [a["name"] for a in mine["allowed_actions"]] == ["ajukan_ulang", "batalkan"]
    corrected = PDF + b"% desain dengan ukuran 4 x 2,5 m\n"
    resubmitted = client.post(
        f"/api/v1/applications/{number}/actions/ajukan_ulang",
        {"expected_version": mine["version"], "note": "Sudah saya perbaiki.",
         "desain-reklame": SimpleUploadedFile("desain-baru.pdf", corrected)},
        headers=bearer(warga))
    assert resubmitted.status_code == 200, resubmitted.json()
    assert resubmitted.json()["state"] == "diajukan"
    design = next(u for u in resubmitted.json()["uploads"] if u["requirement"] == "desain-reklame")
    assert design["original_name"] == "desain-baru.pdf"

    # The citizen is told to pay the permit fee, and pays it at the partner bank with the
    # bill's payment code.
    assert resubmitted.json()["next_step"].startswith("Bayar retribusi layanan ini.")
    listed = client.get("/api/v1/applications", headers=bearer(warga)).json()["items"]
    assert listed[0]["next_step"].startswith("Bayar retribusi layanan ini.")
    fee = Bill.objects.get(application__number=number)
    make_bank().session(local_transport).pay(
        fee.payment_code, sum(amount_due(fee, timezone.localdate())))
    paid = client.get(f"/api/v1/applications/{number}", headers=bearer(warga)).json()
    assert paid["next_step"].startswith("Menunggu diproses petugas.")

    # The verifikator verifies and approves; the pejabat signs and issues.
    version = resubmitted.json()["version"]
    for actor, action in [(petugas, "verifikasi"), (petugas, "setujui"),
                          (penandatangan, "tandatangani")]:
        body = {"expected_version": version}
        if action == "tandatangani":  # a fresh code from the official's authenticator
            refused = client.post(f"/api/v1/applications/{number}/actions/{action}", body,
                                  content_type="application/json", headers=bearer(actor))
            assert refused.status_code == 422
            assert "signing_code" in refused.json()["details"]["fields"]
            body["signing_code"] = totp_code(totp_device(pejabat))
        response = client.post(f"/api/v1/applications/{number}/actions/{action}",
                                body, content_type="application/json", headers=bearer(actor))
        assert response.status_code == 200, (action, response.json())
        version = response.json()["version"]

    # The citizen reads the final state, downloads the PDF, and the document verifies.
    final = client.get(f"/api/v1/applications/{number}", headers=bearer(warga)).json()
    assert final["state"] == "selesai" and not final["is_open"]
    document = final["document"]
    assert document["valid"] is True
    pdf = client.get(document["pdf_url"], headers=bearer(warga))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    body = b"".join(pdf.streaming_content)
    assert body.startswith(b"%PDF")
    verified = client.get(f"/api/v1/documents/{document['code']}").json()
    assert verified["valid"] is True and verified["status"] == "sah"
    assert verified["sha256"] == IssuedDocument.objects.get(code=document["code"]).sha256
    assert verified["number"].startswith("REK-DPMPTSP-")
    # The public status shows the journey without personal data.
    status = client.get(f"/api/v1/status/{number}").json()
    assert status["state"] == "selesai"
    assert "Siti" not in str(status)
