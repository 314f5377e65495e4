"""Workflow actions through POST /api/v1/applications/{number}/actions/{action}."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from balai.api.tests.helpers import bearer, token_for
from balai.applications.tests.helpers import EXE, PDF, act, akta_definition, make_submitted
from balai.core.testing import make_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def akta(office_a):
    return akta_definition(office_a, code="akta-kelahiran")


@pytest.fixture
def application(citizen, akta):
    return make_submitted(citizen.user, akta)


def take(client, secret, application, action, **body):
    body.setdefault("expected_version", application.version)
    return client.post(f"/api/v1/applications/{application.number}/actions/{action}", body,
                       content_type="application/json", headers=bearer(secret))


def test_officer_verifies_and_the_version_moves_on(client, application, officer):
    response = take(client, token_for(officer), application, "verifikasi")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "diverifikasi" and body["version"] == application.version + 1
    assert body["timeline"][-1]["action"] == "verifikasi"


def test_stale_version_is_409_and_changes_nothing(client, application, officer):
    secret = token_for(officer)
    assert take(client, secret, application, "verifikasi").status_code == 200
    response = take(client, secret, application, "minta_perbaikan", note="x",
                    corrections={"surat-lahir": "buram"})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "APPLICATION_STALE"
    assert body["details"]["current_version"] == application.version + 1
    application.refresh_from_db()
    assert application.state == "diverifikasi"


def test_applicant_cannot_take_an_officers_action(client, citizen, application):
    response = take(client, token_for(citizen.user), application, "verifikasi")
    assert response.status_code == 400
    assert response.json()["code"] == "APPLICATION_ACTION_NOT_ALLOWED"


def test_action_from_wrong_state_keeps_engine_code(client, application, officer):
    response = take(client, token_for(officer), application, "setujui")
    assert response.status_code == 400
    assert response.json()["code"] == "APPLICATION_ACTION_NOT_ALLOWED"  # petugas may not approve
    verifikator = make_officer(office=application.office, role="verifikator")
    response = take(client, token_for(verifikator), application, "setujui")
    assert response.json()["code"] == "APPLICATION_WRONG_STATE"


def test_reject_needs_a_reason(client, application, office_a):
    verifikator = make_officer(office=office_a, role="verifikator")
    response = take(client, token_for(verifikator), application, "tolak")
    assert response.status_code == 400
    assert response.json()["code"] == "APPLICATION_COMMENT_REQUIRED"


def test_correction_request_names_a_requirement(client, application, officer):
    secret = token_for(officer)
    response = take(client, secret, application, "minta_perbaikan", note="Perbaiki")
    assert response.status_code == 422
    assert "corrections" in response.json()["details"]["fields"]
    response = take(client, secret, application, "minta_perbaikan", note="Perbaiki",
                    corrections={"tidak-ada": "?"})
    assert response.json()["details"]["fields"] == {
        "corrections.tidak-ada": ["Persyaratan tidak dikenal."]}


def test_action_body_is_validated(client, application, officer):
    response = client.post(f"/api/v1/applications/{application.number}/actions/verifikasi",
                           {"note": 5}, content_type="application/json",
                           headers=bearer(token_for(officer)))
    assert response.status_code == 422
    assert response.json()["details"]["fields"] == {"expected_version": ["Wajib diisi."],
                                                    "note": ["Harus teks."]}
    response = client.post(f"/api/v1/applications/{application.number}/actions/verifikasi",
                           "{bukan json", content_type="application/json",
                           headers=bearer(token_for(officer)))
    assert response.status_code == 422


def test_read_token_cannot_take_actions(client, application, officer):
    response = take(client, token_for(officer, scopes="read"), application, "verifikasi")
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.state == "diajukan"


def test_applicant_cancels(client, citizen, application):
    response = take(client, token_for(citizen.user), application, "batalkan")
    assert response.status_code == 200
    assert response.json()["state"] == "dibatalkan" and response.json()["is_open"] is False


def test_resubmission_needs_the_corrected_files_and_checks_them(client, citizen, application,
                                                                officer):
    application = act(application, "minta_perbaikan", officer, note="Buram",
                      corrections={"surat-lahir": "Foto buram"})
    secret = token_for(citizen.user)
    url = f"/api/v1/applications/{application.number}/actions/ajukan_ulang"
    response = take(client, secret, application, "ajukan_ulang")
    assert response.status_code == 400
    assert response.json()["code"] == "APPLICATION_MISSING_REQUIREMENTS"
    assert response.json()["details"] == {"requirements": ["surat-lahir"]}
    bad = client.post(url, {"expected_version": application.version,
                            "surat-lahir": SimpleUploadedFile("s.pdf", EXE)},
                      headers=bearer(secret))
    assert bad.status_code == 422
    assert "surat-lahir" in bad.json()["details"]["fields"]
    good = client.post(url, {"expected_version": application.version,
                             "surat-lahir": SimpleUploadedFile("surat-baru.pdf", PDF + b"%2")},
                       headers=bearer(secret))
    assert good.status_code == 200
    assert good.json()["state"] == "diajukan"
    assert good.json()["corrections"] == {}


def test_officer_sees_internal_timeline_and_applicant_does_not(client, citizen, application,
                                                               officer):
    from balai.applications.actions import claim_application

    claim_application(application=application, actor=officer,
                      expected_version=application.version)
    number = application.number
    officer_view = client.get(f"/api/v1/applications/{number}",
                              headers=bearer(token_for(officer))).json()
    applicant_view = client.get(f"/api/v1/applications/{number}",
                                headers=bearer(token_for(citizen.user))).json()
    assert "claimed" in [e["kind"] for e in officer_view["timeline"]]
    assert "claimed" not in [e["kind"] for e in applicant_view["timeline"]]
