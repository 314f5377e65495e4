from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils import timezone

from balai.documents.receipts import render_receipt
from balai.documents.rendering import BASE_URL, local_only_fetcher_class, render_pdf
from balai.documents.testing import pdf_text

LocalOnlyFetcher = local_only_fetcher_class()


def test_fetcher_serves_static_files():
    response = LocalOnlyFetcher().fetch(BASE_URL + "static/css/balai.css")

    assert response.content_type == "text/css"
    assert b"{" in response.read()


def test_fetcher_serves_data_uris():
    response = LocalOnlyFetcher().fetch("data:text/plain;base64,SGFsbw==")

    assert response.read() == b"Halo"


@pytest.mark.parametrize("url", [
    "https://example.com/logo.png",
    "http://169.254.169.254/latest/meta-data/",
    "file:///etc/passwd",
    BASE_URL + "static/../../config/settings.py",
    BASE_URL + "media/documents/secret.pdf",
])
def test_fetcher_refuses_everything_else(url):
    with pytest.raises(ValueError, match="no external resources"):
        LocalOnlyFetcher().fetch(url)


def test_render_pdf_does_not_fetch_remote_images(monkeypatch, tmp_path: Path, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    (tmp_path / "remote.html").write_text(
        '<p>Isi</p><img src="https://example.com/pelacak.png" alt="">')
    requested: list[str] = []
    original = LocalOnlyFetcher.fetch

    def spy(self, url, headers=None):
        requested.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(LocalOnlyFetcher, "fetch", spy)

    pdf = render_pdf("remote.html", {})

    assert pdf.startswith(b"%PDF-")
    assert requested == ["https://example.com/pelacak.png"]  # asked, and refused


def test_receipt_shows_registration_number_service_and_masked_applicant(tmp_path: Path, db):
    application = SimpleNamespace(
        number="AKL-2026-000123", submitted_at=timezone.now(), due_date=dt.date(2026, 12, 3),
        service=SimpleNamespace(name="Akta Kelahiran"))
    office = SimpleNamespace(name="Dinas Kependudukan dan Pencatatan Sipil")

    pdf = render_receipt(application=application, applicant_name="Siti Aminah", office=office,
                         status_url="http://127.0.0.1:8000/status/AKL-2026-000123/")

    text = " ".join(pdf_text(pdf, tmp_path).split())
    assert "TANDA TERIMA PERMOHONAN" in text
    assert "AKL-2026-000123" in text
    assert "Akta Kelahiran" in text
    assert "S*** A*****" in text
    assert "Siti Aminah" not in text
    assert "3 Desember 2026" in text
    assert "http://127.0.0.1:8000/status/AKL-2026-000123/" in text
    assert b"/ByteRange" not in pdf  # a receipt is not signed
