"""Citizens report a point that is down or slow (rate-limited); a Diskominfo officer confirms or
dismisses the report, and a confirmed outage puts the point in `gangguan`."""

from __future__ import annotations

import pytest

from balai.access_points.models import OutageReport, Status
from balai.access_points.tests.helpers import make_point
from balai.core.testing import make_citizen, sign_in
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def point(kubu_raya):
    return make_point(name="Kantor Desa Sungai Raya")


def test_anonymous_visitor_is_asked_to_sign_in(client, point):
    response = client.post(f"/akses-internet/{point.pk}/lapor/", {"problem": "mati"})

    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    assert not OutageReport.objects.exists()


def test_citizen_reports_an_outage_and_the_ledger_records_it(client, citizen, point):
    sign_in(client, citizen.user)
    response = client.post(f"/akses-internet/{point.pk}/lapor/",
                           {"problem": "mati", "description": "Wifi tidak muncul sejak pagi."})

    assert response.status_code == 302
    report = OutageReport.objects.get()
    assert (report.reporter, report.problem, report.decision) == (
        citizen.user, "mati", OutageReport.Decision.BARU)
    assert LedgerEntry.objects.filter(action="akses.gangguan_dilaporkan",
                                      object_id=str(report.pk)).exists()


def test_missing_problem_gives_a_message_next_to_the_field(client, citizen, point):
    sign_in(client, citizen.user)
    response = client.post(f"/akses-internet/{point.pk}/lapor/", {"description": "x" * 1001})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Pilih masalahnya." in html and "ringkasan-galat" in html
    assert not OutageReport.objects.exists()


def test_second_open_report_of_the_same_point_is_refused(client, citizen, point):
    sign_in(client, citizen.user)
    client.post(f"/akses-internet/{point.pk}/lapor/", {"problem": "lambat"})
    response = client.post(f"/akses-internet/{point.pk}/lapor/", {"problem": "mati"})

    assert response.status_code == 400
    assert "sudah melaporkan titik ini" in response.content.decode()
    assert OutageReport.objects.count() == 1


def test_reports_are_rate_limited_per_account(client, citizen, kubu_raya):
    points = [make_point() for _ in range(7)]
    sign_in(client, citizen.user)
    statuses = [client.post(f"/akses-internet/{p.pk}/lapor/", {"problem": "mati"}).status_code
                for p in points]

    assert statuses == [302] * 5 + [429] * 2
    assert OutageReport.objects.count() == 5
    refused = client.post(f"/akses-internet/{points[0].pk}/lapor/", {"problem": "mati"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Terlalu banyak percobaan" in refused.content.decode()


def test_reports_are_rate_limited_per_address_across_accounts(client, kubu_raya, settings):
    settings.BALAI_RATE_LIMITS = {**settings.BALAI_RATE_LIMITS,
                                  "outage_report": {"ip": (3, 3600), "account": (5, 3600)}}
    point = make_point()
    statuses = []
    for _ in range(4):
        client.logout()
        sign_in(client, make_citizen().user)
        statuses.append(client.post(f"/akses-internet/{point.pk}/lapor/",
                                    {"problem": "lambat"}).status_code)

    assert statuses == [302, 302, 302, 429]


def test_officer_without_citizen_account_cannot_report(client, kominfo_officer, point):
    sign_in(client, kominfo_officer)
    assert client.post(f"/akses-internet/{point.pk}/lapor/",
                       {"problem": "mati"}).status_code == 403


def _reported(citizen, point, problem="mati"):
    from balai.access_points.actions import report_outage

    return report_outage(actor=citizen.user, point=point, problem=problem)


def test_confirmed_outage_puts_the_point_in_gangguan(client, citizen, kominfo_officer, point):
    report = _reported(citizen, point)
    sign_in(client, kominfo_officer)

    queue = client.get("/akses-internet/petugas/")
    assert "Kantor Desa Sungai Raya" in queue.content.decode()
    response = client.post(f"/akses-internet/petugas/laporan/{report.pk}/konfirmasi/",
                           {"note": "Modem mati, teknisi dikirim."})

    assert response.status_code == 302
    report.refresh_from_db()
    point.refresh_from_db()
    assert report.decision == OutageReport.Decision.DIKONFIRMASI
    assert report.decided_by == kominfo_officer
    assert point.status == Status.GANGGUAN
    assert LedgerEntry.objects.filter(action="akses.laporan_diperiksa").count() == 1
    assert LedgerEntry.objects.filter(action="akses.titik_diubah",
                                      object_id=str(point.pk)).count() == 1


def test_confirmed_slow_point_keeps_its_status(client, citizen, kominfo_officer, point):
    report = _reported(citizen, point, problem="lambat")
    sign_in(client, kominfo_officer)
    client.post(f"/akses-internet/petugas/laporan/{report.pk}/konfirmasi/")

    point.refresh_from_db()
    assert point.status == Status.AKTIF


def test_dismissed_report_leaves_the_point_alone_and_cannot_be_decided_twice(
        client, citizen, kominfo_officer, point):
    report = _reported(citizen, point)
    sign_in(client, kominfo_officer)
    client.post(f"/akses-internet/petugas/laporan/{report.pk}/tolak/")
    again = client.post(f"/akses-internet/petugas/laporan/{report.pk}/konfirmasi/", follow=True)

    report.refresh_from_db()
    point.refresh_from_db()
    assert report.decision == OutageReport.Decision.DITOLAK
    assert point.status == Status.AKTIF
    assert "Laporan ini sudah diperiksa." in again.content.decode()


def test_officer_of_another_office_cannot_decide(client, citizen, officer, point):
    report = _reported(citizen, point)
    sign_in(client, officer)

    assert client.post(f"/akses-internet/petugas/laporan/{report.pk}/konfirmasi/"
                       ).status_code == 404
    report.refresh_from_db()
    assert report.decision == OutageReport.Decision.BARU


def test_decide_action_refuses_a_non_officer(citizen, officer, point):
    from balai.access_points.actions import decide_report
    from balai.core.errors import PermissionDeniedError

    report = _reported(citizen, point)
    with pytest.raises(PermissionDeniedError):
        decide_report(actor=officer, report=report, confirm=True)


def test_report_queue_costs_the_same_queries_for_many_reports(client, kominfo_officer, point,
                                                              django_assert_num_queries):
    from balai.access_points.actions import decide_report

    sign_in(client, kominfo_officer)
    _reported(make_citizen(), point)
    decide_report(actor=kominfo_officer, report=_reported(make_citizen(), point), confirm=False)
    client.get("/akses-internet/petugas/")
    # Session, user and second factor; the officer check; open reports; recent decisions.
    with django_assert_num_queries(6):
        first = client.get("/akses-internet/petugas/")
    for _ in range(8):
        decide_report(actor=kominfo_officer, report=_reported(make_citizen(), point),
                      confirm=False)
        _reported(make_citizen(), point)
    with django_assert_num_queries(6):
        second = client.get("/akses-internet/petugas/")
    assert len(first.context["reports"]) == 1 and len(second.context["reports"]) == 9
    assert len(second.context["decided"]) == 9
