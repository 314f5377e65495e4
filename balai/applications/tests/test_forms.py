from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError

from balai.applications.forms import data_form_for
from balai.applications.tests.helpers import EXE, JPEG, PDF, PNG
from balai.applications.uploads import check_upload, sanitize_name, sniff
from balai.catalogue.spec import Requirement, Text, parse_definition

REQUIREMENT = Requirement(code="ktp", name=Text("KTP-el"), formats=("pdf", "png"), max_mb=1,
                          required=True)


def check(content: bytes, name: str = "berkas.pdf"):
    return check_upload(io.BytesIO(content), name=name, size=len(content),
                        requirement=REQUIREMENT)


def test_sniff_reads_magic_bytes_not_names():
    assert (sniff(PDF), sniff(PNG), sniff(JPEG), sniff(EXE)) == ("pdf", "png", "jpg", None)


def test_upload_named_pdf_but_not_a_pdf_is_refused():
    with pytest.raises(ValidationError) as error:
        check(EXE, "surat.pdf")
    assert "bukan PDF, PNG" in error.value.messages[0]


def test_upload_in_a_format_the_requirement_does_not_accept_is_refused():
    with pytest.raises(ValidationError) as error:
        check(JPEG, "foto.pdf")
    assert "berformat JPG; yang diterima hanya PDF, PNG" in error.value.messages[0]


def test_upload_over_the_size_limit_is_refused():
    with pytest.raises(ValidationError) as error:
        check(PDF + b"0" * 1024 * 1024)
    assert "terlalu besar" in error.value.messages[0]
    assert "paling besar 1 MB" in error.value.messages[0]


def test_good_upload_gets_content_type_digest_and_safe_name():
    checked = check(PNG, "../../etc/KTP <script>.png")
    assert checked.content_type == "image/png"
    assert len(checked.sha256) == 64
    assert checked.original_name == "KTP _script_.png"
    assert sanitize_name("") == "berkas"


SPEC = parse_definition({
    "code": "uji", "version": 1, "name": "Uji", "office": "x", "category": "umum",
    "deadline_working_days": 1,
    "fields": [
        {"name": "jumlah", "type": "number", "label": "Jumlah", "min": 1, "max": 10},
        {"name": "surel", "type": "email", "label": "Email"},
        {"name": "hp", "type": "phone", "label": "HP"},
        {"name": "desa", "type": "region", "label": "Desa"},
        {"name": "mulai", "type": "date", "label": "Mulai", "not_before": "2026-01-01",
         "required": False},
        {"name": "jenis", "type": "choice", "label": "Jenis",
         "choices": ["a", "b", "c", "d", "e"]},
        {"name": "catatan", "type": "textarea", "label": "Catatan", "required": False,
         "max_length": 5},
    ],
    "workflow": {"initial": "baru", "states": ["baru", "selesai"],
                 "actions": [{"name": "tutup", "from": ["baru"], "to": "selesai",
                              "roles": ["petugas"]}]},
})


@pytest.mark.django_db
def test_generated_form_validates_each_field_type(kubu_raya):
    form = data_form_for(SPEC)({"jumlah": "11", "surel": "bukan-email", "hp": "12345",
                                "desa": "61.71.01.1001", "mulai": "2025-12-31",
                                "jenis": "z", "catatan": "terlalu panjang"})
    assert not form.is_valid()
    assert form.errors["jumlah"] == ["Angka paling besar 10."]
    assert "alamat email yang benar" in form.errors["surel"][0]
    assert "nomor seluler Indonesia" in form.errors["hp"][0]
    assert "Kubu Raya" in form.errors["desa"][0]
    assert "paling awal" in form.errors["mulai"][0]
    assert form.errors["jenis"] == ["Pilih salah satu pilihan yang tersedia."]
    assert form.errors["catatan"] == ["Paling banyak 5 karakter."]


@pytest.mark.django_db
def test_generated_form_values_are_json_ready(kubu_raya):
    form = data_form_for(SPEC)({"jumlah": "2.50", "surel": "a@contoh.id", "hp": "0812-3456-7890",
                                "desa": "61.12.01.2001", "mulai": "2026-02-01", "jenis": "c"})
    assert form.is_valid(), form.errors
    assert form.values() == {"jumlah": "2.5", "surel": "a@contoh.id", "hp": "6281234567890",
                             "desa": "61.12.01.2001", "mulai": dt.date(2026, 2, 1).isoformat(),
                             "jenis": "c", "catatan": ""}
