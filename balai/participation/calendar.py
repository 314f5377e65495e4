"""The public calendar of consultations: each consultation's closing date as an all-day event,
for anyone's calendar app (/partisipasi/konsultasi/kalender.ics)."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from balai.core import ical
from balai.participation import queries

# Consultations that closed longer ago than this drop out of the feed.
KEPT_AFTER_CLOSING = dt.timedelta(days=365)


def consultations_calendar(*, today: dt.date) -> icalendar.Calendar:
    """Closing dates of consultations, upcoming and of the past year (one query)."""
    calendar = ical.new_calendar(
        name=_("Konsultasi publik %(regency)s") % {"regency": settings.BALAI_REGENCY_NAME},
        description=_("Batas akhir tanggapan warga atas rancangan kebijakan."))
    for consultation in queries.consultations_closing_since(today - KEPT_AFTER_CLOSING):
        url = settings.BALAI_PUBLIC_URL + reverse("participation:consultation",
                                                  args=[consultation.pk])
        calendar.add_component(ical.all_day_event(
            uid=ical.uid("konsultasi", consultation.pk), day=consultation.closes_on,
            summary=_("Konsultasi publik ditutup: %(title)s") % {"title": consultation.title},
            description=_("%(office)s. Tanggapan dibuka %(opens)s sampai %(closes)s.") % {
                "office": consultation.office.name,
                "opens": consultation.opens_on.strftime("%d-%m-%Y"),
                "closes": consultation.closes_on.strftime("%d-%m-%Y")},
            url=url, changed=consultation.created_at))
    return calendar
