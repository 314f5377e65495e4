"""A second regency by data alone: Kabupaten Mempawah (61.02) is set up in a fresh database
from its data bundle with the commands of docs/howto/new-regency.md, in the environment of its
settings.env, and a citizen of a Mempawah desa gets a signed document on Mempawah's letterhead
that verifies at /verifikasi/. Kubu Raya's demo data is never loaded."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from balai.accounts.actions import create_officer, grant_role, register_citizen_in_person
from balai.accounts.models import Office
from balai.accounts.queries import get_office
from balai.applications.models import Application
from balai.applications.tests.helpers import PDF
from balai.catalogue.models import Service
from balai.core.testing import PASSWORD, make_nik, sign_in, totp_code, totp_device
from balai.documents.models import IssuedDocument
from balai.documents.testing import dev_pki_fixture, pdf_text  # noqa: F401 - the dev_pki fixture
from balai.regions.models import Region
from balai.regions.queries import get_village, kecamatan_list
from balai.taxes.queries import tariff_for_year

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
BUNDLE = ROOT / "balai" / "regions" / "data" / "61.02"


def bundle_settings() -> dict[str, str]:
    """The environment of the bundle's settings.env, as the operator would set it."""
    values = {}
    for line in (BUNDLE / "settings.env").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


@pytest.fixture
def mempawah(settings, dev_pki):
    """Mempawah's environment and data, loaded as the how-to says; returns the officers."""
    for name, value in bundle_settings().items():
        setattr(settings, name, value)
    output = io.StringIO()
    call_command("load_regency", str(BUNDLE), stdout=output)
    assert "Kabupaten Mempawah (61.02) dimuat." in output.getvalue()
    # Officers are people, not data: created through the accounts actions (how-to, step 4).
    disdukcapil = get_office("disdukcapil")
    officers = {}
    for username, full_name, role in [
        ("verifikator.dukcapil", "Nurul Hidayah", "verifikator"),
        ("pejabat.dukcapil", "Drs. Syarif Abdullah", "pejabat_penandatangan"),
    ]:
        user = create_officer(actor="admin", username=username, full_name=full_name,
                              email=f"{username}@mempawah.example", password=PASSWORD)
        grant_role(actor="admin", user=user, office=disdukcapil, role=role)
        officers[role] = user
    # Development signing keys for every pejabat_penandatangan (production: PKCS#12 files).
    call_command("create_dev_pki", stdout=io.StringIO())
    return officers


def test_the_bundle_loads_mempawah_regions_offices_services_and_tariffs(mempawah):
    assert [k.name for k in kecamatan_list().order_by("code")] == [
        "Mempawah Hilir", "Toho", "Sungai Pinyuh", "Jongkat", "Sungai Kunyit", "Segedong",
        "Anjongan", "Sadaniang", "Mempawah Timur"]
    villages = Region.objects.filter(parent__parent_id="61.02")
    assert villages.count() == 67
    assert villages.filter(level="kelurahan").count() == 7
    assert Region.objects.get(code="61.02").name == "Kabupaten Mempawah"
    assert not Region.objects.filter(code__startswith="61.12").exists()
    assert get_village("61.02.16.1001").name == "Anjungan Melancar"

    assert Office.objects.get(code="setda").name == "Sekretariat Daerah Kabupaten Mempawah"
    assert Office.objects.filter(kind="kecamatan").count() == 9
    assert Office.objects.get(code="kec-jongkat").region_id == "61.02.08"
    assert set(Service.objects.values_list("code", flat=True)) == {
        "kk-perubahan", "kia", "akta-kematian", "ktp-el-hilang-rusak", "legalisir-ijazah",
        "surat-keterangan-sehat", "surat-izin-praktik-bidan", "sertifikat-laik-fungsi",
        "akta-kelahiran"}

    tariff = tariff_for_year(2026)
    assert tariff.regency_code == "61.02"
    assert tariff.kecamatan_for_nop("180") == "61.02.18"

    # Idempotent: a second run creates nothing.
    output = io.StringIO()
    call_command("load_regency", str(BUNDLE), stdout=output)
    assert "Wilayah: 0 baru, 0 diperbarui, 77 tetap." in output.getvalue()
    assert "Kantor: 0 baru, 18 sudah ada." in output.getvalue()


