"""The public calendar of upcoming digital-literacy sessions (/literasi-digital/kalender.ics),
timed events in the regency's time zone."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from balai.core import ical
from balai.literacy import queries

FEED_LIMIT = 500


def sessions_calendar(*, now: dt.datetime) -> icalendar.Calendar:
    """Sessions that have not ended yet (one query)."""
    calendar = ical.new_calendar(
        name=_("Literasi digital %(regency)s") % {"regency": settings.BALAI_REGENCY_NAME},
        description=_("Jadwal pelatihan, workshop, seminar dan sosialisasi literasi digital."))
    for session in queries.upcoming_sessions(now=now)[:FEED_LIMIT]:
        url = settings.BALAI_PUBLIC_URL + reverse("literacy:session", args=[session.pk])
        event = icalendar.Event()
        event.add("uid", ical.uid("literasi-sesi", session.pk))
        event.add("dtstamp", session.changed_at.astimezone(dt.UTC))
        # UTC start and end: every calendar app shows them in the reader's own zone, and no
        # VTIMEZONE block is needed.
        event.add("dtstart", session.starts_at.astimezone(dt.UTC))
        event.add("dtend", session.ends_at.astimezone(dt.UTC))
        event.add("summary", session.programme.title)
        place = session.address or (session.kecamatan.name if session.kecamatan else "")
        if session.kecamatan:
            place = ", ".join(p for p in [session.address, session.village.name
                                          if session.village else "",
                                          f"Kec. {session.kecamatan.name}"] if p)
        event.add("location", place or session.online_url)
        event.add("description", f"{session.programme.get_pillar_display()}. "
                                 f"{session.programme.office.name}.\n{url}")
        event.add("url", url)
        calendar.add_component(event)
    return calendar
