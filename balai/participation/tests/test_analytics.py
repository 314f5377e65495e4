"""Analytics for officials: office-scoped counts from the monthly counters, SVG charts with the
same data as a table and a CSV download."""

from __future__ import annotations

import csv
import io

import pytest

from balai.complaints import actions as complaint_actions
from balai.complaints.models import ComplaintCategory
from balai.complaints.tests.helpers import make_complaint
from balai.core.testing import sign_in
from balai.regions.models import Region


@pytest.fixture
def filed(citizen, officer, office_a, office_b, kubu_raya, idea):
    village = Region.objects.filter(level="desa", parent_id="61.12.01").order_by("code").first()
    roads = ComplaintCategory.objects.create(code="jalan-rusak", name="Jalan rusak",
                                             office=office_a)
    permits = ComplaintCategory.objects.create(code="perizinan", name="Perizinan lambat",
                                               office=office_b)
    first = make_complaint(reporter=citizen.user, category=roads, village=village)
    make_complaint(reporter=citizen.user, category=roads, village=village)
    make_complaint(reporter=citizen.user, category=permits, village=village)
    complaint_actions.respond_to_complaint(actor=officer, complaint=first, public_note="Ok.")
    complaint_actions.close_complaint(actor=officer, complaint=first, note="Selesai.")
    complaint_actions.confirm_complaint(actor=citizen.user, complaint=first)
    return village


def test_officer_sees_own_office_with_chart_table_and_csv(client, officer, filed,
                                                          django_assert_max_num_queries):
    sign_in(client, officer)
    with django_assert_max_num_queries(25):
        page = client.get("/partisipasi/analitik/").content.decode()
    assert "Jalan rusak" in page and "Perizinan lambat" not in page
    assert "<svg" in page and "style=" not in page.split("<main", 1)[-1]
    assert "Masalah yang paling sering dilaporkan" in page
    rows = list(csv.reader(io.StringIO(client.get("/partisipasi/analitik.csv").content.decode())))
    assert ["Jalan rusak", "2"] in rows
    office_row = next(r for r in rows if r and r[0] == "Dinas Kependudukan (uji)")
    assert office_row[1] == "2" and office_row[3] == "1" and office_row[5] == "100"
    assert ["Jalan dan jembatan", "1"] in rows  # aspirations by topic


def test_admin_sees_every_office(client, admin_user, filed):
    sign_in(client, admin_user)
    page = client.get("/partisipasi/analitik/").content.decode()
    assert "Jalan rusak" in page and "Perizinan lambat" in page


def test_citizen_cannot_see_analytics(client, citizen):
    sign_in(client, citizen.user)
    assert client.get("/partisipasi/analitik/").status_code == 404
    assert client.get("/partisipasi/analitik.csv").status_code == 404
