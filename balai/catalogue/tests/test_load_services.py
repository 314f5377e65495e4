from __future__ import annotations

from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from balai.catalogue.loader import SERVICES_DIR
from balai.catalogue.models import Service, ServiceDefinition
from balai.catalogue.tests.conftest import service_data
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db

SERVICE_FILES = sorted(SERVICES_DIR.glob("*.yaml"))


def _load(*paths) -> str:
    out = StringIO()
    call_command("load_services", *[str(p) for p in paths], stdout=out)
    return out.getvalue()


def _write(tmp_path, name: str, data) -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_load_services_publishes_every_catalogue_file(offices):
    output = _load()
    assert Service.objects.count() == len(SERVICE_FILES) >= 13
    assert all(s.current is not None for s in Service.objects.select_related("current"))
    assert "akta-kelahiran.yaml: akta-kelahiran versi 1 diterbitkan" in output
    assert f"{len(SERVICE_FILES)} versi baru diterbitkan, 0 tidak berubah." in output
    assert LedgerEntry.objects.filter(action="layanan.versi_diterbitkan").count() == len(
        SERVICE_FILES)


def test_load_services_second_run_changes_nothing(offices):
    _load()
    entries = LedgerEntry.objects.count()
    output = _load()
    assert f"0 versi baru diterbitkan, {len(SERVICE_FILES)} tidak berubah." in output
    assert ServiceDefinition.objects.count() == len(SERVICE_FILES)
    assert LedgerEntry.objects.count() == entries


def test_load_services_loads_the_files_named(offices, tmp_path):
    output = _load(SERVICES_DIR / "kia.yaml")
    assert list(Service.objects.values_list("code", flat=True)) == ["kia"]
    assert "kia.yaml: kia versi 1 diterbitkan" in output


def test_load_services_publishes_a_new_version_from_a_changed_file(offices, tmp_path):
    _load(SERVICES_DIR / "akta-kelahiran.yaml")
    _load(_write(tmp_path, "akta-kelahiran.yaml", service_data(version=2, fee=0,
                                                               deadline_working_days=2)))
    service = Service.objects.select_related("current").get(code="akta-kelahiran")
    assert (service.current.version, service.current.deadline_working_days) == (2, 2)
    assert service.definitions.count() == 2


def test_load_services_refuses_changed_content_under_the_same_version(offices, tmp_path):
    _load(SERVICES_DIR / "akta-kelahiran.yaml")
    path = _write(tmp_path, "akta-kelahiran.yaml", service_data(deadline_working_days=9))
    with pytest.raises(CommandError) as error:
        _load(path)
    message = str(error.value)
    assert "akta-kelahiran.yaml: version: versi 1 layanan 'akta-kelahiran' sudah diterbitkan" in (
        message)
    assert "naikkan nilai version" in message
    assert ServiceDefinition.objects.get().deadline_working_days == 3


def test_load_services_reports_every_problem_with_its_file_name(offices, tmp_path):
    broken = service_data()
    broken["workflow"]["actions"][0]["to"] = "entah"
    broken["workflow"]["states"].append({"name": "terlupa", "label": {"id": "Terlupa"}})
    paths = [_write(tmp_path, "rusak.yaml", broken),
             _write(tmp_path, "kantor.yaml", service_data("kia", office="dinas-fiktif")),
             _write(tmp_path, "baik.yaml", service_data("akta-kematian"))]
    with pytest.raises(CommandError) as error:
        _load(*paths)
    message = str(error.value)
    assert "rusak.yaml: workflow.actions[0].to: status 'entah' tidak dikenal" in message
    assert "rusak.yaml: workflow.states: status 'terlupa' tidak dapat dicapai" in message
    assert "kantor.yaml: office: kantor dengan kode 'dinas-fiktif' tidak dikenal" in message
    assert "baik.yaml" not in message
    assert not Service.objects.exists()  # all or nothing


def test_load_services_reports_invalid_yaml_with_its_file_name(offices, tmp_path):
    path = tmp_path / "salah.yaml"
    path.write_text("code: [tidak ditutup\n", encoding="utf-8")
    with pytest.raises(CommandError, match="salah.yaml: YAML tidak sah"):
        _load(path)


def test_load_services_reports_a_missing_file(offices, tmp_path):
    with pytest.raises(CommandError, match="tidak-ada.yaml: berkas tidak dapat dibaca"):
        _load(tmp_path / "tidak-ada.yaml")
