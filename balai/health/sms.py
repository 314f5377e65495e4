"""The SMS command ANTRI <kode poli> <tanggal> [nomor BPJS]: a queue number by SMS, for a
phone without internet. The sender's number is the patient's contact; a confirmed citizen with
that number becomes the visit's patient."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import User
from balai.accounts.queries import citizen_user_ids_with_phone
from balai.core.errors import DomainError
from balai.health import actions, queries
from balai.health.models import Visit

DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2}|\d{4}))?$")


def usage() -> str:
    return _("Format: ANTRI <kode poli> <tanggal>, mis. ANTRI SDR-UMUM 12-01. Kode poli ada "
             "di halaman fasilitas kesehatan.")


def parse_date(word: str, *, today: dt.date) -> dt.date | None:
    word = word.upper()
    if word in ("BESOK", "BSK"):
        return today + dt.timedelta(days=1)
    if word in ("HARIINI", "HI", "SEKARANG"):
        return today
    match = DATE.match(word)
    if match is None:
        return None
    day, month, year = int(match[1]), int(match[2]), match[3]
    try:
        if year:
            return dt.date(int(year) + (2000 if len(year) == 2 else 0), month, day)
        candidate = dt.date(today.year, month, day)
    except ValueError:
        return None
    # "12-01" sent in December means next January.
    return candidate if candidate >= today else candidate.replace(year=today.year + 1)


def book_by_sms(*, args: list[str], phone: str,
                now: dt.datetime | None = None) -> tuple[bool, str]:
    """(booked, the reply's text)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if len(args) < 2:
        return False, usage()
    polyclinic = queries.polyclinic_by_code(args[0])
    if polyclinic is None:
        return False, _("Kode poli %(code)s tidak dikenal. %(usage)s") % {
            "code": args[0].upper()[:20], "usage": usage()}
    date = parse_date(args[1], today=today)
    if date is None:
        return False, usage()
    bpjs = args[2] if len(args) > 2 else ""
    user_ids = citizen_user_ids_with_phone(phone)
    patient = User.objects.get(pk=user_ids[0]) if len(user_ids) == 1 else None
    try:
        visit = actions.book_visit(polyclinic=polyclinic, date=date,
                                   channel=Visit.Channel.SMS, actor=None, patient=patient,
                                   phone=phone, bpjs_number=bpjs, now=now)
    except DomainError as error:
        return False, error.message
    return True, _("Antrean %(poli)s %(date)s no. %(ticket)s, perkiraan %(time)s. Kode "
                   "booking %(code)s.") % {
        "poli": polyclinic.code, "date": visit.date.strftime("%d-%m-%Y"),
        "ticket": visit.ticket, "code": visit.booking_code,
        "time": timezone.localtime(visit.estimated_at).strftime("%H.%M")}
