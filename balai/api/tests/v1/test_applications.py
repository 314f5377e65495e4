"""Applying through the API: create a draft, upload, submit, list and read."""

from __future__ import annotations

import pytest

from balai.accounts.models import User
from balai.api.tests.helpers import bearer, new_key, token_for, upload
from balai.applications.models import Application
from balai.applications.tests.helpers import EXE, PDF, PNG, akta_definition, akta_values
from balai.core.testing import make_citizen, make_officer, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def akta(office_a):
    return akta_definition(office_a, code="akta-kelahiran")


@pytest.fixture
def warga(citizen):
    return token_for(citizen.user)


def create(client, secret, data=None, *, key=None, service="akta-kelahiran"):
    return client.post("/api/v1/applications",
                       {"service": service, "data": akta_values() if data is None else data},
                       content_type="application/json",
                       headers=bearer(secret, **{"Idempotency-Key": key or new_key()}))


def upload_all(client, secret, ref, definition):
    for requirement in definition.spec.requirements:
        assert upload(client, secret, ref, requirement.code, PDF).status_code == 201


def test_create_application_makes_a_draft_with_cleaned_values(client, citizen, akta, warga):
    response = create(client, warga)
    assert response.status_code == 201
    body = response.json()
    assert body["is_draft"] and body["number"] is None and body["state_label"] == "Draf"
    assert body["ref"] == str(body["id"])
    assert body["missing_requirements"] == [r.code for r in akta.spec.requirements
                                            if r.required]
    draft = Application.objects.get(pk=body["id"])
    assert draft.applicant == citizen.user and draft.is_draft
    assert draft.data["nama_anak"] == "Nur Aisyah"


def test_create_retried_with_same_key_returns_the_same_draft(client, citizen, akta, warga):
    key = new_key()
    first = create(client, warga, key=key)
    second = create(client, warga, key=key)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Application.objects.filter(applicant=citizen.user).count() == 1


def test_create_validates_values_with_the_website_form(client, akta, warga):
    response = create(client, warga, akta_values(nik_ibu="123", tanggal_lahir="2999-01-01",
                                                 nama_anak="", warna="biru"))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "VALIDATION_ERROR"
    fields = body["details"]["fields"]
    assert fields["data.nama_anak"] == ["Isi Nama lengkap anak."]
    assert fields["data.tanggal_lahir"] == ["Tanggal tidak boleh di masa depan."]
    assert "data.nik_ibu" in fields
    assert fields["data.warna"] == ["Kolom ini tidak ada pada formulir layanan."]
    assert not Application.objects.exists()


def test_create_needs_an_idempotency_key(client, akta, warga):
    response = client.post("/api/v1/applications", {"service": "akta-kelahiran",
                                                    "data": akta_values()},
                           content_type="application/json", headers=bearer(warga))
    assert response.status_code == 422
    assert response.json()["details"]["fields"] == {"Idempotency-Key": ["Wajib diisi."]}


def test_create_unknown_service_is_a_validation_error(client, akta, warga):
    response = create(client, warga, service="tidak-ada")
    assert response.status_code == 422
    assert "service" in response.json()["details"]["fields"]


def test_officer_without_citizen_account_cannot_apply(client, akta, officer):
    response = create(client, token_for(officer))
    assert response.status_code == 403
    assert response.json()["code"] == "PERMISSION_DENIED"


def test_upload_checks_content_not_name(client, akta, warga):
    ref = create(client, warga).json()["ref"]
    requirement = akta.spec.requirements[0]
    response = upload(client, warga, ref, requirement.code, EXE, name="ktp.pdf")
    assert response.status_code == 422
    message = response.json()["details"]["fields"][requirement.code][0]
    assert "Isi berkas tidak sesuai" in message
    response = upload(client, warga, ref, requirement.code, PNG, name="ktp.png", method="post")
    assert response.status_code == 201
    assert response.json()["content_type"] == "image/png"


def test_upload_refuses_oversized_file(client, akta, warga):
    ref = create(client, warga).json()["ref"]
    requirement = akta.spec.requirements[0]
    big = PDF + b"0" * int(requirement.max_mb * 1024 * 1024)
    response = upload(client, warga, ref, requirement.code, big)
    assert response.status_code == 422
    assert "terlalu besar" in response.json()["details"]["fields"][requirement.code][0]


def test_upload_for_unknown_requirement_is_404(client, akta, warga):
    ref = create(client, warga).json()["ref"]
    assert upload(client, warga, ref, "tidak-ada", PDF).status_code == 404


