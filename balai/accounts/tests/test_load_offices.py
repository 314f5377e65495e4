"""`manage.py load_offices <file>` creates a regency's offices from YAML through create_office;
a bad file creates nothing and names every fault."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from balai.accounts.models import Office
from balai.ledger.models import LedgerEntry
from balai.regions.actions import load_regions
from balai.regions.management.commands.load_regions import DEFAULT_FILE

pytestmark = pytest.mark.django_db

GOOD = """offices:
  - {code: setda, name: Sekretariat Daerah, short_name: Setda, kind: sekretariat}
  - {code: disdukcapil, name: Dinas Kependudukan dan Pencatatan Sipil, kind: dinas, parent: setda}
  - {code: kec-sungai-raya, name: Kantor Kecamatan Sungai Raya, kind: kecamatan, parent: setda,
     region: "61.12.01"}
"""


def _load(tmp_path, text: str) -> str:
    path = tmp_path / "offices.yaml"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("load_offices", str(path), stdout=out)
    return out.getvalue()


def test_offices_are_created_with_parent_and_region_and_recorded(tmp_path):
    load_regions(path=DEFAULT_FILE)
    assert "Kantor: 3 baru, 0 sudah ada." in _load(tmp_path, GOOD)
    kecamatan = Office.objects.get(code="kec-sungai-raya")
    assert kecamatan.parent.code == "setda" and kecamatan.region_id == "61.12.01"
    assert kecamatan.kind == "kecamatan"
    assert LedgerEntry.objects.filter(action="kantor.dibuat").count() == 3


def test_a_second_run_changes_nothing(tmp_path):
    load_regions(path=DEFAULT_FILE)
    _load(tmp_path, GOOD)
    entries = LedgerEntry.objects.count()
    assert "Kantor: 0 baru, 3 sudah ada." in _load(tmp_path, GOOD)
    assert LedgerEntry.objects.count() == entries


def test_a_bad_file_creates_nothing_and_names_each_fault(tmp_path):
    bad = """offices:
  - {code: Setda!, name: Sekretariat Daerah, kind: sekretariat}
  - {code: dinas-x, name: "", kind: kementerian, parent: bapenda, warna: biru}
"""
    with pytest.raises(CommandError) as error:
        _load(tmp_path, bad)
    message = str(error.value)
    assert "kantor ke-1: code 'Setda!' harus huruf kecil" in message
    assert "kantor ke-2: kunci tidak dikenal: warna" in message
    assert "kantor ke-2: name wajib diisi" in message
    assert "kantor ke-2: kind 'kementerian' tidak dikenal" in message
    assert "kantor ke-2: parent 'bapenda' harus disebut lebih dulu" in message
    assert not Office.objects.exists()


def test_a_region_not_loaded_stops_the_whole_file(tmp_path):
    with pytest.raises(CommandError, match="jalankan load_regions lebih dulu.*61.12.01"):
        _load(tmp_path, GOOD)
    assert not Office.objects.exists()


def test_a_file_that_is_not_yaml_is_refused(tmp_path):
    with pytest.raises(CommandError, match="YAML tidak sah"):
        _load(tmp_path, "offices: [\n")
