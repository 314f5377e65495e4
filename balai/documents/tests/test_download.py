from __future__ import annotations

import pytest

from balai.accounts.models import User
from balai.core.testing import sign_in
from balai.documents.models import IssuedDocument
from balai.documents.testing import make_official
from balai.documents.tests.helpers import issue, stored_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(office, official, citizen, monkeypatch) -> IssuedDocument:
    # The source stands in for an application: its applicant is the citizen themself.
    monkeypatch.setattr(User, "applicant_id", property(lambda user: user.pk), raising=False)
    return issue(source=citizen, office=office, signer=official)


def _download(client, document: IssuedDocument):
    return client.get(f"/dokumen/{document.code}/unduh/")


def test_anonymous_visitor_is_sent_to_login(client, document):
    response = _download(client, document)

    assert response.status_code == 302
    assert response["Location"] == f"/akun/masuk/?next=/dokumen/{document.code}/unduh/"


def test_applicant_downloads_the_signed_file_as_attachment(client, document, citizen):
    sign_in(client, citizen)

    response = _download(client, document)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{document.number}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == stored_bytes(document)


def test_signer_can_download(client, document, official):
    sign_in(client, official)

    assert _download(client, document).status_code == 200


def test_officer_of_issuing_office_can_download(client, document, office):
    sign_in(client, make_official("petugas.dukcapil", office, role="petugas"))

    assert _download(client, document).status_code == 200


def test_other_citizen_cannot_download(client, document, other_citizen):
    sign_in(client, other_citizen)

    assert _download(client, document).status_code == 404


def test_officer_of_other_office_cannot_download(client, document, verifier_other_office):
    sign_in(client, verifier_other_office)

    assert _download(client, document).status_code == 404


def test_unknown_code_download_is_404(client, citizen, db):
    sign_in(client, citizen)

    assert client.get("/dokumen/23456789ABCDEFGHJKMN/unduh/").status_code == 404
