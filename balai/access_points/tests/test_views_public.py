"""The public list and map work without JavaScript (plain HTML, filters as a GET form, pages as
links), cost a fixed number of queries, and a point's page links to reporting."""

from __future__ import annotations

import re

import pytest

from balai.access_points.models import Kind, Status
from balai.access_points.tests.helpers import make_point
from balai.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def points(kubu_raya):
    batu_ampar = Region.objects.get(code="61.12.05.2001")
    made = [make_point(name=f"Kantor Desa {i:02d}") for i in range(25)]
    made.append(make_point(name="Puskesmas Batu Ampar", kind=Kind.PUSKESMAS, desa=batu_ampar,
                           latitude="-0.8", longitude="109.47", status=Status.GANGGUAN))
    return made


def test_list_shows_points_in_a_plain_html_table_with_a_filter_form(client, points):
    response = client.get("/akses-internet/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="get"' in html and "<table>" in html
    assert "Kantor Desa 00" in html and "Kantor Desa 19" in html
    assert "Kantor Desa 20" not in html  # 20 a page
    assert 'href="?page=2"' in html
    assert "<script" not in html.split("</header>")[1]  # nothing on the page needs JavaScript


def test_list_filters_by_kecamatan_type_and_status(client, points):
    by_kecamatan = client.get("/akses-internet/?kecamatan=61.12.05").content.decode()
    by_kind = client.get("/akses-internet/?jenis=puskesmas").content.decode()
    by_status = client.get("/akses-internet/?status=gangguan&kecamatan=61.12.05").content.decode()
    none = client.get("/akses-internet/?status=tidak_aktif").content.decode()

    for html in (by_kecamatan, by_kind, by_status):
        assert "Puskesmas Batu Ampar" in html and "Kantor Desa 00" not in html
    assert "Tidak ada titik akses yang cocok." in none


def test_second_page_keeps_the_filters_in_its_links(client, points):
    response = client.get("/akses-internet/?kecamatan=61.12.01&page=2")

    html = response.content.decode()
    assert "Kantor Desa 24" in html and "Kantor Desa 00" not in html
    assert 'href="?kecamatan=61.12.01&amp;page=1"' in html


def test_bad_filter_value_is_an_error_message_not_a_failure(client, points):
    response = client.get("/akses-internet/?status=meledak&page=zzz")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Masukkan pilihan yang valid" in html and 'aria-invalid="true"' in html
    assert "Kantor Desa 00" in html  # the unfiltered list, first page


def test_list_costs_the_same_queries_for_a_long_list(client, kubu_raya,
                                                     django_assert_num_queries):
    make_point()
    client.get("/akses-internet/")  # warm the session-less path
    with django_assert_num_queries(3):  # kecamatan choices, the page, demo marker
        client.get("/akses-internet/?kecamatan=61.12.01")
    for _ in range(30):
        make_point()
    with django_assert_num_queries(3):
        client.get("/akses-internet/?kecamatan=61.12.01")


def test_map_draws_every_point_by_its_coordinates_and_lists_them_without_tiles(client, points):
    response = client.get("/akses-internet/peta/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<circle") == 26
    assert "Puskesmas Batu Ampar" in html.split("<h2>")[1]  # the list under the map
    assert "tile" not in html.lower() and "leaflet" not in html.lower()
    # Batu Ampar lies south of Sungai Raya: lower on the map (a larger y).
    cy = {name: float(y) for name, y in re.findall(
        r'aria-label="([^"(]+) \([^)]*\)">\s*<circle cx="[\d.]+" cy="([\d.]+)"', html)}
    assert len(cy) == 26
    assert cy["Puskesmas Batu Ampar"] > cy["Kantor Desa 00"]


def test_map_costs_two_queries(client, points, django_assert_num_queries):
    with django_assert_num_queries(2):  # kecamatan choices, the points
        client.get("/akses-internet/peta/")


def test_point_page_shows_its_details_and_the_report_link(client, points):
    point = points[-1]
    response = client.get(f"/akses-internet/{point.pk}/")

    html = response.content.decode()
    assert "Puskesmas Batu Ampar" in html and "Gangguan" in html and "20 Mbps" in html
    assert f"/akses-internet/{point.pk}/lapor/" in html
    assert "Ubah data titik ini" not in html


def test_unknown_point_is_404(client, kubu_raya):
    assert client.get("/akses-internet/999999/").status_code == 404
