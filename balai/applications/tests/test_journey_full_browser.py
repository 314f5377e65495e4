"""Issue 3 "done when", in a real browser: a citizen applies for an akta kelahiran with uploads,
a verifikator asks for a correction, the citizen corrects it, the verifikator approves, the
signing official signs, the citizen downloads the PDF and the verification page reports it
valid. Every person signs in through /akun/masuk/ in their own browser context."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from PIL import Image
from pyhanko.sign.validation import validate_pdf_signature

from balai.accounts import demo as accounts_demo
from balai.accounts.models import Citizen
from balai.accounts.queries import find_user_by_identifier, get_user_by_username
from balai.applications.models import Application, Upload
from balai.applications.tests.helpers import akta_values
from balai.catalogue import demo as catalogue_demo
from balai.core.testing import PASSWORD, make_citizen, totp_code, totp_device
from balai.documents.models import IssuedDocument
from balai.documents.testing import DevPki, read_pdf
from balai.ledger.queries import verify_chain

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT_MS = 20_000
SERVICE = "akta-kelahiran"
# The requirements of akta-kelahiran.yaml, and which kind of file the citizen picks for each.
SCANS = {"surat-lahir": "pdf", "buku-nikah": "png", "kk": "pdf", "ktp-orang-tua": "png"}
# A small but complete PDF (catalog, one empty page), as a scanner app would produce.
PDF_BYTES = (b'%PDF-1.3\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<\n/Producer (pypdf)\n>>\nendobj\n2 '
             b'0 obj\n<<\n/Type /Pages\n/Count 1\n/Kids [ 4 0 R ]\n>>\nendobj'
             b'\n3 0 obj\n<<\n/Type /Catalog\n/Pages 2 0 R\n>>\nendobj\n4 0 ob'
             b'j\n<<\n/Type /Page\n/Resources <<\n>>\n/MediaBox [ 0.0 0.0 20'
             b'0 200 ]\n/Parent 2 0 R\n>>\nendobj\nxref\n0 5\n0000000000 6553'
             b'5 f \n0000000015 00000 n \n0000000054 00000 n \n0000000113 '
             b'00000 n \n0000000162 00000 n \ntrailer\n<<\n/Size 5\n/Root 3 '
             b'0 R\n/Info 1 0 R\n>>\nstartxref\n256\n%%EOF\n')


def _png_bytes(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def scans(tmp_path: Path) -> dict[str, Path]:
    """Real small files on disk, one per requirement, plus a sharper KK for the correction."""
    files = {}
    for code, kind in SCANS.items():
        path = tmp_path / f"{code}.{kind}"
        path.write_bytes(PDF_BYTES if kind == "pdf" else _png_bytes("white"))
        files[code] = path
    corrected = tmp_path / "kk-jelas.png"
    corrected.write_bytes(_png_bytes("black"))
    files["kk-corrected"] = corrected
    return files


@pytest.fixture
def kubu_raya_services(transactional_db: None, live_server: Any, dev_pki: DevPki, settings: Any,
                       tmp_path: Path) -> DevPki:
    """The regency as `make run` sets it up: regions, offices and officers, the catalogue,
    and a development certificate for Disdukcapil's signing official."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.BALAI_PUBLIC_URL = live_server.url  # the QR code and links point at this server
    call_command("load_regions", stdout=StringIO())
    accounts_demo.load()
    catalogue_demo.load(StringIO())
    pejabat = get_user_by_username("pejabat.dukcapil")
    assert pejabat is not None
    dev_pki.certify(pejabat)
    return dev_pki


@pytest.fixture
def applicant(kubu_raya_services: DevPki) -> Citizen:
    return make_citizen(full_name="Maria Ulfa Rahmawati")


