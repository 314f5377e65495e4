"""The Kubu Raya catalogue itself: every YAML file is a valid, complete service."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import yaml
from django.template.loader import get_template

from balai.accounts.demo import OPD
from balai.catalogue.loader import SERVICES_DIR
from balai.catalogue.spec import APPLICANT, ServiceSpec, parse_definition

FILES = sorted(SERVICES_DIR.glob("*.yaml"))
SPECS = {path.stem: parse_definition(yaml.safe_load(path.read_text(encoding="utf-8")))
         for path in FILES}


def test_every_catalogue_file_parses_and_is_named_after_its_code():
    assert FILES
    for path in FILES:
        assert SPECS[path.stem].code == path.stem


def test_every_service_belongs_to_a_demo_office():
    demo_offices = {code for code, *_ in OPD}
    assert {spec.office for spec in SPECS.values()} <= demo_offices


def test_catalogue_has_the_first_kubu_raya_services():
    by_office: dict[str, set[str]] = {}
    for spec in SPECS.values():
        by_office.setdefault(spec.office, set()).add(spec.code)
    assert by_office["disdukcapil"] >= {"akta-kelahiran", "ktp-el-hilang-rusak", "kk-perubahan",
                                        "akta-kematian", "surat-pindah", "kia"}
    assert len(by_office["dpmptsp"]) >= 3
    assert len(by_office["dinkes"]) >= 2
    assert len(by_office["disdik"]) >= 2


def test_adminduk_services_are_free_and_building_and_advertising_permits_charge():
    # UU 24/2013 Pasal 79A: no fee for any adminduk product.
    assert all(spec.fee == 0 for spec in SPECS.values() if spec.office == "disdukcapil")
    assert SPECS["izin-reklame"].fee > 0 and SPECS["pbg"].fee > 0


@pytest.mark.parametrize("code", sorted(SPECS))
def test_service_has_the_standard_workflow(code):
    spec = SPECS[code]
    workflow = spec.workflow
    actions = {action.name: action for action in workflow.actions}
    assert set(actions) >= {"verifikasi", "minta_perbaikan", "ajukan_ulang", "setujui",
                            "tandatangani", "tolak", "batalkan"}
    assert actions["minta_perbaikan"].comment == "required"
    assert actions["tolak"].comment == "required"
    assert actions["ajukan_ulang"].roles == (APPLICANT,)
    assert actions["batalkan"].roles == (APPLICANT,)
    assert actions["tandatangani"].roles == ("pejabat_penandatangan",)
    assert actions["tandatangani"].issues == code
    assert set(workflow.final_states) == {"selesai", "ditolak", "dibatalkan"}
    assert 1 <= spec.deadline_working_days <= 5
    assert spec.legal_basis and spec.requirements and spec.fields


def _sample_data(spec: ServiceSpec) -> dict[str, object]:
    samples = {"text": "Contoh Isian", "textarea": "Jalan Contoh No. 1", "number": 2,
               "date": "2026-03-17", "nik": "6112015708900003", "kk": "6112010101200001",
               "region": "61.12.01.2001", "email": "warga@contoh.id", "phone": "081234567890",
               "file": ""}
    data: dict[str, object] = {}
    for field in spec.fields:
        data[field.name] = field.choices[0][0] if field.type == "choice" else samples[field.type]
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(SPECS))
def test_service_output_template_renders_with_sample_data(code):
    spec = SPECS[code]
    assert spec.output is not None
    assert spec.output.template == f"documents/{code}.html"
    issued_at = dt.datetime(2026, 3, 20, 3, 0, tzinfo=dt.UTC)
    html = get_template(spec.output.template).render({
        "document": SimpleNamespace(number="NOMOR-UJI-000001", title=spec.output.title.id,
                                    issued_at=issued_at, signer_name="Pejabat Uji",
                                    get_signer_role_display="Pejabat penandatangan",
                                    code="KODEUJI"),
        "application": SimpleNamespace(number="PMH-2026-000001", submitted_at=issued_at),
        "data": _sample_data(spec),
        "applicant_name": "Siti Aminah",
        "office": SimpleNamespace(name="Dinas Uji Kubu Raya", code=spec.office),
        "spec": spec,
        "verification_url": "https://balai.example/verifikasi/KODEUJI",
        "regency_name": "Kabupaten Kubu Raya",
        "regency_address": "Jl. Uji",
    })
    assert "NOMOR-UJI-000001" in html and "PMH-2026-000001" in html and "Siti Aminah" in html
    for field in spec.fields:
        if field.type == "choice":
            assert field.choices[0][1].id in html, field.name
        elif field.type == "date":
            assert "17 Maret 2026" in html, field.name
    if any(field.type in ("text", "textarea") for field in spec.fields):
        assert "Contoh Isian" in html or "Jalan Contoh No. 1" in html
    assert "—" not in html.split("<table", 1)[1].split("</table>")[0]  # every row has a value
