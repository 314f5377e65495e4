"""/api/v1/access-points and /api/v1/coverage: public, read-only, paginated, filtered, at a
fixed query count, with structured errors."""

from __future__ import annotations

import datetime as dt

import pytest

from balai.access_points import actions
from balai.access_points.tests.helpers import make_operator, make_point
from balai.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(kubu_raya):
    for i in range(12):
        make_point(name=f"Titik {i:02d}")
    make_point(name="Puskesmas Batu Ampar", kind="puskesmas", status="gangguan",
               desa=Region.objects.get(code="61.12.05.2001"))
    telkomsel, xl = make_operator(), make_operator("xl", "XL Axiata")
    desa = Region.objects.get(code="61.12.05.2001")
    observations = [actions.Observation(desa=desa, operator=op, technology=tech,
                                        signal="tidak_ada", source="podes",
                                        observed_on=dt.date(2021, 5, 1))
                    for op in (telkomsel, xl) for tech in ("2g", "3g", "4g")]
    observations.append(actions.Observation(desa=desa, operator=telkomsel, technology="4g",
                                            signal="lemah", source="survei",
                                            observed_on=dt.date(2026, 9, 1), dusun="Dusun A"))
    actions.record_coverage(actor="sistem:uji", observations=observations)


def test_access_points_are_listed_by_page(client, data):
    body = client.get("/api/v1/access-points?per_page=5&page=3").json()
    # By name: "Puskesmas Batu Ampar" comes first, then "Titik 00" to "Titik 11".

    assert body["page"] == {"number": 3, "per_page": 5, "count": 13, "pages": 3,
                            "has_next": False, "has_previous": True}
    assert [p["name"] for p in body["items"]] == ["Titik 09", "Titik 10", "Titik 11"]
    assert body["items"][0]["kecamatan"] == "Sungai Raya"
    assert body["items"][0]["latitude"] == "-0.100000"


def test_access_points_filter_by_kecamatan_kind_and_status(client, data):
    for query in ("kecamatan=61.12.05", "kind=puskesmas", "status=gangguan"):
        body = client.get(f"/api/v1/access-points?{query}").json()
        assert [p["name"] for p in body["items"]] == ["Puskesmas Batu Ampar"], query


def test_bad_filter_is_a_structured_422(client, data):
    response = client.get("/api/v1/access-points?status=meledak")

    assert response.status_code == 422
    assert response.json()["code"] and "status" in str(response.json()["details"])
    too_many = client.get("/api/v1/coverage?per_page=1000")
    assert too_many.status_code == 422 and "per_page" in too_many.json()["details"]["fields"]


def test_coverage_lists_the_current_state_only(client, data):
    body = client.get("/api/v1/coverage?desa=61.12.05.2001").json()

    assert body["page"]["count"] == 6
    current = {(c["operator"], c["technology"]): c for c in body["items"]}
    assert current[("telkomsel", "4g")]["signal"] == "lemah"
    assert current[("telkomsel", "4g")]["dusun"] == "Dusun A"
    assert current[("xl", "4g")]["signal"] == "tidak_ada"
    only_4g = client.get("/api/v1/coverage?technology=4g&operator=telkomsel").json()
    assert [c["observed_on"] for c in only_4g["items"]] == ["2026-09-01"]


def test_api_lists_cost_a_fixed_number_of_queries(client, data, django_assert_num_queries):
    # The count and the page.
    with django_assert_num_queries(2):
        assert client.get("/api/v1/access-points?per_page=100").status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/api/v1/coverage?per_page=100").status_code == 200
    for i in range(10):
        make_point(name=f"Lagi {i}")
    with django_assert_num_queries(2):
        client.get("/api/v1/access-points?per_page=100")