def test_a_pbb_object_in_a_mempawah_kelurahan_gets_a_mempawah_nop(mempawah):
    from balai.taxes.actions import register_tax_object, register_taxpayer
    from balai.taxes.nop import InvalidNop, nop_for, region_of_nop

    tariff = tariff_for_year(2026)
    nop = nop_for(tariff=tariff, desa_code="61.02.01.1009", block=4, serial=12)
    assert nop == "610201000900400120"
    taxpayer = register_taxpayer(actor="bapenda", name="Hj. Fatimah")
    tax_object = register_tax_object(
        actor="bapenda", nop=nop, taxpayer=taxpayer, address="Jl. Raden Kusno, Terusan",
        land_area=200, building_area=72, land_njop_per_m2=150_000,
        building_njop_per_m2=1_000_000)
    assert tax_object.desa.name == "Terusan" and tax_object.kecamatan_id == "61.02.01"
    with pytest.raises(InvalidNop, match="bukan objek pajak Kabupaten Mempawah"):
        region_of_nop("611201000100100010", tariff)


def test_load_regency_refuses_a_bundle_that_is_not_the_configured_regency(settings):
    settings.BALAI_REGENCY_CODE = "61.12"
    settings.BALAI_REGENCY_NAME = "Kabupaten Kubu Raya"
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="BALAI_REGENCY_CODE='61.12', berkas menyebut '61.02'"):
        call_command("load_regency", str(BUNDLE), stdout=io.StringIO())
    assert not Region.objects.exists()


def _apply(client, code: str, data: dict[str, str], files: list[str]) -> str:
    steps = [reverse(f"applications:{name}", kwargs={"code": code})
             for name in ("apply", "apply_uploads", "apply_review")]
    response = client.post(steps[0], data)
    assert response.status_code == 302 and response["Location"] == steps[1], response
    response = client.post(steps[1], {name: SimpleUploadedFile(f"{name}.pdf", PDF)
                                      for name in files})
    assert response.status_code == 302 and response["Location"] == steps[2]
    page = client.get(steps[2]).content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    response = client.post(steps[2], {"idempotency_key": key, "confirm": "on"})
    assert response.status_code == 302
    return Application.objects.get(definition__service__code=code).number


