"""The health queue's pages over HTTP: the public list, a facility, the board and its JSON,
statistics, a citizen's booking and ticket, and the desk; lists with bounded query counts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from balai.core.testing import make_citizen, sign_in
from balai.health import actions
from balai.health.models import Task, Visit
from balai.health.testing import make_polyclinic

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + dt.timedelta(days=1)


def test_the_list_filters_by_kecamatan(client, polyclinic, upt):
    make_polyclinic(office=upt, code="AMB-UMUM", kecamatan="61.12.03")
    page = client.get("/kesehatan/").content.decode()
    assert page.count("Puskesmas Uji") == 2
    filtered = client.get("/kesehatan/?kecamatan=61.12.03").content.decode()
    assert filtered.count("Puskesmas Uji") == 1
    assert client.get("/kesehatan/?kecamatan=99.99").status_code == 400


def test_the_list_query_count_does_not_grow_with_facilities(client, polyclinic, upt):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/kesehatan/").status_code == 200
        return len(queries)

    before = count()
    for n in range(5):
        make_polyclinic(office=upt, code=f"N{n}-UMUM")
    assert count() == before


def test_the_facility_page_shows_schedules_and_codes(client, polyclinic):
    page = client.get(f"/kesehatan/{polyclinic.facility.code}/").content.decode()
    assert "UJI-UMUM" in page and "dr. Uji" in page
    assert f"/kesehatan/poli/{polyclinic.pk}/ambil/" in page
    assert client.get("/kesehatan/tidak-ada/").status_code == 404


def test_a_citizen_books_sees_the_ticket_and_cancels(client, polyclinic):
    citizen = make_citizen()
    sign_in(client, citizen.user)
    url = f"/kesehatan/poli/{polyclinic.pk}/ambil/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"date": TOMORROW.isoformat(), "bpjs_number": "0001 2345 67890"})
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/kesehatan/kunjungan/{visit.pk}/"
    assert visit.bpjs_number == "0001234567890" and visit.channel == "daring"
    ticket = client.get(response["Location"]).content.decode()
    assert "UMUM-001" in ticket and visit.booking_code in ticket
    client.post(f"/kesehatan/kunjungan/{visit.pk}/batal/")
    visit.refresh_from_db()
    assert visit.status == Visit.Status.CANCELLED


def test_a_bad_bpjs_number_or_date_is_a_field_error(client, polyclinic):
    sign_in(client, make_citizen().user)
    url = f"/kesehatan/poli/{polyclinic.pk}/ambil/"
    response = client.post(url, {"date": "2001-01-01", "bpjs_number": "123"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nomor kartu BPJS Kesehatan harus 13 angka." in page
    assert "Pilih tanggal yang ada di daftar." in page
    assert not Visit.objects.exists()


def test_a_full_day_is_an_error_summary_not_a_500(client, polyclinic):
    for _ in range(7):
        user = make_citizen().user
        actions.book_visit(polyclinic=polyclinic, date=TOMORROW, channel="daring", actor=user,
                           patient=user)
    sign_in(client, make_citizen().user)
    response = client.post(f"/kesehatan/poli/{polyclinic.pk}/ambil/",
                           {"date": TOMORROW.isoformat()})
    assert response.status_code == 400
    assert "sudah habis" in response.content.decode()


def test_the_desk_registers_a_walk_in_and_calls_the_patient(client, polyclinic, desk_officer):
    sign_in(client, desk_officer)
    today = timezone.localdate()
    response = client.post(f"/kesehatan/loket/poli/{polyclinic.pk}/daftar/", {
        "kind": "datang", "date": today.isoformat(), "patient_name": "Budi Santoso",
        "phone": "0812 1111 2222", "bpjs_number": ""})
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.walk_in and visit.status == Visit.Status.ARRIVED
    for task in (Task.ADMISSION, Task.WAIT_POLI):
        client.post(f"/kesehatan/loket/kunjungan/{visit.pk}/tahap/", {"task": str(task)})
    client.post(f"/kesehatan/loket/poli/{polyclinic.pk}/panggil/")
    visit.refresh_from_db()
    assert visit.status == Visit.Status.CALLED
    board = client.get(f"/kesehatan/{polyclinic.facility.code}/antrean/").content.decode()
    assert "UMUM-001" in board and 'http-equiv="refresh"' in board
    data = json.loads(client.get(f"/kesehatan/{polyclinic.facility.code}/antrean.json").content)
    assert data["polyclinics"][0] == {"code": "UJI-UMUM", "name": "Poli Umum",
                                      "called": "UMUM-001", "waiting": [], "waiting_count": 0}
    desk = client.get(f"/kesehatan/loket/poli/{polyclinic.pk}/").content.decode()
    assert "Budi Santoso" in desk and "Ke farmasi" in desk


def test_a_stage_out_of_order_at_the_desk_is_a_message(client, polyclinic, desk_officer):
    sign_in(client, desk_officer)
    visit = actions.book_visit(polyclinic=polyclinic, date=timezone.localdate(),
                               channel="telepon", actor=desk_officer, patient_name="Ani")
    response = client.post(f"/kesehatan/loket/kunjungan/{visit.pk}/tahap/", {"task": "abc"},
                           follow=True)
    assert "tidak dapat dicatat" in response.content.decode()
    visit.refresh_from_db()
    assert visit.stage is None


def test_the_desk_day_query_count_does_not_grow_with_visits(client, polyclinic, desk_officer):
    sign_in(client, desk_officer)
    url = f"/kesehatan/loket/poli/{polyclinic.pk}/"

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    actions.book_visit(polyclinic=polyclinic, date=timezone.localdate(), channel="telepon",
                       actor=desk_officer, patient_name="Pasien 0")
    before = count()
    for n in range(1, 6):
        actions.book_visit(polyclinic=polyclinic, date=timezone.localdate(), channel="telepon",
                           actor=desk_officer, patient_name=f"Pasien {n}")
    assert count() == before


def test_the_board_query_count_does_not_grow_with_the_queue(client, polyclinic, desk_officer):
    url = f"/kesehatan/{polyclinic.facility.code}/antrean.json"

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for n in range(4):
        visit = actions.book_visit(polyclinic=polyclinic, date=timezone.localdate(),
                                   channel="loket", actor=desk_officer,
                                   patient_name=f"Pasien {n}", walk_in=True)
        for task in (Task.ADMISSION, Task.WAIT_POLI):
            actions.record_stage(visit=visit, actor=desk_officer, task=task)
    assert count() == before
    data = json.loads(client.get(url).content)
    assert data["polyclinics"][0]["waiting"] == ["UMUM-001", "UMUM-002", "UMUM-003",
                                                 "UMUM-004"]


def test_the_statistics_page_is_public(client, polyclinic):
    page = client.get(f"/kesehatan/{polyclinic.facility.code}/statistik/").content.decode()
    assert "Rata-rata menunggu" in page and "Poli Umum" in page
