"""The planning page and the report table come from the demo coverage of every desa, and their
totals equal counts computed independently from the observation rows."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict

import pytest

from balai.access_points import demo as access_demo
from balai.access_points.models import CoverageObservation, DesaProfile
from balai.core.testing import sign_in
from balai.regions.models import Region

pytestmark = pytest.mark.django_db


def _independent_counts() -> dict[str, dict[str, int]]:
    """Per kecamatan, from the raw rows: the latest row per (desa, operator, technology) by
    date then id, then a desa with no weak/strong row has no signal, one with weak/strong but
    none on 4G has no 4G."""
    latest: dict[tuple[str, int, str], tuple[tuple[object, int], str]] = {}
    for row in CoverageObservation.objects.values("id", "desa_id", "operator_id",
                                                  "technology", "signal", "observed_on"):
        key = (row["desa_id"], row["operator_id"], row["technology"])
        stamp = (row["observed_on"], row["id"])
        if key not in latest or stamp > latest[key][0]:
            latest[key] = (stamp, row["signal"])
    usable: dict[str, set[str]] = defaultdict(set)
    observed: set[str] = set()
    for (desa, _op, tech), (_stamp, signal) in latest.items():
        observed.add(desa)
        if signal in ("lemah", "kuat"):
            usable[desa].add(tech)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    planned = set(DesaProfile.objects.filter(bakti_tower_planned=True)
                  .values_list("desa_id", flat=True))
    for desa in Region.objects.filter(level="desa", parent__parent_id="61.12"):
        c = counts[desa.parent_id]
        c["desa"] += 1
        if desa.code not in observed:
            c["unsurveyed"] += 1
        elif not usable[desa.code]:
            c["none"] += 1
        elif "4g" not in usable[desa.code]:
            c["no4g"] += 1
        c["bakti"] += desa.code in planned
    return counts


def test_demo_covers_every_desa_of_kubu_raya(demo):
    desas = set(Region.objects.filter(level="desa", parent__parent_id="61.12")
                .values_list("code", flat=True))
    assert len(desas) == 123
    assert set(CoverageObservation.objects.values_list("desa_id", flat=True)) == desas
    assert CoverageObservation.objects.filter(is_demo=True).count() == \
        CoverageObservation.objects.count()
    counts = _independent_counts()
    assert sum(c["none"] for c in counts.values()) >= 3  # several desa without any signal
    assert sum(c["bakti"] for c in counts.values()) >= 2


def test_demo_load_twice_adds_nothing(demo):
    before = CoverageObservation.objects.count()
    access_demo.load(io.StringIO())
    assert CoverageObservation.objects.count() == before


def test_report_table_totals_equal_counts_from_the_observations(client, demo):
    from balai.accounts.queries import get_user_by_username

    sign_in(client, get_user_by_username("petugas.kominfo"))
    counts = _independent_counts()
    expected = {code: [c["desa"], c["none"], c["no4g"], c["bakti"], c["unsurveyed"]]
                for code, c in counts.items()}
    totals = [sum(v[i] for v in expected.values()) for i in range(5)]
    assert totals[0] == 123 and totals[4] == 0

    response = client.get("/akses-internet/petugas/perencanaan/rekap.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "kode_kecamatan"
    body = {row[0]: [int(x) for x in row[2:]] for row in rows[1:-1]}
    assert body == expected
    assert [int(x) for x in rows[-1][2:]] == totals

    page = client.get("/akses-internet/petugas/perencanaan/")
    assert page.status_code == 200
    html = page.content.decode()
    foot = html.split("<tfoot>")[1].split("</tfoot>")[0]
    assert [int(x) for x in re.findall(r"<td>(\d+)</td>", foot)] == totals
    # Every desa without coverage is listed, the most populous first.
    listed = page.context["planning"]
    assert len(listed) == totals[1] + totals[2]
    populations = [r.population for r in listed]
    assert populations == sorted(populations, reverse=True)
    assert all(r.nearest_point is not None and r.nearest_km >= 0 for r in listed)