def _act(client, number: str, action: str, **data: str) -> None:
    application = Application.objects.get(number=number)
    url = reverse("applications:officer_action", kwargs={"number": number, "action": action})
    response = client.post(url, {f"{action}-version": application.version,
                                 **{f"{action}-{k}": v for k, v in data.items()}})
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_citizen_of_a_mempawah_desa_gets_a_signed_document_on_mempawah_letterhead(
        client, mempawah, tmp_path):
    sengkubang = get_village("61.02.01.2001")
    head_of_family = make_nik(place="610201", gender="L", birth_date=dt.date(1984, 2, 11))
    citizen = register_citizen_in_person(
        actor="operator", nik=make_nik(place="610201"), full_name="Rahmawati",
        birth_date=dt.date(1990, 8, 17), password=PASSWORD, phone="081255500011",
        address="Jl. Raya Sengkubang RT 002/RW 001", village=sengkubang)

    home = client.get("/").content.decode()
    assert "layanan Pemerintah Kabupaten Mempawah" in home
    catalogue = client.get(reverse("catalogue:index")).content.decode()
    assert "Daftar layanan publik Pemerintah Kabupaten Mempawah" in catalogue
    assert "Perubahan Kartu Keluarga" in catalogue and "Kubu Raya" not in catalogue
    akta = client.get(reverse("catalogue:service", kwargs={"code": "akta-kelahiran"}))
    assert "penduduk Kabupaten Mempawah" in akta.content.decode()
    assert "Kubu Raya" not in akta.content.decode()
    found = client.get(reverse("portal:search"), {"q": "kontak"}).content.decode()
    assert "kantor pelayanan di Kabupaten Mempawah" in found

    sign_in(client, citizen.user)
    number = _apply(client, "kk-perubahan", {
        "nomor_kk": "6102010101200001", "nik_kepala_keluarga": head_of_family,
        "nama_kepala_keluarga": "Muhammad Yusuf", "jenis_perubahan": "tambah_anggota",
        "keterangan": "Penambahan anak yang baru lahir.",
    }, ["kk-lama", "bukti-perubahan", "ktp-el"])
    assert number.startswith("MP-")
    receipt = client.get(reverse("applications:receipt_pdf", kwargs={"number": number}))
    receipt_text = pdf_text(b"".join(receipt.streaming_content)
                            if receipt.streaming else receipt.content, tmp_path)
    assert "KABUPATEN MEMPAWAH" in receipt_text.upper() and "Kubu Raya" not in receipt_text

    client.logout()
    sign_in(client, mempawah["verifikator"])
    queue = client.get(reverse("applications:queue")).content.decode()
    assert number in queue
    _act(client, number, "verifikasi")
    _act(client, number, "setujui")

    client.logout()
    pejabat = mempawah["pejabat_penandatangan"]
    sign_in(client, pejabat)
    _act(client, number, "tandatangani", signing_code=totp_code(totp_device(pejabat)))
    application = Application.objects.get(number=number)
    assert application.state == "selesai"
    document = IssuedDocument.objects.get(signed_by=pejabat)

    client.logout()
    sign_in(client, citizen.user)
    download = client.get(reverse("documents:download", kwargs={"code": document.code}))
    assert download.status_code == 200
    pdf = b"".join(download.streaming_content)
    text = pdf_text(pdf, tmp_path)
    assert "PEMERINTAH KABUPATEN MEMPAWAH" in text
    assert "Kabupaten Mempawah," in text  # the place of signing
    assert "Mempawah Hilir, Kabupaten Mempawah, Kalimantan Barat" in text
    assert "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL" in text.upper()
    assert "Kubu Raya" not in text and "KUBU RAYA" not in text
    assert number in text

    client.logout()
    page = client.get(reverse("documents:detail", kwargs={"code": document.code}))
    assert page.status_code == 200
    html = page.content.decode()
    assert document.number in html
    assert "Pemerintah Kabupaten Mempawah" in html and "Kubu Raya" not in html
    checked = client.post(reverse("documents:detail", kwargs={"code": document.code}),
                          {"berkas": SimpleUploadedFile("kk.pdf", pdf, "application/pdf")})
    assert "Berkas ini SAMA dengan dokumen yang diterbitkan." in checked.content.decode()


def test_load_regency_names_what_is_wrong_with_a_manifest(settings, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="regency.yaml: berkas tidak dapat dibaca"):
        call_command("load_regency", str(tmp_path), stdout=io.StringIO())
    (tmp_path / "regency.yaml").write_text("code: '61.02'\nkabupaten: Mempawah\n")
    with pytest.raises(CommandError, match="kunci tidak dikenal: kabupaten; kunci wajib: name"):
        call_command("load_regency", str(tmp_path), stdout=io.StringIO())
    assert not Region.objects.exists()


@pytest.mark.parametrize("prefix", ["MPW", "mp", "M1"])
def test_a_number_prefix_that_is_not_two_capital_letters_stops_start_up(prefix):
    import os
    import subprocess
    import sys

    env = {**os.environ, "BALAI_APPLICATION_NUMBER_PREFIX": prefix,
           "DJANGO_SETTINGS_MODULE": "config.test_settings"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"],  # noqa: S603
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "BALAI_APPLICATION_NUMBER_PREFIX must be two capital letters" in result.stderr
