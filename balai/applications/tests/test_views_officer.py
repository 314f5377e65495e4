from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from balai.applications.models import Application, ApplicationEvent, Upload
from balai.applications.tests.helpers import act, make_submitted
from balai.core.testing import make_citizen, sign_in

pytestmark = pytest.mark.django_db
QUEUE = "/permohonan/antrean/"


def officer_url(application, name: str = "officer_detail", **kwargs) -> str:
    return reverse(f"applications:{name}", kwargs={"number": application.number, **kwargs})


def make_many(definition, n: int) -> list[Application]:
    citizen = make_citizen()
    return [make_submitted(citizen.user, definition) for _ in range(n)]


def test_queue_shows_only_the_officers_office(client, officer, akta, akta_other_office):
    mine = make_many(akta, 2)
    theirs = make_many(akta_other_office, 1)
    sign_in(client, officer)
    page = client.get(QUEUE).content.decode()
    assert all(a.number in page for a in mine)
    assert theirs[0].number not in page


def test_queue_is_404_for_citizens(client, citizen):
    sign_in(client, citizen.user)
    assert client.get(QUEUE).status_code == 404


def test_queue_shows_working_days_left_and_overdue(client, officer, akta):
    on_time, late = make_many(akta, 2)
    today = timezone.localdate()
    Application.objects.filter(pk=late.pk).update(due_date=today - dt.timedelta(days=14))
    sign_in(client, officer)
    page = client.get(QUEUE).content.decode()
    assert "hari kerja lagi" in page
    assert "terlambat" in page
    overdue_only = client.get(QUEUE, {"overdue": "on"}).content.decode()
    assert late.number in overdue_only and on_time.number not in overdue_only


def test_queue_filters_by_state_and_assignment(client, officer, verifikator, akta):
    first, second = make_many(akta, 2)
    act(first, "verifikasi", verifikator)
    sign_in(client, officer)
    verified = client.get(QUEUE, {"state": "diverifikasi"}).content.decode()
    assert first.number in verified and second.number not in verified
    client.post(officer_url(second, "claim"), {"version": second.version})
    mine = client.get(QUEUE, {"mine": "on"}).content.decode()
    assert second.number in mine and first.number not in mine


def test_queue_is_sorted_by_due_date_and_paginated(client, officer, akta):
    apps = make_many(akta, 27)
    today = timezone.localdate()
    for i, application in enumerate(apps):
        Application.objects.filter(pk=application.pk).update(
            due_date=today + dt.timedelta(days=30 - i))
    sign_in(client, officer)
    first_page = client.get(QUEUE).content.decode()
    assert "Halaman 1 dari 2" in first_page
    assert first_page.index(apps[-1].number) < first_page.index(apps[-2].number)
    assert apps[0].number not in first_page


@pytest.mark.parametrize("rows", [5, 50])
def test_queue_query_count_is_constant(client, officer, akta, django_assert_max_num_queries,
                                       rows):
    make_many(akta, rows)
    sign_in(client, officer)
    with django_assert_max_num_queries(9):
        response = client.get(QUEUE)
    assert response.status_code == 200


def test_officer_detail_shows_data_uploads_timeline_and_actions(client, officer, submitted):
    sign_in(client, officer)
    page = client.get(officer_url(submitted)).content.decode()
    assert "Nur Aisyah" in page
    assert "Verifikasi berkas" in page
    assert "Minta perbaikan" in page
    assert 'name="minta_perbaikan-perbaikan_kk"' in page
    assert f'name="verifikasi-version" value="{submitted.version}"' in page
    assert "Permohonan diajukan" in page
    assert "/permohonan/berkas/" in page


def test_officer_acts_through_the_page(client, verifikator, submitted):
    sign_in(client, verifikator)
    response = client.post(officer_url(submitted, "officer_action", action="verifikasi"),
                           {"verifikasi-version": submitted.version})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == "diverifikasi"


def test_stale_form_gets_clear_message_and_changes_nothing(client, verifikator, officer,
                                                           submitted):
    seen = submitted.version
    act(submitted, "verifikasi", officer)
    sign_in(client, verifikator)
    response = client.post(officer_url(submitted, "officer_action", action="tolak"),
                           {"tolak-version": seen, "tolak-note": "Palsu"}, follow=True)
    assert "baru saja diproses oleh petugas lain" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == "diverifikasi"


def test_correction_form_needs_a_reason_per_requirement(client, verifikator, submitted):
    sign_in(client, verifikator)
    url = officer_url(submitted, "officer_action", action="minta_perbaikan")
    response = client.post(url, {"minta_perbaikan-version": submitted.version,
                                 "minta_perbaikan-note": "Perbaiki"})
    assert response.status_code == 400
    assert "paling sedikit satu berkas" in response.content.decode()
    response = client.post(url, {"minta_perbaikan-version": submitted.version,
                                 "minta_perbaikan-note": "Perbaiki",
                                 "minta_perbaikan-perbaikan_kk": "KK buram"})
    assert response.status_code == 302
    event = ApplicationEvent.objects.get(application=submitted, action="minta_perbaikan")
    assert event.corrections == {"kk": "KK buram"}


def test_officer_action_not_allowed_for_role_shows_message(client, officer, submitted):
    act(submitted, "verifikasi", officer)
    sign_in(client, officer)
    response = client.post(officer_url(submitted, "officer_action", action="setujui"),
                           {"setujui-version": submitted.version + 1}, follow=True)
    assert "tidak berwenang" in response.content.decode()


def test_assign_to_colleague(client, officer, verifikator, submitted):
    sign_in(client, officer)
    response = client.post(officer_url(submitted, "assign"),
                           {"version": submitted.version, "assignee": verifikator.pk})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.assigned_to == verifikator


def test_upload_is_served_as_attachment_with_nosniff(client, officer, citizen, submitted):
    upload = Upload.objects.filter(application=submitted).first()
    for user in (officer, citizen.user):
        sign_in(client, user)
        response = client.get(reverse("applications:upload", kwargs={"upload_id": upload.pk}))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("name,kwargs,method", [
    ("officer_detail", {}, "get"),
    ("officer_action", {"action": "verifikasi"}, "post"),
    ("claim", {}, "post"),
    ("assign", {}, "post"),
])
def test_officer_pages_are_404_for_other_office_and_citizens(client, submitted, citizen,
                                                             officer_other_office, name,
                                                             kwargs, method):
    url = officer_url(submitted, name, **kwargs)
    for user in (officer_other_office, citizen.user):
        sign_in(client, user)
        assert getattr(client, method)(url).status_code == 404
    submitted.refresh_from_db()
    assert submitted.state == "diajukan" and submitted.assigned_to is None


def test_upload_is_404_for_other_citizen_and_other_office(client, submitted, other_citizen,
                                                          officer_other_office):
    upload = Upload.objects.filter(application=submitted).first()
    url = reverse("applications:upload", kwargs={"upload_id": upload.pk})
    for user in (other_citizen.user, officer_other_office):
        sign_in(client, user)
        assert client.get(url).status_code == 404
