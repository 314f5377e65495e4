"""The requester's deadlines as an iCalendar feed at the secret address of their account: made
and reset on Akun saya > Kalender tenggat, read by a calendar app that cannot sign in."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from balai.accounts.models import CalendarFeed
from balai.core.calendar import working_calendar
from balai.core.testing import make_citizen, sign_in
from balai.information import actions
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db

FORM = {"information": "Salinan laporan keuangan 2025", "purpose": "Kajian anggaran warga",
        "format": "softcopy", "delivery": "daring"}


def _request(user, office):
    info, _code = actions.submit_request(actor=user, office=office, **FORM)
    return info


def _feed_path(client: Client, user) -> str:
    """Make the calendar address on the account page, as the citizen does; its path."""
    sign_in(client, user)
    response = client.post("/akun/kalender/baru/")
    assert response.status_code == 302 and response["Location"] == "/akun/kalender/"
    html = client.get("/akun/kalender/").content.decode()
    address = re.search(r'id="alamat-kalender" value="([^"]+)"', html).group(1)
    assert address.startswith("http://127.0.0.1:8000/informasi/kalender/")
    return address.removeprefix("http://127.0.0.1:8000")


def _events(path: str) -> dict[str, icalendar.Event]:
    response = Client().get(path)  # a calendar app: no session
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_feed_shows_the_answer_deadline_of_each_request(client, citizen, office_a):
    info = _request(citizen.user, office_a)
    events = _events(_feed_path(client, citizen.user))
    assert list(events) == [f"informasi-jawaban-{info.number}@127.0.0.1"]
    event = events[f"informasi-jawaban-{info.number}@127.0.0.1"]
    assert event.decoded("DTSTART") == info.due_date
    assert event.decoded("DTEND") == info.due_date + dt.timedelta(days=1)
    assert str(event["SUMMARY"]) == f"Batas jawaban PPID: permohonan {info.number}"
    assert str(event["URL"]) == f"http://127.0.0.1:8000/informasi/permohonan/{info.number}/"
    assert office_a.name in str(event["DESCRIPTION"])
    assert event.decoded("DTSTAMP") == info.received_at.replace(microsecond=0)
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -dt.timedelta(hours=15)


def test_feed_follows_the_objection_deadlines(client, citizen, office_a):
    from balai.core.testing import make_officer

    ppid = make_officer(office=office_a, role="ppid", full_name="PPID Uji")
    atasan = make_officer(office=office_a, role="atasan_ppid", full_name="Atasan Uji")
    info = _request(citizen.user, office_a)
    path = _feed_path(client, citizen.user)
    info = actions.answer_request(actor=ppid, request=info, outcome="refused",
                                  answer="Dikecualikan.", refusal_basis="UU KIP Pasal 17 huruf a",
                                  expected_version=info.version)
    calendar = working_calendar()
    answered_on = timezone.localdate(info.answered_at)
    events = _events(path)
    objection_uid = f"informasi-keberatan-{info.number}@127.0.0.1"
    assert events[objection_uid].decoded("DTSTART") == calendar.add_working_days(answered_on, 30)

    objection = actions.file_objection(actor=citizen.user, request=info, ground="a",
                                       reason="Informasi ini tidak dikecualikan.")
    events = _events(path)
    assert objection_uid not in events
    decision = events[f"keberatan-putusan-{info.number}@127.0.0.1"]
    assert decision.decoded("DTSTART") == objection.due_date
    assert objection.number in str(decision["SUMMARY"])

    objection = actions.decide_objection(actor=atasan, objection=objection, decision="ditolak",
                                         note="Dikuatkan.")
    dispute = _events(path)[f"keberatan-sengketa-{info.number}@127.0.0.1"]
    assert dispute.decoded("DTSTART") == calendar.add_working_days(
        timezone.localdate(objection.decided_at), 14)


def test_uids_and_content_are_stable_between_fetches(client, citizen, office_a):
    _request(citizen.user, office_a)
    path = _feed_path(client, citizen.user)
    assert Client().get(path).content == Client().get(path).content


def test_another_citizens_address_never_shows_the_first_ones_requests(client, citizen,
                                                                      other_citizen, office_a):
    mine = _request(citizen.user, office_a)
    theirs = _request(other_citizen.user, office_a)
    my_path = _feed_path(client, citizen.user)
    their_path = _feed_path(Client(), other_citizen.user)
    assert my_path != their_path
    their_events = _events(their_path)
    assert list(their_events) == [f"informasi-jawaban-{theirs.number}@127.0.0.1"]
    assert mine.number not in Client().get(their_path).content.decode()
    assert theirs.number not in Client().get(my_path).content.decode()


def test_reset_address_makes_the_old_one_not_found(client, citizen, office_a):
    _request(citizen.user, office_a)
    old = _feed_path(client, citizen.user)
    new = _feed_path(client, citizen.user)
    assert old != new
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert CalendarFeed.objects.filter(user=citizen.user, revoked_at__isnull=True).count() == 1
    entries = LedgerEntry.objects.filter(action="akun.kalender_dibuat")
    assert entries.count() == 2


def test_stopped_address_is_not_found_and_recorded(client, citizen, office_a):
    path = _feed_path(client, citizen.user)
    response = client.post("/akun/kalender/hentikan/")
    assert response.status_code == 302
    assert Client().get(path).status_code == 404
    assert LedgerEntry.objects.filter(action="akun.kalender_dicabut").count() == 1
    html = client.get("/akun/kalender/").content.decode()
    assert "Anda belum punya alamat kalender." in html
    assert 'id="alamat-kalender"' not in html


@pytest.mark.parametrize("path", ["/informasi/kalender/tidak-ada.ics",
                                  "/informasi/kalender/.ics"])
def test_unknown_address_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_account_page_needs_sign_in_and_is_not_cached(client, citizen):
    assert client.get("/akun/kalender/")["Location"].startswith("/akun/masuk/")
    sign_in(client, citizen.user)
    response = client.get("/akun/kalender/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert client.get("/akun/kalender/baru/").status_code == 405
    assert "/akun/kalender/" in client.get("/akun/profil/").content.decode()


def test_feed_queries_do_not_grow_with_requests(client, citizen, office_a):
    from balai.core.testing import make_officer

    ppid = make_officer(office=office_a, role="ppid", full_name="PPID Uji")
    path = _feed_path(client, citizen.user)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(path).status_code == 200
        return len(captured)

    info = _request(citizen.user, office_a)
    few = count()
    for _ in range(3):
        info = _request(citizen.user, office_a)
        info = actions.answer_request(actor=ppid, request=info, outcome="granted",
                                      answer="Terlampir.", expected_version=info.version)
        actions.file_objection(actor=citizen.user, request=info, ground="d", reason="Kurang.")
    _request(make_citizen().user, office_a)
    assert count() == few
