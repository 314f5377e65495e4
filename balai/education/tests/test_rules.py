"""The year's rules: loaded from a file, refused as a whole when a quota breaks a bound of
Permendikdasmen 3/2025; the seats per track; the SD age bands."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from balai.education import rules
from balai.education.models import AdmissionYear
from balai.education.tests.helpers import open_year, rules_json
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


def test_the_2025_file_loads_with_its_quotas():
    call_command("load_spmb_rules", "--year", "2025", stdout=StringIO())
    year = AdmissionYear.objects.get(year=2025)
    assert year.quotas["smp"] == {"domisili": 40, "afirmasi": 25, "mutasi": 5, "prestasi": 30}
    assert year.quotas["sd"]["prestasi"] == 0
    assert LedgerEntry.objects.filter(action="spmb.aturan_dimuat").count() == 1


@pytest.mark.parametrize(("level", "shares", "message"), [
    ("sd", {"domisili": 65, "afirmasi": 30, "mutasi": 5, "prestasi": 0}, "SD jalur domisili"),
    ("sd", {"domisili": 80, "afirmasi": 10, "mutasi": 5, "prestasi": 5}, "jalur afirmasi"),
    ("sd", {"domisili": 70, "afirmasi": 15, "mutasi": 0, "prestasi": 15}, "jalur prestasi"),
    ("smp", {"domisili": 35, "afirmasi": 30, "mutasi": 5, "prestasi": 30}, "domisili"),
    ("smp", {"domisili": 40, "afirmasi": 15, "mutasi": 5, "prestasi": 40}, "afirmasi"),
    ("smp", {"domisili": 40, "afirmasi": 20, "mutasi": 10, "prestasi": 30}, "mutasi"),
    ("smp", {"domisili": 50, "afirmasi": 25, "mutasi": 5, "prestasi": 20}, "prestasi"),
    ("smp", {"domisili": 40, "afirmasi": 20, "mutasi": 5, "prestasi": 25}, "berjumlah 90%"),
])
def test_a_year_breaking_a_bound_is_refused_and_nothing_is_saved(level, shares, message):
    quotas = json.loads(rules_json())["quotas"]
    quotas[level] = shares
    with pytest.raises(rules.RulesError) as error:
        open_year(quotas=quotas)
    assert message in error.value.message
    assert not AdmissionYear.objects.exists()
    assert not LedgerEntry.objects.filter(action="spmb.aturan_dimuat").exists()


def test_the_command_reports_a_refused_file(tmp_path):
    path = tmp_path / "spmb.json"
    path.write_bytes(b"{not json")
    with pytest.raises(CommandError, match="bukan JSON"):
        call_command("load_spmb_rules", "--file", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        call_command("load_spmb_rules", "--file", str(tmp_path / "none.json"))


def test_a_window_closing_before_it_opens_is_refused():
    with pytest.raises(rules.RulesError, match="ditutup sesudah dibuka"):
        open_year(opens_at="2026-06-10T08:00:00+07:00", closes_at="2026-06-01T08:00:00+07:00")


@pytest.mark.parametrize("capacity", [1, 7, 28, 32, 96, 250])
def test_seats_per_track_add_up_and_keep_every_bound(capacity):
    shares = {"domisili": 40, "afirmasi": 25, "mutasi": 5, "prestasi": 30}
    seats = rules.seats_per_track(capacity, shares)
    assert sum(seats.values()) == capacity
    for track, share in shares.items():
        assert abs(seats[track] - capacity * share / 100) < 1
    assert seats["mutasi"] <= capacity * 5 / 100


def test_sd_age_bands():
    on = dt.date(2026, 7, 1)
    assert rules.sd_age_band(dt.date(2019, 7, 1), on, has_recommendation=False) == 0
    assert rules.sd_age_band(dt.date(2019, 7, 2), on, has_recommendation=False) == 1
    assert rules.sd_age_band(dt.date(2020, 7, 1), on, has_recommendation=False) == 1
    # Five and a half: only with a recommendation letter.
    assert rules.sd_age_band(dt.date(2021, 1, 1), on, has_recommendation=True) == 2
    assert rules.sd_age_band(dt.date(2021, 1, 1), on, has_recommendation=False) is None
    assert rules.sd_age_band(dt.date(2021, 1, 2), on, has_recommendation=True) is None


def test_haversine_in_metres():
    assert rules.haversine_m(-0.0263, 109.3425, -0.0928, 109.3856) == pytest.approx(8800,
                                                                                   rel=0.02)
