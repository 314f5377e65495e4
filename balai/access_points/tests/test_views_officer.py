"""Diskominfo officers add and edit points and record coverage through the actions (each change
in the ledger, history kept); the planning page costs a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest

from balai.access_points import queries
from balai.access_points.models import AccessPoint, CoverageObservation, DesaProfile
from balai.access_points.tests.helpers import make_operator, make_point
from balai.core.testing import sign_in
from balai.ledger.models import LedgerEntry
from balai.regions.models import Region

pytestmark = pytest.mark.django_db

POINT = {"name": "Perpustakaan Desa Kapur", "kind": "perpustakaan", "desa": "61.12.01.2001",
         "address": "Jl. Desa", "latitude": "-0.081234", "longitude": "109.381234",
         "opening_hours": "Senin–Sabtu 08.00–16.00", "bandwidth_mbps": "30",
         "provider": "Icon+ PLN", "status": "aktif", "last_seen_alive": "2026-12-01"}


@pytest.fixture
def officer_client(client, kubu_raya, kominfo_officer):
    sign_in(client, kominfo_officer)
    return client


@pytest.mark.parametrize("url", ["/akses-internet/petugas/", "/akses-internet/petugas/titik/baru/",
                                 "/akses-internet/petugas/cakupan/baru/",
                                 "/akses-internet/petugas/perencanaan/",
                                 "/akses-internet/petugas/perencanaan/rekap.csv"])
def test_diskominfo_petugas_reaches_every_officer_page(officer_client, url):
    assert officer_client.get(url).status_code == 200


def test_admin_of_diskominfo_is_an_officer_too(client, kubu_raya, diskominfo):
    from balai.core.testing import make_officer

    sign_in(client, make_officer(office=diskominfo, role="admin"))
    assert client.get("/akses-internet/petugas/perencanaan/").status_code == 200


def test_petugas_of_another_office_gets_404(client, kubu_raya, officer):
    sign_in(client, officer)
    assert client.get("/akses-internet/petugas/perencanaan/").status_code == 404
    assert client.post("/akses-internet/petugas/titik/baru/", POINT).status_code == 404
    assert not AccessPoint.objects.exists()


def test_officer_adds_a_point_recorded_in_the_ledger(officer_client, kominfo_officer):
    response = officer_client.post("/akses-internet/petugas/titik/baru/", POINT)

    point = AccessPoint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/akses-internet/{point.pk}/"
    assert (point.name, point.desa_id, str(point.latitude), point.bandwidth_mbps) == (
        "Perpustakaan Desa Kapur", "61.12.01.2001", "-0.081234", 30)
    entry = LedgerEntry.objects.get(action="akses.titik_dibuat")
    assert entry.actor_id == kominfo_officer.pk and entry.object_id == str(point.pk)


def test_bad_point_input_gives_messages_and_writes_nothing(officer_client):
    bad = {**POINT, "latitude": "45", "bandwidth_mbps": "0", "desa": "99.99",
           "last_seen_alive": "2999-01-01"}
    response = officer_client.post("/akses-internet/petugas/titik/baru/", bad)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Tanggal tidak boleh di masa depan." in html and "ringkasan-galat" in html
    assert html.count('class="error-message"') == 4
    assert not AccessPoint.objects.exists()


def test_officer_edits_a_point(officer_client):
    point = make_point()
    response = officer_client.post(f"/akses-internet/petugas/titik/{point.pk}/ubah/",
                                   {**POINT, "status": "tidak_aktif"})

    assert response.status_code == 302
    point.refresh_from_db()
    assert point.status == "tidak_aktif" and point.name == "Perpustakaan Desa Kapur"
    assert LedgerEntry.objects.filter(action="akses.titik_diubah").count() == 1


def test_coverage_is_recorded_as_new_rows_and_the_latest_is_current(officer_client):
    telkomsel = make_operator()
    form = {"desa": "61.12.05.2001", "operator": telkomsel.pk, "technology": "4g",
            "signal": "tidak_ada", "source": "podes", "source_note": "BPS Podes 2024",
            "observed_on": "2024-05-01"}
    officer_client.post("/akses-internet/petugas/cakupan/baru/", form)
    officer_client.post("/akses-internet/petugas/cakupan/baru/",
                        {**form, "signal": "lemah", "source": "survei", "dusun": "Dusun Parit",
                         "source_note": "", "observed_on": "2026-10-01"})
    # An older observation recorded later does not replace the newer one.
    officer_client.post("/akses-internet/petugas/cakupan/baru/",
                        {**form, "observed_on": "2023-01-01"})

    assert CoverageObservation.objects.count() == 3
    current = list(queries.current_coverage())
    assert [(o.signal, o.observed_on) for o in current] == [("lemah", dt.date(2026, 10, 1))]
    assert LedgerEntry.objects.filter(action="akses.cakupan_dicatat").count() == 3


def test_future_observation_date_is_refused(officer_client):
    telkomsel = make_operator()
    response = officer_client.post("/akses-internet/petugas/cakupan/baru/", {
        "desa": "61.12.05.2001", "operator": telkomsel.pk, "technology": "4g",
        "signal": "kuat", "source": "podes", "observed_on": "2999-01-01"})

    assert response.status_code == 400
    assert not CoverageObservation.objects.exists()


def _coverage(desa_codes, signal):
    from balai.access_points import actions
    from balai.access_points.models import Operator

    operator = Operator.objects.filter(code=f"op-{signal}").first() or make_operator(
        code=f"op-{signal}", name=f"Op {signal}")
    actions.record_coverage(actor="sistem:uji", observations=[
        actions.Observation(desa=Region.objects.get(code=code), operator=operator,
                            technology="4g", signal=signal, source="podes",
                            observed_on=dt.date(2024, 5, 1)) for code in desa_codes])


def test_planning_page_queries_do_not_grow_with_desa_or_points(officer_client,
                                                              django_assert_num_queries):
    from balai.access_points import actions

    _coverage(["61.12.05.2001"], "tidak_ada")
    make_point()
    officer_client.get("/akses-internet/petugas/perencanaan/")
    # Session, user and second factor; the officer check; desa, profiles, current coverage,
    # working points and kecamatan.
    with django_assert_num_queries(9):
        first = officer_client.get("/akses-internet/petugas/perencanaan/")
    desas = list(Region.objects.filter(level="desa").values_list("code", flat=True))
    _coverage(desas[:60], "tidak_ada")
    for code in desas[:60]:
        actions.update_desa_profile(actor="sistem:uji", desa=Region.objects.get(code=code),
                                    population=1000, latitude="-0.5", longitude="109.3")
    for _ in range(10):
        make_point()
    with django_assert_num_queries(9):
        second = officer_client.get("/akses-internet/petugas/perencanaan/")
    assert len(first.context["planning"]) == 1 and len(second.context["planning"]) == 60
    assert DesaProfile.objects.count() == 60


def test_nearest_working_point_is_the_closest_active_one(officer_client):
    from decimal import Decimal

    from balai.access_points import actions

    desa = Region.objects.get(code="61.12.05.2001")
    _coverage([desa.code], "tidak_ada")
    actions.update_desa_profile(actor="sistem:uji", desa=desa, population=2500,
                                latitude=Decimal("-0.8"), longitude=Decimal("109.47"))
    make_point(name="Jauh", latitude=Decimal("-0.1"), longitude=Decimal("109.4"))
    make_point(name="Dekat tapi mati", latitude=Decimal("-0.8"), longitude=Decimal("109.48"),
               status="tidak_aktif")
    make_point(name="Dekat", latitude=Decimal("-0.81"), longitude=Decimal("109.47"))

    row = officer_client.get("/akses-internet/petugas/perencanaan/").context["planning"][0]

    assert row.nearest_point.name == "Dekat"
    assert row.nearest_km == pytest.approx(1.1, abs=0.05)  # 0.01 degree of latitude


def test_haversine_matches_a_known_distance():
    # Pontianak (-0.0263, 109.3425) to Sungai Raya (-0.0928, 109.3856): about 8.8 km.
    assert queries.haversine_km(-0.0263, 109.3425, -0.0928, 109.3856) == pytest.approx(8.8,
                                                                                        abs=0.1)


def test_officer_plans_a_bakti_tower_and_the_report_counts_it(officer_client):
    _coverage(["61.12.05.2001"], "tidak_ada")
    response = officer_client.post("/akses-internet/petugas/desa/61.12.05.2001/", {
        "population": "3120", "population_source": "Disdukcapil 2026",
        "latitude": "-0.800000", "longitude": "109.470000", "bakti_tower_planned": "on",
        "bakti_plan_year": "2027"})

    assert response.status_code == 302
    profile = DesaProfile.objects.get(desa_id="61.12.05.2001")
    assert (profile.population, profile.bakti_tower_planned, profile.bakti_plan_year) == (
        3120, True, 2027)
    assert LedgerEntry.objects.filter(action="akses.profil_desa_diubah").count() == 1
    _table, totals = queries.report_table()
    assert totals[3:6] == [1, 0, 1]
    page = officer_client.get("/akses-internet/petugas/perencanaan/")
    assert page.context["planning"][0].population == 3120
    form = officer_client.get("/akses-internet/petugas/desa/61.12.05.2001/").content.decode()
    assert 'value="3120"' in form


def test_bad_desa_profile_gives_messages_and_writes_nothing(officer_client):
    response = officer_client.post("/akses-internet/petugas/desa/61.12.05.2001/", {
        "population": "-4", "latitude": "-0.8", "bakti_plan_year": "2027"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Isi lintang dan bujur bersama-sama" in html
    assert "Tahun hanya diisi bila BTS BAKTI direncanakan." in html
    assert not DesaProfile.objects.exists()


def test_unknown_desa_is_404(officer_client):
    assert officer_client.get("/akses-internet/petugas/desa/99.99.99.9999/").status_code == 404
