"""The public list, the session page, registering and cancelling through the pages, the ticket
and the calendar feed."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.utils import timezone

from balai.core.testing import make_citizen, sign_in
from balai.literacy import actions
from balai.literacy.models import Registration
from balai.literacy.tests.conftest import make_session

pytestmark = pytest.mark.django_db


def test_list_shows_upcoming_sessions_and_filters_them(client, session, programme, organiser):
    online = actions.create_programme(
        actor=organiser, office=programme.office, title="Etika Bermedia Sosial untuk Pelajar",
        description="Jejak digital.", kind="seminar", pillar="etika")
    make_session(online, organiser, kecamatan=None, address="",
                 online_url="https://meet.example.org/etika", target_groups=["pelajar"])
    past = make_session(programme, organiser)
    past.starts_at = timezone.now() - dt.timedelta(days=2)
    past.ends_at = past.starts_at + dt.timedelta(hours=2)
    from balai.literacy.models import Session
    Session.objects.filter(pk=past.pk).update(starts_at=past.starts_at, ends_at=past.ends_at)

    page = client.get("/literasi-digital/").content.decode()
    assert page.count("Aman Bertransaksi Digital") == 1
    assert "Etika Bermedia Sosial" in page

    by_pillar = client.get("/literasi-digital/?pilar=etika").content.decode()
    assert "Etika Bermedia Sosial" in by_pillar and "Aman Bertransaksi" not in by_pillar
    by_group = client.get("/literasi-digital/?sasaran=umkm").content.decode()
    assert "Aman Bertransaksi" in by_group and "Etika Bermedia" not in by_group
    by_place = client.get("/literasi-digital/?kecamatan=61.12.01").content.decode()
    assert "Aman Bertransaksi" in by_place and "Etika Bermedia" not in by_place


def test_bad_filter_values_are_ignored_not_an_error(client, session):
    response = client.get("/literasi-digital/?pilar=bukan&sasaran=x&page=abc")
    assert response.status_code == 200
    assert "Aman Bertransaksi" in response.content.decode()


def test_list_is_paginated(client, kubu_raya, programme, organiser):
    for _ in range(21):
        make_session(programme, organiser)
    first = client.get("/literasi-digital/").content.decode()
    assert 'rel="next"' in first
    second = client.get("/literasi-digital/?page=2").content.decode()
    assert second.count("Aman Bertransaksi Digital") == 1


def test_citizen_registers_sees_ticket_with_qr_and_cancels(client, session, citizen):
    sign_in(client, citizen.user)
    detail = client.get(f"/literasi-digital/sesi/{session.pk}/").content.decode()
    assert "Daftar" in detail
    response = client.post(f"/literasi-digital/sesi/{session.pk}/daftar/")
    registration = Registration.objects.get(participant=citizen.user)
    assert response.status_code == 302
    assert response["Location"] == f"/literasi-digital/pendaftaran/{registration.pk}/"
    ticket = client.get(response["Location"]).content.decode()
    assert "Terdaftar" in ticket and 'src="data:image/svg+xml' in ticket

    again = client.post(f"/literasi-digital/sesi/{session.pk}/daftar/")
    assert again["Location"] == response["Location"]
    assert Registration.objects.filter(participant=citizen.user).count() == 1

    client.post(f"/literasi-digital/pendaftaran/{registration.pk}/batal/")
    registration.refresh_from_db()
    assert registration.status == "batal"


def test_full_session_puts_the_citizen_on_the_waitlist(client, session, citizen):
    for _ in range(2):
        actions.register_for_session(session=session, participant=make_citizen().user)
    sign_in(client, citizen.user)
    assert "Masuk daftar tunggu" in client.get(
        f"/literasi-digital/sesi/{session.pk}/").content.decode()
    response = client.post(f"/literasi-digital/sesi/{session.pk}/daftar/", follow=True)
    page = response.content.decode()
    assert "Daftar tunggu" in page and "urutan 1 di daftar tunggu" in page
    assert 'src="data:image/svg+xml' not in page


def test_other_citizen_cannot_see_or_cancel_a_registration(client, session, citizen,
                                                           other_citizen):
    registration = actions.register_for_session(session=session, participant=citizen.user)
    sign_in(client, other_citizen.user)
    assert client.get(f"/literasi-digital/pendaftaran/{registration.pk}/").status_code == 404
    assert client.post(f"/literasi-digital/pendaftaran/{registration.pk}/batal/"
                       ).status_code == 404
    registration.refresh_from_db()
    assert registration.status == "terdaftar"


def test_officer_cannot_register_as_a_participant(client, session, officer):
    sign_in(client, officer)
    assert client.post(f"/literasi-digital/sesi/{session.pk}/daftar/").status_code == 403
    assert not Registration.objects.exists()


def test_unknown_session_is_404(client, db):
    assert client.get("/literasi-digital/sesi/999999/").status_code == 404


def test_calendar_feed_lists_upcoming_sessions(client, session):
    response = client.get("/literasi-digital/kalender.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["summary"]) == "Aman Bertransaksi Digital untuk UMKM"
    assert event.decoded("dtstart") == session.starts_at.replace(microsecond=0)
    assert "Sungai Raya" in str(event["location"])
    assert str(event["url"]).endswith(f"/literasi-digital/sesi/{session.pk}/")


def test_online_session_page_hides_the_link_until_registered(client, kubu_raya, programme,
                                                             organiser, citizen):
    session = make_session(programme, organiser, kecamatan=None, address="",
                           online_url="https://meet.example.org/rahasia")
    assert "meet.example.org" not in client.get(
        f"/literasi-digital/sesi/{session.pk}/").content.decode()
    registration = actions.register_for_session(session=session, participant=citizen.user)
    sign_in(client, citizen.user)
    assert "meet.example.org/rahasia" in client.get(
        f"/literasi-digital/pendaftaran/{registration.pk}/").content.decode()
