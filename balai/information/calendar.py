"""A requester's deadlines under UU KIP as a calendar feed, behind the secret address of their
account (balai.accounts CalendarFeed): the PPID's answer deadline, the last day to object,
the atasan PPID's decision deadline and the last day to take a dispute to the Komisi
Informasi."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import User
from balai.core import ical
from balai.core.calendar import WorkingCalendar, working_calendar
from balai.information import actions, queries
from balai.information.models import InformationRequest


def _changed(info: InformationRequest) -> dt.datetime:
    """When the request or its objection last changed (the events' DTSTAMP)."""
    moments = [info.received_at, info.extended_at, info.answered_at]
    objection = getattr(info, "objection", None)
    if objection is not None:
        moments += [objection.filed_at, objection.decided_at, objection.reacted_at]
    return max(moment for moment in moments if moment is not None)


def requester_calendar(user: User, *, today: dt.date | None = None) -> icalendar.Calendar:
    """Every deadline of `user`'s information requests (two queries: the requests with their
    objections, and the regency's extra days off)."""
    today = today or timezone.localdate()
    working = working_calendar()
    calendar = ical.new_calendar(
        name=_("Tenggat permohonan informasi saya"),
        description=_("Batas waktu permohonan informasi publik Anda di Balai %(regency)s.")
        % {"regency": settings.BALAI_REGENCY_NAME})
    for info in queries.requests_of(user):
        url = settings.BALAI_PUBLIC_URL + reverse("information:request_detail",
                                                  args=[info.number])
        changed = _changed(info)
        for kind, day, summary, description in _deadlines(info, today=today, working=working):
            calendar.add_component(ical.all_day_event(
                uid=ical.uid(kind, info.number), day=day, summary=summary,
                description=description, url=url, changed=changed, remind=True))
    return calendar


def _deadlines(info: InformationRequest, *, today: dt.date,
               working: WorkingCalendar) -> list[tuple[str, dt.date, str, str]]:
    """(kind, day, summary, description) of each deadline of one request."""
    office = info.office.name
    found = [("informasi-jawaban", info.due_date,
              _("Batas jawaban PPID: permohonan %(number)s") % {"number": info.number},
              _("%(office)s. Status: %(status)s.") % {"office": office,
                                                     "status": info.get_status_display()})]
    objection = getattr(info, "objection", None)
    if objection is None:
        window = actions.objection_window(info, today=today, calendar=working)
        if window is not None:
            found.append((
                "informasi-keberatan", window[1],
                _("Batas akhir mengajukan keberatan: permohonan %(number)s")
                % {"number": info.number},
                _("Keberatan diajukan kepada atasan PPID %(office)s (UU KIP Pasal 35-36).")
                % {"office": office}))
        return found
    found.append((
        "keberatan-putusan", objection.due_date,
        _("Batas tanggapan atasan PPID: keberatan %(number)s") % {"number": objection.number},
        _("%(office)s. Keberatan atas permohonan %(request)s.")
        % {"office": office, "request": info.number}))
    dispute = actions.dispute_deadline(objection, calendar=working)
    if dispute is not None:
        found.append((
            "keberatan-sengketa", dispute,
            _("Batas mengajukan sengketa ke Komisi Informasi: keberatan %(number)s")
            % {"number": objection.number},
            _("Bila Anda tidak puas dengan putusan atasan PPID (UU KIP Pasal 37).")))
    return found
