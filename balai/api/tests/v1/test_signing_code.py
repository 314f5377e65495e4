"""Signing through the API asks for a fresh authenticator code too (signing_code)."""

from __future__ import annotations

import pytest

from balai.api.tests.helpers import bearer, token_for
from balai.applications.tests.helpers import act, akta_definition, make_submitted
from balai.core.testing import make_officer, totp_code, totp_device
from balai.documents.models import IssuedDocument
from balai.documents.testing import (  # noqa: F401 - dev_pki_fixture is the `dev_pki` fixture
    DevPki,
    dev_pki_fixture,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(citizen, office_a):
    application = make_submitted(citizen.user, akta_definition(office_a, code="akta-kelahiran"))
    verifikator = make_officer(office=office_a, role="verifikator")
    act(application, "verifikasi", verifikator)
    return act(application, "setujui", verifikator)


@pytest.fixture
def pejabat(office_a, dev_pki: DevPki):
    user = make_officer(office=office_a, role="pejabat_penandatangan")
    dev_pki.certify(user)
    return user


def _sign(client, application, pejabat, **extra):
    return client.post(f"/api/v1/applications/{application.number}/actions/tandatangani",
                       {"expected_version": application.version, **extra},
                       content_type="application/json", headers=bearer(token_for(pejabat)))


@pytest.mark.parametrize("code", [None, "000000", "replayed"])
def test_signing_without_a_fresh_code_is_refused(client, approved, pejabat, code):
    device = totp_device(pejabat)
    extra = {}
    if code == "replayed":
        code = totp_code(device)
        assert device.verify_token(code)
    if code:
        extra["signing_code"] = code
    response = _sign(client, approved, pejabat, **extra)
    assert response.status_code == 422
    assert "signing_code" in response.json()["details"]["fields"]
    approved.refresh_from_db()
    assert approved.state == "disetujui" and not IssuedDocument.objects.exists()


def test_signing_with_a_fresh_code_issues_the_document(client, approved, pejabat):
    response = _sign(client, approved, pejabat, signing_code=totp_code(totp_device(pejabat)))
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "selesai"
    assert IssuedDocument.objects.filter(signed_by=pejabat).count() == 1
