"""Other people's applications are 404 (never 403) on every endpoint: citizen B for citizen
A's application, and an officer of another office."""

from __future__ import annotations

import pytest

from balai.api.tests.helpers import bearer, new_key, token_for, upload
from balai.applications.tests.helpers import PDF, act, akta_definition, make_draft, make_submitted
from balai.core.testing import make_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def akta(office_a):
    return akta_definition(office_a, code="akta-kelahiran")


@pytest.fixture
def case(citizen, akta):
    """Citizen A's submitted application and draft."""
    return {"submitted": make_submitted(citizen.user, akta),
            "draft": make_draft(citizen.user, akta, uploads=False)}


@pytest.fixture(params=["other_citizen", "officer_other_office"])
def stranger(request):
    person = request.getfixturevalue(request.param)
    return token_for(getattr(person, "user", person))


def _requests(case, akta):
    number, draft = case["submitted"].number, str(case["draft"].pk)
    requirement = akta.spec.requirements[0].code
    version = case["submitted"].version
    return [
        ("get", f"/api/v1/applications/{number}", None),
        ("get", f"/api/v1/applications/{draft}", None),
        ("get", f"/api/v1/applications/{case['submitted'].pk}", None),
        ("post", f"/api/v1/applications/{draft}/submit", None),
        ("post", f"/api/v1/applications/{number}/submit", None),
        ("post", f"/api/v1/applications/{number}/actions/verifikasi",
         {"expected_version": version}),
        ("post", f"/api/v1/applications/{number}/actions/batalkan",
         {"expected_version": version}),
        ("upload", f"{draft}/{requirement}", None),
    ]


def test_stranger_gets_404_on_every_application_endpoint(client, case, akta, stranger):
    for method, url, body in _requests(case, akta):
        if method == "upload":
            ref, requirement = url.split("/")
            for verb in ("put", "post"):
                response = upload(client, stranger, ref, requirement, PDF, method=verb)
                assert response.status_code == 404, (verb, url)
            continue
        headers = bearer(stranger, **{"Idempotency-Key": new_key()})
        if method == "get":
            response = client.get(url, headers=headers)
        else:
            response = client.post(url, body or {}, content_type="application/json",
                                   headers=headers)
        assert response.status_code == 404, (method, url, response.json())
        assert response.json()["code"] == "NOT_FOUND"
    case["submitted"].refresh_from_db()
    case["draft"].refresh_from_db()
    assert case["submitted"].state == "diajukan" and case["draft"].is_draft


def test_stranger_cannot_download_the_issued_document(client, citizen, akta, stranger, office_a,
                                                      dev_pki):
    verifikator = make_officer(office=office_a, role="verifikator")
    pejabat = make_officer(office=office_a, role="pejabat_penandatangan")
    dev_pki.certify(pejabat)
    application = make_submitted(citizen.user, akta)
    act(application, "verifikasi", verifikator)
    act(application, "setujui", verifikator)
    application = act(application, "tandatangani", pejabat)
    code = application.issued_document_ref
    assert client.get(f"/api/v1/documents/{code}/pdf", headers=bearer(stranger)).status_code \
        == 404
    owner = client.get(f"/api/v1/documents/{code}/pdf", headers=bearer(token_for(citizen.user)))
    assert owner.status_code == 200
    # Verification data is public, without credentials.
    assert client.get(f"/api/v1/documents/{code}").json()["valid"] is True
    assert client.get(f"/api/v1/documents/{code}/pdf").status_code == 401


def test_officer_of_the_office_reads_but_cannot_upload(client, case, akta, officer):
    secret = token_for(officer)
    number = case["submitted"].number
    response = client.get(f"/api/v1/applications/{number}", headers=bearer(secret))
    assert response.status_code == 200
    assert [a["name"] for a in response.json()["allowed_actions"]] == [
        "verifikasi", "minta_perbaikan"]
    draft = str(case["draft"].pk)
    assert client.get(f"/api/v1/applications/{draft}", headers=bearer(secret)).status_code \
        == 404
    assert upload(client, secret, draft, akta.spec.requirements[0].code, PDF).status_code == 404


def test_stranger_does_not_see_the_application_in_queue_or_list(client, case, officer_other_office,
                                                               other_citizen):
    queue = client.get("/api/v1/queue", headers=bearer(token_for(officer_other_office))).json()
    assert queue["items"] == []
    mine = client.get("/api/v1/applications", headers=bearer(token_for(other_citizen.user)))
    assert mine.json()["items"] == []
