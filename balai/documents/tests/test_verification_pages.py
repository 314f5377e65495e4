from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from balai.documents.actions import revoke_document
from balai.documents.forms import MAX_COMPARE_BYTES
from balai.documents.models import IssuedDocument
from balai.documents.tests.helpers import issue, stored_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(office, official, citizen) -> IssuedDocument:
    return issue(source=citizen, office=office, signer=official)


def _upload(client, document: IssuedDocument, data: bytes, name: str = "dokumen.pdf"):
    return client.post(f"/verifikasi/{document.code}/",
                       {"berkas": SimpleUploadedFile(name, data, "application/pdf")})


def test_verify_page_shows_code_form(client):
    response = client.get("/verifikasi/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Verifikasi dokumen</h1>" in html
    assert 'name="kode"' in html
    assert '<label for="id_kode">Kode verifikasi</label>' in html


def test_verify_form_takes_code_as_typed_to_document_page(client, document):
    typed = " ".join([document.code[:10].lower(), document.code[10:]])

    response = client.get("/verifikasi/", {"kode": typed})

    assert response.status_code == 302
    assert response["Location"] == f"/verifikasi/{document.code}/"


def test_verify_form_rejects_malformed_code_next_to_field(client):
    response = client.get("/verifikasi/", {"kode": "ABC"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ada yang perlu diperbaiki" in html
    assert 'id="id_kode_error"' in html
    assert "Kode verifikasi terdiri dari 20 huruf dan angka" in html


def test_verify_empty_code_asks_for_it(client):
    response = client.get("/verifikasi/", {"kode": ""})

    assert "Isi kode verifikasi yang tertera pada dokumen." in response.content.decode()


def test_verify_unknown_code_answers_404_in_indonesian(client, db):
    response = client.get("/verifikasi/23456789ABCDEFGHJKMN/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Dokumen tidak ditemukan" in html
    assert "Tidak ada dokumen dengan kode verifikasi ini." in html


def test_verify_page_shows_valid_document_with_masked_name(client, document, office):
    response = client.get(f"/verifikasi/{document.code}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Status: SAH" in html
    assert "DICABUT" not in html
    assert "Kutipan Akta Kelahiran" in html
    assert document.number in html
    assert "P**** A** L******" in html
    assert "Putri Ayu Lestari" not in html
    assert office.name in html
    assert "Drs. Hendra Gunawan, Pejabat penandatangan" in html


def test_verify_page_after_revocation_shows_revoked_with_date_and_reason(client, document,
                                                                         official):
    revoke_document(document=document, actor=official,
                    reason="Diterbitkan ulang karena salah ketik nama ibu.")

    response = client.get(f"/verifikasi/{document.code}/")

    html = response.content.decode()
    assert "Status: DICABUT" in html
    assert "Status: SAH" not in html
    assert "Diterbitkan ulang karena salah ketik nama ibu." in html
    document.refresh_from_db()
    assert f"dicabut pada {timezone.localtime(document.revoked_at):%-d}" in html


def test_verify_page_lowercase_code_redirects_to_canonical_address(client, document):
    response = client.get(f"/verifikasi/{document.code.lower()}/")

    assert response.status_code == 302
    assert response["Location"] == f"/verifikasi/{document.code}/"


def test_upload_of_the_issued_file_is_reported_the_same(client, document):
    response = _upload(client, document, stored_bytes(document))

    html = response.content.decode()
    assert "Berkas ini SAMA dengan dokumen yang diterbitkan." in html
    assert "BERBEDA" not in html


def test_upload_of_a_modified_file_is_reported_different(client, document):
    data = bytearray(stored_bytes(document))
    position = data.index(b"/Reason")
    data[position + 10] ^= 0x01  # one bit flipped inside the signed PDF

    response = _upload(client, document, bytes(data))

    html = response.content.decode()
    assert "Berkas ini BERBEDA dengan dokumen yang diterbitkan." in html
    assert "SAMA dengan" not in html


def test_upload_of_a_file_that_is_not_pdf_gets_clear_message(client, document):
    response = _upload(client, document, b"\x89PNG\r\n\x1a\n" + b"0" * 100, name="foto.pdf")

    html = response.content.decode()
    assert "Berkas ini bukan PDF." in html
    assert 'id="id_berkas_error"' in html
    assert "SAMA dengan" not in html and "BERBEDA dengan" not in html


def test_upload_larger_than_20_mb_is_refused(client, document):
    response = _upload(client, document, b"%PDF-1.7\n" + b"0" * MAX_COMPARE_BYTES)

    assert "Berkas terlalu besar: paling besar 20 MB." in response.content.decode()


def test_upload_without_file_asks_for_one(client, document):
    response = client.post(f"/verifikasi/{document.code}/", {})

    assert "Pilih berkas PDF yang ingin dicocokkan." in response.content.decode()


def test_verify_page_needs_few_queries(client, document, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(f"/verifikasi/{document.code}/")

    assert response.status_code == 200
