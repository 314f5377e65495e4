"""Access points and coverage are published as open data automatically: each change publishes
a new version of the datasets, which CKAN's Action API and the DCAT catalogue list."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from balai.access_points import actions
from balai.access_points.tests.helpers import make_operator, make_point
from balai.opendata.models import Dataset
from balai.regions.models import Region

pytestmark = pytest.mark.django_db


def _csv(client, slug):
    response = client.get(f"/data/{slug}/unduh.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_new_point_and_a_confirmed_outage_are_published(client, kubu_raya, diskominfo,
                                                        citizen, kominfo_officer):
    point = make_point(name="Kantor Desa Kapur")
    rows = _csv(client, actions.POINTS_DATASET)
    assert rows[0][:3] == ["id", "nama", "jenis"]
    assert [r[1] for r in rows[1:]] == ["Kantor Desa Kapur"]
    assert rows[1][11] == "aktif"

    report = actions.report_outage(actor=citizen.user, point=point, problem="mati")
    actions.decide_report(actor=kominfo_officer, report=report, confirm=True)

    assert _csv(client, actions.POINTS_DATASET)[1][11] == "gangguan"
    dataset = Dataset.objects.get(slug=actions.POINTS_DATASET)
    assert dataset.office == diskominfo and dataset.current.number == 2


def test_coverage_dataset_holds_the_current_state(client, kubu_raya, diskominfo):
    operator = make_operator()
    desa = Region.objects.get(code="61.12.05.2001")
    for signal, day in (("tidak_ada", dt.date(2021, 5, 1)), ("lemah", dt.date(2024, 5, 1))):
        actions.record_coverage(actor="sistem:uji", observations=[actions.Observation(
            desa=desa, operator=operator, technology="4g", signal=signal, source="podes",
            source_note=f"BPS Podes {day.year}", observed_on=day)])

    rows = _csv(client, actions.COVERAGE_DATASET)
    assert rows[1][:7] == ["61.12.05.2001", desa.name, "Batu Ampar", "", "Telkomsel", "4g",
                           "lemah"]
    assert len(rows) == 2
    assert Dataset.objects.get(slug=actions.COVERAGE_DATASET).current.number == 2


def test_datasets_appear_in_ckan_and_dcat(client, kubu_raya, diskominfo):
    make_point()
    actions.record_coverage(actor="sistem:uji", observations=[actions.Observation(
        desa=Region.objects.get(code="61.12.01.2001"), operator=make_operator(),
        technology="4g", signal="kuat", source="podes", observed_on=dt.date(2024, 5, 1))])

    packages = client.get("/api/3/action/package_list").json()["result"]
    assert {actions.POINTS_DATASET, actions.COVERAGE_DATASET} <= set(packages)
    catalog = client.get("/data/catalog.jsonld").content.decode()
    assert actions.POINTS_DATASET in catalog and actions.COVERAGE_DATASET in catalog
