"""Signing issues a document under the official's name: the signing form asks for a fresh
authenticator code, and a missing, wrong or replayed code signs nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from balai.applications.tests.helpers import act
from balai.core.testing import sign_in, totp_code, totp_device
from balai.documents.models import IssuedDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(submitted, verifikator):
    act(submitted, "verifikasi", verifikator)
    return act(submitted, "setujui", verifikator)


def _sign(client, application, **data):
    url = reverse("applications:officer_action",
                  kwargs={"number": application.number, "action": "tandatangani"})
    return client.post(url, {"tandatangani-version": application.version,
                             **{f"tandatangani-{k}": v for k, v in data.items()}})


def test_the_signing_form_asks_for_a_code(client, approved, pejabat):
    sign_in(client, pejabat)
    page = client.get(reverse("applications:officer_detail",
                              kwargs={"number": approved.number})).content.decode()
    assert 'name="tandatangani-signing_code"' in page
    assert "Kode dari aplikasi autentikator" in page


def test_a_fresh_code_signs(client, approved, pejabat):
    sign_in(client, pejabat)
    response = _sign(client, approved, signing_code=totp_code(totp_device(pejabat)))
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.state == "selesai"
    assert IssuedDocument.objects.filter(signed_by=pejabat).count() == 1


@pytest.mark.parametrize("case", ["missing", "wrong", "replayed"])
def test_no_document_without_a_valid_fresh_code(client, approved, pejabat, case):
    sign_in(client, pejabat)
    device = totp_device(pejabat)
    code = totp_code(device)
    if case == "wrong":
        code = f"{(int(code) + 1) % 1_000_000:06d}"
    elif case == "replayed":
        # The code already served a sign-in a moment ago.
        assert device.verify_token(code)
    response = _sign(client, approved, **({} if case == "missing" else {"signing_code": code}))
    assert response.status_code == 400
    html = response.content.decode()
    expected = ("Tulis 6 angka dari aplikasi autentikator untuk menandatangani."
                if case == "missing" else "Kode salah, kedaluwarsa, atau sudah pernah dipakai.")
    assert expected in html
    approved.refresh_from_db()
    assert approved.state == "disetujui"
    assert not IssuedDocument.objects.exists()
