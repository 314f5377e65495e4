"""The public iCalendar feed of consultations' closing dates."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from balai.participation import actions

pytestmark = pytest.mark.django_db

PATH = "/partisipasi/konsultasi/kalender.ics"


def _consultation(officer, office, *, title: str, opens: int, closes: int):
    today = timezone.localdate()
    return actions.publish_consultation(
        actor=officer, office=office, title=title, summary="Ringkasan rancangan.",
        opens_on=today + dt.timedelta(days=opens), closes_on=today + dt.timedelta(days=closes),
        sections=[("Pasal 1", "Isi pasal.")])


def _calendar(client) -> icalendar.Calendar:
    response = client.get(PATH)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "public" in response["Cache-Control"]
    return icalendar.Calendar.from_ical(response.content)


def test_feed_has_each_consultations_closing_date_as_an_all_day_event(client, officer,
                                                                      office_a):
    open_one = _consultation(officer, office_a, title="Ranperda Sampah", opens=-1, closes=10)
    calendar = _calendar(client)
    assert str(calendar["X-WR-CALNAME"]) == "Konsultasi publik Kabupaten Kubu Raya"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"konsultasi-{open_one.pk}@127.0.0.1"
    assert event.decoded("DTSTART") == open_one.closes_on
    assert isinstance(event.decoded("DTSTART"), dt.date)
    assert not isinstance(event.decoded("DTSTART"), dt.datetime)
    assert str(event["SUMMARY"]) == "Konsultasi publik ditutup: Ranperda Sampah"
    assert str(event["URL"]) == (
        f"http://127.0.0.1:8000/partisipasi/konsultasi/{open_one.pk}/")
    assert office_a.name in str(event["DESCRIPTION"])
    assert event.decoded("DTSTAMP") == open_one.created_at.replace(microsecond=0)


def test_feed_needs_no_sign_in_and_is_linked_from_the_list(client):
    html = client.get("/partisipasi/konsultasi/").content.decode()
    assert f'href="{PATH}"' in html
    assert client.get(PATH).status_code == 200


def test_consultations_closed_over_a_year_ago_drop_out(client, officer, office_a):
    recent = _consultation(officer, office_a, title="Baru ditutup", opens=-40, closes=-30)
    _consultation(officer, office_a, title="Lama", opens=-500, closes=-400)
    uids = [str(event["UID"]) for event in _calendar(client).walk("VEVENT")]
    assert uids == [f"konsultasi-{recent.pk}@127.0.0.1"]


def test_feed_queries_do_not_grow_with_consultations(client, officer, office_a):
    _consultation(officer, office_a, title="Pertama", opens=0, closes=5)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(PATH)
        return len(captured)

    few = count()
    for n in range(4):
        _consultation(officer, office_a, title=f"Ranperda {n}", opens=0, closes=5 + n)
    assert count() == few
    assert len(_calendar(client).walk("VEVENT")) == 5