@pytest.fixture
def sign_in(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Open a fresh browser context for one person and sign them in through the login form."""
    contexts: list[Any] = []

    def open_as(login: str, password: str, *, javascript: bool = True) -> Any:
        context = browser.new_context(base_url=live_server.url, locale="id-ID",
                                      java_script_enabled=javascript, accept_downloads=True)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.goto("/akun/masuk/")
        page.get_by_label("NIK, email, nomor HP, atau nama pengguna").fill(login)
        page.get_by_label("Kata sandi").fill(password)
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name="Masuk", exact=True).click()
        if "/akun/dua-langkah/verifikasi/" in page.url:
            # Officers: the second factor, from the demo officer's authenticator.
            device = totp_device(find_user_by_identifier(login))
            page.get_by_label("Kode verifikasi").fill(totp_code(device))
            with page.expect_navigation():
                page.locator("main").get_by_role("button", name="Verifikasi").click()
        assert page.get_by_role("button", name="Keluar").is_visible(), page.content()[:2000]
        return page

    yield open_as
    for context in contexts:
        context.close()


def _apply(page: Any, scans: dict[str, Path], values: dict[str, str]) -> str:
    """Fill the generated form, upload every requirement, review and submit; the number."""
    page.goto(f"/layanan/{SERVICE}/")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Ajukan permohonan").click()
    assert page.locator("h1").inner_text() == "Ajukan Akta Kelahiran"
    page.get_by_label("Nama lengkap anak").fill(values["nama_anak"])
    page.get_by_label("Perempuan").check()
    page.get_by_label("Tanggal lahir").fill(values["tanggal_lahir"])
    page.get_by_label("Tempat lahir").fill(values["tempat_lahir"])
    page.get_by_label("NIK ayah").fill(values["nik_ayah"])
    page.get_by_label("Nama ayah").fill(values["nama_ayah"])
    page.get_by_label("NIK ibu").fill(values["nik_ibu"])
    page.get_by_label("Nama ibu").fill(values["nama_ibu"])
    page.get_by_label("Nomor Kartu Keluarga").fill(values["nomor_kk"])
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan dan lanjutkan").click()

    assert page.locator("h1").inner_text() == "Unggah berkas persyaratan"
    for code in SCANS:
        page.set_input_files(f"input[name={code}]", str(scans[code]))
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan dan lanjutkan").click()

    assert page.locator("h1").inner_text() == "Periksa lalu ajukan"
    main = page.locator("main").inner_text()
    assert values["nama_anak"] in main
    for code, kind in SCANS.items():
        assert f"{code}.{kind}" in main
    assert "Belum diunggah" not in main
    page.get_by_label("Saya menyatakan data dan berkas yang saya ajukan benar.").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Ajukan permohonan").click()

    assert page.locator("h1").inner_text() == "Permohonan diterima"
    return page.locator("main .card .lead strong").inner_text().strip()


def test_akta_kelahiran_journey_from_application_to_verified_signed_pdf(
        browser, live_server, kubu_raya_services, applicant, scans, sign_in, tmp_path):
    dev_pki = kubu_raya_services
    values = akta_values(nama_anak="Nur Aisyah Rahmawati")

    # 1. The citizen applies online, with real files, and gets a registration number.
    citizen = sign_in(applicant.nik, PASSWORD)
    number = _apply(citizen, scans, values)
    application = Application.objects.get(number=number)
    assert application.applicant_id == applicant.user_id
    assert application.state == "diajukan" and application.channel == "online"
    assert application.definition.service.code == SERVICE
    assert application.data["nama_anak"] == values["nama_anak"]
    uploads = {u.requirement: u for u in Upload.objects.filter(application=application)}
    assert set(uploads) == set(SCANS)
    assert uploads["surat-lahir"].content_type == "application/pdf"
    assert uploads["buku-nikah"].content_type == "image/png"
    assert uploads["kk"].sha256 == hashlib.sha256(scans["kk"].read_bytes()).hexdigest()

    # 2. The verifikator finds it in the Disdukcapil queue and asks for a better KK scan.
    verifikator = sign_in("verifikator.dukcapil", accounts_demo.DEMO_PASSWORD)
    verifikator.goto("/permohonan/antrean/")
    assert verifikator.locator("h1").inner_text() == "Antrean permohonan"
    with verifikator.expect_navigation():
        verifikator.get_by_role("link", name=number).click()
    assert applicant.user.full_name in verifikator.locator("main").inner_text()
    verifikator.locator("[name=minta_perbaikan-note]").fill("Mohon perbaiki berkas KK.")
    verifikator.locator("[name=minta_perbaikan-perbaikan_kk]").fill(
        "Foto KK buram, nomor KK tidak terbaca")
    with verifikator.expect_navigation():
        verifikator.get_by_role("button", name="Minta perbaikan").click()
    assert "berhasil" in verifikator.locator("main").inner_text()
    application.refresh_from_db()
    assert application.state == "perlu_perbaikan"

    # 3. The citizen sees what to fix on the dashboard and the detail page, and resubmits.
    citizen.goto("/permohonan/")
    row = citizen.locator("tr", has_text=number)
    assert "Perlu perbaikan" in row.inner_text()
    assert "Perbaiki berkas yang diminta petugas" in row.inner_text()
    with citizen.expect_navigation():
        row.get_by_role("link", name=number).click()
    notice = citizen.locator(".notice-warning", has_text="Perbaikan yang diminta petugas")
    assert "Foto KK buram, nomor KK tidak terbaca" in notice.inner_text()
    assert "Kartu Keluarga" in notice.inner_text()
    citizen.set_input_files("input[name=ajukan_ulang-berkas_kk]", str(scans["kk-corrected"]))
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="Ajukan ulang").click()
    assert "berhasil" in citizen.locator("main").inner_text()
    application.refresh_from_db()
    assert application.state == "diajukan"
    current_kk = Upload.objects.get(application=application, requirement="kk", superseded=False)
    with current_kk.file.open("rb") as handle:  # images are stored re-encoded, metadata dropped
        stored = handle.read()
    assert current_kk.sha256 == hashlib.sha256(stored).hexdigest()
    assert Image.open(io.BytesIO(stored)).getpixel((0, 0)) == (0, 0, 0)  # the black, new scan
    assert Upload.objects.filter(application=application, requirement="kk",
                                 superseded=True).count() == 1

    # 4. The verifikator verifies the corrected file and approves.
    verifikator.goto(f"/permohonan/antrean/{number}/")
    assert "kk-jelas.png" in verifikator.locator("main").inner_text()
    with verifikator.expect_navigation():
        verifikator.get_by_role("button", name="Verifikasi berkas").click()
    with verifikator.expect_navigation():
        verifikator.get_by_role("button", name="Setujui").click()
    assert "berhasil" in verifikator.locator("main").inner_text()
    application.refresh_from_db()
    assert application.state == "disetujui"

    # 5. The signing official signs: the document is issued with a PAdES signature.
    pejabat = sign_in("pejabat.dukcapil", accounts_demo.DEMO_PASSWORD)
    pejabat.goto("/permohonan/antrean/")
    with pejabat.expect_navigation():
        pejabat.get_by_role("link", name=number).click()
    # Signing asks for a fresh code: the authenticator's next one (the sign-in used this one).
    pejabat.get_by_label("Kode dari aplikasi autentikator").fill(
        totp_code(totp_device(get_user_by_username("pejabat.dukcapil")), offset=1))
    with pejabat.expect_navigation():
        pejabat.get_by_role("button", name="Tanda tangani dan terbitkan").click()
    assert "berhasil" in pejabat.locator("main").inner_text()
    application.refresh_from_db()
    assert application.state == "selesai" and not application.is_open
    document = IssuedDocument.objects.get(code=application.issued_document_ref)
    assert document.signed_by.username == "pejabat.dukcapil"

    # 6. The citizen downloads the signed PDF from the application page.
    citizen.goto(f"/permohonan/{number}/")
    assert "Selesai — dokumen terbit" in citizen.locator("main").inner_text()
    with citizen.expect_download() as download_info:
        citizen.get_by_role("link", name="Unduh dokumen (PDF)").click()
    download = download_info.value
    downloaded = tmp_path / download.suggested_filename
    download.save_as(str(downloaded))
    pdf = downloaded.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert hashlib.sha256(pdf).hexdigest() == document.sha256
    # pyHanko's synchronous API runs its own event loop: not in Playwright's thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        status = pool.submit(validate_pdf_signature, read_pdf(pdf).embedded_signatures[0],
                             dev_pki.validation_context()).result()
    assert status.intact and status.valid and status.trusted

    # 7. The verification page linked from the application says SAH, and the same file matches.
    with citizen.expect_navigation():
        citizen.get_by_role("link", name="Halaman verifikasi dokumen").click()
    assert citizen.url == f"{live_server.url}/verifikasi/{document.code}/"
    assert "Status: SAH" in citizen.locator("#status-dokumen").inner_text()
    verification = citizen.locator("main").inner_text()
    assert document.number in verification
    assert applicant.user.full_name not in verification  # masked
    citizen.set_input_files("input[name=berkas]", str(downloaded))
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="Cocokkan berkas").click()
    assert "SAMA" in citizen.locator("#hasil-cocok").inner_text()

    # 8. Anyone can follow the public status page: final state, no personal data.
    public = browser.new_context(base_url=live_server.url, locale="id-ID")
    public.set_default_timeout(TIMEOUT_MS)
    try:
        status_page = public.new_page()
        status_page.goto("/status/")
        status_page.get_by_label("Nomor registrasi").fill(number)
        with status_page.expect_navigation():
            status_page.get_by_role("button", name="Cek status").click()
        assert status_page.url.endswith(f"/status/{number}/")
        text = status_page.locator("main").inner_text()
        assert "Selesai — dokumen terbit" in text
        assert "Akta Kelahiran" in text
        for private in [applicant.user.full_name, applicant.nik, values["nama_anak"],
                        values["nik_ibu"], values["nama_ibu"]]:
            assert private not in status_page.content()
    finally:
        public.close()

    # Every step was recorded in the ledger, and the chain still holds.
    assert verify_chain().ok


def test_citizen_applies_without_javascript_and_gets_a_number(
        kubu_raya_services, applicant, scans, sign_in):
    citizen = sign_in(applicant.nik, PASSWORD, javascript=False)
    number = _apply(citizen, scans, akta_values())

    application = Application.objects.get(number=number)
    assert application.applicant_id == applicant.user_id
    assert application.state == "diajukan"
    assert Upload.objects.filter(application=application, superseded=False).count() == len(SCANS)
    citizen.goto("/permohonan/")
    assert number in citizen.locator("main").inner_text()