def test_submit_without_required_files_keeps_the_draft(client, akta, warga):
    ref = create(client, warga).json()["ref"]
    response = client.post(f"/api/v1/applications/{ref}/submit",
                           headers=bearer(warga, **{"Idempotency-Key": new_key()}))
    assert response.status_code == 400
    assert response.json()["code"] == "APPLICATION_MISSING_REQUIREMENTS"
    assert Application.objects.get(pk=ref).is_draft


def test_submit_is_idempotent_with_the_key(client, citizen, akta, warga):
    ref = create(client, warga).json()["ref"]
    upload_all(client, warga, ref, akta)
    key = new_key()
    first = client.post(f"/api/v1/applications/{ref}/submit",
                        headers=bearer(warga, **{"Idempotency-Key": key}))
    again = client.post(f"/api/v1/applications/{ref}/submit",
                        headers=bearer(warga, **{"Idempotency-Key": key}))
    assert first.status_code == again.status_code == 200
    assert first.json()["number"] == again.json()["number"]
    assert first.json()["number"].startswith("KR-")
    assert Application.objects.filter(applicant=citizen.user).count() == 1
    # After submission the files can no longer be replaced outside a correction.
    response = upload(client, warga, ref, akta.spec.requirements[0].code, PDF)
    assert response.status_code == 400
    assert response.json()["code"] == "APPLICATION_WRONG_STATE"


def test_my_applications_list_query_count_is_constant(client, citizen, akta, warga,
                                                      django_assert_num_queries):
    from balai.applications.tests.helpers import make_submitted

    make_submitted(citizen.user, akta)
    client.get("/api/v1/applications", headers=bearer(warga))  # notes the token's use
    # token, count, page, the page's unpaid fees
    with django_assert_num_queries(4):
        body = client.get("/api/v1/applications", headers=bearer(warga)).json()
    assert len(body["items"]) == 1
    for _ in range(4):
        make_submitted(citizen.user, akta)
    create(client, warga)
    with django_assert_num_queries(4):
        body = client.get("/api/v1/applications", headers=bearer(warga)).json()
    assert len(body["items"]) == 6
    assert body["items"][0]["is_draft"] and body["items"][0]["state_label"] == "Draf"
    assert body["items"][1]["number"].startswith("KR-")


def test_my_applications_list_shows_only_mine(client, citizen, other_citizen, akta):
    from balai.applications.tests.helpers import make_submitted

    make_submitted(citizen.user, akta)
    body = client.get("/api/v1/applications",
                      headers=bearer(token_for(other_citizen.user))).json()
    assert body["items"] == [] and body["page"]["count"] == 0


def test_application_detail_for_applicant(client, citizen, akta, warga):
    from balai.applications.tests.helpers import make_submitted

    application = make_submitted(citizen.user, akta)
    body = client.get(f"/api/v1/applications/{application.number}",
                      headers=bearer(warga)).json()
    assert body["state"] == "diajukan" and body["version"] == application.version
    assert body["timeline"][0]["label"] == "Permohonan diajukan"
    assert body["due_date"] and body["time_left"]
    assert body["next_step"].startswith("Menunggu diproses petugas")
    assert [a["name"] for a in body["allowed_actions"]] == ["batalkan"]
    assert body["document"] is None
    assert len(body["uploads"]) == len(akta.spec.requirements)


def test_public_status_has_no_personal_data(client, citizen, akta):
    from balai.applications.tests.helpers import make_submitted

    application = make_submitted(citizen.user, akta)
    response = client.get(f"/api/v1/status/{application.number.lower()}")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "diajukan" and body["office"]["code"] == "disdukcapil-uji"
    text = response.content.decode()
    for personal in ("Siti Aminah", "Nur Aisyah", citizen.nik, "applicant", "data"):
        assert personal not in text
    assert client.get("/api/v1/status/KR-2000-999999").status_code == 404


def test_public_status_of_a_draft_is_404(client, citizen, akta, warga):
    ref = create(client, warga).json()["ref"]
    assert client.get(f"/api/v1/status/{ref}").status_code == 404


def test_inactive_users_session_is_not_accepted(client, citizen, akta):
    sign_in(client, citizen.user)
    User.objects.filter(pk=citizen.user.pk).update(is_active=False)
    assert client.get("/api/v1/applications").status_code == 401


def test_operator_is_not_a_citizen_applicant(client, akta):
    operator = make_officer(role="operator_layanan")
    assert create(client, token_for(operator)).status_code == 403
    assert make_citizen()  # the persona helper still works after the refusal
