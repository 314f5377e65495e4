"""A citizen page weighs at most 60 KB compressed on first load: HTML plus its CSS and JS.

Each page's HTML is fetched with the test client, every same-origin stylesheet and script it
references is read through the staticfiles finders, and each is gzipped (level 6) as a server
would send it. Add a page by adding its address to CITIZEN_PAGES (or SIGNED_IN_PAGES for a
page of the signed-in citizen); {number} and {code} stand for a registration number and a
document verification code, made by the `tracked_application` fixture.
"""

from __future__ import annotations

import gzip
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from balai.core.testing import sign_in
from balai.portal.tests.html import tags

BUDGET_BYTES = 60 * 1024

# (address, expected status)
CITIZEN_PAGES = [
    ("/", 200),
    ("/tentang/", 200),
    ("/aksesibilitas/", 200),
    ("/bantuan/", 200),
    ("/kontak/", 200),
    ("/cari/?q=ktp", 200),
    ("/cari/?q=zzz", 200),
    ("/halaman-yang-tidak-ada/", 404),
    ("/akun/masuk/", 200),
    ("/akun/daftar/", 200),
    ("/wilayah/", 200),
    ("/layanan/", 200),
    ("/layanan/kategori/kependudukan/", 200),
    ("/layanan/akta-kelahiran/", 200),
    ("/layanan/cari/?q=lahir", 200),
    ("/status/", 200),
    ("/status/{number}/", 200),
    ("/verifikasi/", 200),
    ("/verifikasi/{code}/", 200),
    ("/pajak/cek/", 200),
    ("/pajak/cek/?nop=12345", 200),
    ("/informasi/", 200),
    ("/informasi/minta/", 200),
    ("/informasi/laporan/", 200),
    ("/transparansi/dasbor/", 200),
    ("/data/", 200),
    ("/buku-besar/", 200),
    ("/buku-besar/bukti/", 200),
    ("/buku-besar/bukti/?hash=zz", 200),
    ("/data-saya/pemberitahuan/", 200),
    ("/pengaduan/", 200),
    ("/partisipasi/aspirasi/", 200),
    ("/partisipasi/konsultasi/", 200),
    ("/partisipasi/jajak-pendapat/", 200),
    ("/partisipasi/pedoman-komunitas/", 200),
    ("/akses-internet/", 200),
    ("/akses-internet/?status=meledak", 200),
    ("/akses-internet/peta/", 200),
    ("/inovasi/", 200),
    ("/inovasi/?tahap=meledak", 400),
    ("/literasi-digital/", 200),
    ("/kesehatan/", 200),
    ("/luring/", 200),
]

# Pages that need the catalogue, an application and an issued document (slower to set up).
SERVICE_PAGE_PREFIXES = ("/layanan/", "/status/", "/verifikasi/")

# Pages of the signed-in demo citizen, who has one finished application and one draft.
SIGNED_IN_PAGES = [
    ("/permohonan/", 200),
    ("/permohonan/{number}/", 200),
    ("/layanan/akta-kelahiran/ajukan/?ubah=1", 200),  # step 1, the draft's values filled in
    ("/layanan/akta-kelahiran/ajukan/berkas/", 200),  # step 2
    ("/layanan/akta-kelahiran/ajukan/periksa/", 200),  # step 3
    ("/permohonan/{number}/tanda-terima/", 200),
    ("/notifikasi/", 200),
    ("/akun/profil/", 200),
    ("/akun/kalender/", 200),
    ("/tagihan/", 200),
    ("/pajak/saya/", 200),
    ("/buku-besar/jejak-saya/", 200),
    ("/data-saya/", 200),
]


def _assets(html: str) -> list[str]:
    """Same-origin stylesheets and scripts the page loads."""
    urls = []
    for tag, attrs in tags(html):
        if tag == "link" and "stylesheet" in attrs.get("rel", "").split():
            urls.append(attrs.get("href", ""))
        elif tag == "script" and attrs.get("src"):
            urls.append(attrs["src"])
    return [url for url in urls if url and not urlsplit(url).netloc]


def _static_bytes(url: str) -> bytes:
    path = urlsplit(url).path
    static_url = "/" + settings.STATIC_URL.lstrip("/")
    assert path.startswith(static_url), f"{url} is not a static file"
    found = finders.find(path[len(static_url):])
    assert found, f"{url} is referenced but not found by the staticfiles finders"
    with open(found, "rb") as handle:
        return handle.read()


def _gzipped(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6))


def _check_weight(client: Client, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    html = response.content
    sizes = {f"HTML {url}": _gzipped(html)}
    for asset in _assets(html.decode()):
        sizes[asset] = _gzipped(_static_bytes(asset))
    total = sum(sizes.values())
    report = ", ".join(f"{name}: {size:,} B" for name, size in sizes.items())
    assert total <= BUDGET_BYTES, (
        f"{url} weighs {total:,} B gzipped (budget {BUDGET_BYTES:,} B): {report}")
    assert any(name.endswith(".css") for name in sizes), f"no stylesheet measured: {report}"


@pytest.mark.django_db
@pytest.mark.parametrize("url, status", CITIZEN_PAGES)
def test_citizen_page_weighs_at_most_60_kb_compressed(client, demo_content, request, url,
                                                      status):
    if "{" in url or url.startswith(SERVICE_PAGE_PREFIXES):
        url = url.format(**request.getfixturevalue("tracked_application"))
    _check_weight(client, url, status)


@pytest.mark.django_db
@pytest.mark.parametrize("url, status", SIGNED_IN_PAGES)
def test_signed_in_citizen_page_weighs_at_most_60_kb_compressed(client, demo_content,
                                                                tracked_application, url,
                                                                status):
    sign_in(client, tracked_application["user"])
    _check_weight(client, url.format(**tracked_application), status)
