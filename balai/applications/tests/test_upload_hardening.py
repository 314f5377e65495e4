"""Uploads through the website and the API: disguised, active, oversized files and path
tricks are refused with a clear message and nothing stored; good images are stored cleaned;
files are served only as attachments, never sniffed."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from balai.api.tests.helpers import token_for, upload
from balai.applications.models import Upload
from balai.applications.tests.helpers import JPEG, PDF, akta_values, make_draft
from balai.core.testing import sign_in
from balai.core.tests.test_uploads import _javascript, pdf

pytestmark = pytest.mark.django_db


def _uploads_url(akta) -> str:
    return reverse("applications:apply_uploads", kwargs={"code": akta.service.code})


def _start(client, citizen, akta) -> None:
    sign_in(client, citizen.user)
    client.post(reverse("applications:apply", kwargs={"code": akta.service.code}),
                akta_values())


def _polyglot() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("shell.php", "<?php system($_GET['c']); ?>")
    return JPEG + buffer.getvalue()


@pytest.mark.parametrize("name,content,message", [
    ("ktp.jpg", b"<?php system($_GET['c']); ?>", "apa pun nama berkasnya"),
    ("ktp.jpg", b"<html><script>alert(1)</script></html>", "apa pun nama berkasnya"),
    ("surat.pdf", pdf(_javascript), "berisi skrip"),
    ("surat.pdf", pdf(lambda w: w.encrypt("rahasia")), "dikunci dengan kata sandi"),
    ("surat.pdf", PDF + b"%" + b"0" * (5 * 1024 * 1024), "terlalu besar"),
])
def test_bad_files_are_refused_with_a_message_and_not_stored(client, citizen, akta, name,
                                                             content, message):
    _start(client, citizen, akta)

    response = client.post(_uploads_url(akta), {"kk": SimpleUploadedFile(name, content)})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Upload.objects.exists()


def test_polyglot_image_is_stored_without_its_payload(client, citizen, akta):
    _start(client, citizen, akta)

    client.post(_uploads_url(akta), {"kk": SimpleUploadedFile("kk.jpg", _polyglot())})

    stored = Upload.objects.get(requirement="kk")
    with stored.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"\xff\xd8\xff") and b"PK\x03\x04" not in data
    assert stored.size == len(data)
    import hashlib

    assert stored.sha256 == hashlib.sha256(data).hexdigest()


def test_path_tricks_in_file_names_are_neither_trusted_nor_stored(client, citizen, akta):
    _start(client, citizen, akta)

    client.post(_uploads_url(akta), {
        "kk": SimpleUploadedFile("../../../etc/cron.d/kk.pdf", PDF)})

    stored = Upload.objects.get(requirement="kk")
    assert stored.original_name == "kk.pdf"
    assert ".." not in stored.file.name and "cron" not in stored.file.name
    assert stored.file.name.startswith("permohonan/")


def test_downloads_are_attachments_that_are_never_sniffed(client, citizen, akta):
    draft = make_draft(citizen.user, akta)
    upload_row = draft.uploads.first()
    sign_in(client, citizen.user)

    response = client.get(reverse("applications:upload", kwargs={"upload_id": upload_row.pk}))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


def test_other_citizen_cannot_download_by_guessing_the_id(client, citizen, other_citizen,
                                                          akta):
    draft = make_draft(citizen.user, akta)
    sign_in(client, other_citizen.user)
    for upload_row in draft.uploads.all():
        url = reverse("applications:upload", kwargs={"upload_id": upload_row.pk})
        assert client.get(url).status_code == 404


def test_api_refuses_an_active_pdf_with_a_structured_error(client, citizen, akta):
    draft = make_draft(citizen.user, akta, uploads=False)
    secret = token_for(citizen.user)

    response = upload(client, secret, str(draft.pk), "kk", pdf(_javascript), name="kk.pdf")

    assert response.status_code == 422
    body = response.json()
    assert body["code"] and "skrip" in str(body["details"])
    assert not Upload.objects.exists()


def test_api_stores_a_polyglot_image_cleaned(client, citizen, akta):
    draft = make_draft(citizen.user, akta, uploads=False)
    secret = token_for(citizen.user)

    response = upload(client, secret, str(draft.pk), "kk", _polyglot(), name="kk.jpg")

    assert response.status_code == 201
    with Upload.objects.get().file.open("rb") as handle:
        assert b"PK\x03\x04" not in handle.read()
