"""iCalendar (RFC 5545) feeds of deadlines, written with the `icalendar` library.

Deadlines are dates (legal deadlines fall on a day, not an hour), so every event is an all-day
event (VALUE=DATE) that needs no VTIMEZONE; DTSTAMP is in UTC and is the time the record behind
the event last changed, so an unchanged feed is byte-for-byte the same.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.http import HttpResponse

PRODID = "-//Balai//Tenggat//ID"
# RFC 7986 REFRESH-INTERVAL: how often a calendar app should fetch the feed again.
REFRESH = dt.timedelta(hours=6)


def new_calendar(*, name: str, description: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("description", description)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    return calendar


def uid(kind: str, key: object) -> str:
    """A stable, globally unique UID: the same record gives the same UID on every fetch."""
    return f"{kind}-{key}@{urlsplit(settings.BALAI_PUBLIC_URL).hostname}"


def all_day_event(*, uid: str, day: dt.date, summary: str, description: str, url: str,
                  changed: dt.datetime, remind: bool = False) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", changed.astimezone(dt.UTC))
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", f"{description}\n{url}" if description else url)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    if remind:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        # 09.00 the day before: an all-day event starts at midnight.
        alarm.add("trigger", dt.timedelta(hours=-15))
        event.add_component(alarm)
    return event


def calendar_response(calendar: icalendar.Calendar, *, filename: str,
                      private: bool) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        # A secret address: never kept by a shared cache, never indexed.
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    else:
        response["Cache-Control"] = "public, max-age=3600"
    return response
