"""Demo health queue: puskesmas of Kubu Raya's kecamatan, a puskesmas pembantu and the RSUD,
each with its polyclinics and doctors' schedules, a desk officer at Puskesmas Sungai Durian and
the demo citizen's booking there. Doctors' names and quotas are demo data. Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.utils import timezone

from balai.accounts import actions as account_actions
from balai.accounts import twofactor
from balai.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_KEY_HEX, DEMO_TOTP_SECRET, DemoAccount
from balai.accounts.models import Office, Role, User
from balai.accounts.queries import find_citizen_by_nik, get_office, get_user_by_username
from balai.health import actions
from balai.health.models import Facility, Visit
from balai.regions.queries import get_kecamatan

DEMO_ACTOR = "sistem:demo"
DEMO_CITIZEN_NIK = "6112015708900003"
DESK_USERNAME = "petugas.pkm"

# code, name, kind, kecamatan, SMS prefix, address
FACILITIES = [
    ("sungai-durian", "Puskesmas Sungai Durian", "puskesmas", "61.12.01", "SDR",
     "Jl. Adisucipto, Sungai Raya"),
    ("arang-limbung", "Puskesmas Arang Limbung", "puskesmas", "61.12.01", "ALB",
     "Jl. Adisucipto, Arang Limbung"),
    ("pustu-kapur", "Puskesmas Pembantu Kapur", "pustu", "61.12.01", "KPR", "Desa Kapur"),
    ("kuala-mandor-b", "Puskesmas Kuala Mandor B", "puskesmas", "61.12.02", "KMB", ""),
    ("sungai-ambawang", "Puskesmas Sungai Ambawang", "puskesmas", "61.12.03", "SAM", ""),
    ("terentang", "Puskesmas Terentang", "puskesmas", "61.12.04", "TRT", ""),
    ("padang-tikar", "Puskesmas Padang Tikar", "puskesmas", "61.12.05", "PTK", ""),
    ("kubu", "Puskesmas Kubu", "puskesmas", "61.12.06", "KUB", ""),
    ("rasau-jaya", "Puskesmas Rasau Jaya", "puskesmas", "61.12.07", "RSJ", ""),
    ("teluk-pakedai", "Puskesmas Teluk Pakedai", "puskesmas", "61.12.08", "TPK", ""),
    ("sungai-kakap", "Puskesmas Sungai Kakap", "puskesmas", "61.12.09", "SKK", ""),
    ("rsud-kubu-raya", "RSUD Kubu Raya", "rsud", "61.12.01", "RSUD", "Sungai Raya"),
]
# code suffix, name, service minutes, walk-in %, [(weekdays, doctor, start, end, quota)]
PUSKESMAS_POLYCLINICS = [
    ("UMUM", "Poli Umum", 10, 30, [((0, 1, 2, 3), "dr. Nurul Hidayah", 8, 12, 40),
                                   ((4,), "dr. Nurul Hidayah", 8, 11, 30),
                                   ((5,), "dr. Yohanes Sitorus", 8, 11, 20)]),
    ("GIGI", "Poli Gigi", 20, 30, [((0, 2, 4), "drg. Ratna Sari", 8, 12, 12)]),
    ("KIA", "Poli KIA dan KB", 15, 40, [((0, 1, 2, 3, 4), "Bidan Fitriani, A.Md.Keb.", 8, 12,
                                         16)]),
]
PUSTU_POLYCLINICS = [
    ("UMUM", "Pelayanan Umum", 15, 50, [((0, 2, 4), "Perawat Hendra, A.Md.Kep.", 8, 12, 15)]),
]
RSUD_POLYCLINICS = [
    ("DALAM", "Poli Penyakit Dalam", 12, 20, [((0, 1, 2, 3, 4), "dr. Andreas, Sp.PD", 8, 13,
                                               30)]),
    ("ANAK", "Poli Anak", 12, 20, [((0, 2, 4), "dr. Lestari, Sp.A", 9, 13, 20)]),
    ("OBGYN", "Poli Kandungan", 15, 20, [((1, 3), "dr. Hasanah, Sp.OG", 9, 13, 16)]),
]


def _office(code: str, name: str, dinkes: Office | None, kecamatan_code: str) -> Office:
    office = get_office(code)
    if office is None:
        office = account_actions.create_office(
            actor=DEMO_ACTOR, code=code, name=name, kind=Office.Kind.DINAS, short_name="UPT",
            parent=dinkes, region=get_kecamatan(kecamatan_code))
    return office


def _desk_officer(office: Office) -> User:
    user = get_user_by_username(DESK_USERNAME)
    if user is None:
        user = account_actions.create_officer(
            actor=DEMO_ACTOR, username=DESK_USERNAME, full_name="Dewi Lestari",
            email="petugas-pkm@kuburayakab.go.id", password=DEMO_PASSWORD)
        twofactor.enroll_with_key(actor=DEMO_ACTOR, user=user, key_hex=DEMO_TOTP_KEY_HEX)
    account_actions.grant_role(actor=DEMO_ACTOR, user=user, office=office, role=Role.PETUGAS)
    return user


def _polyclinics(facility: Facility, prefix: str) -> None:
    plans = {"pustu": PUSTU_POLYCLINICS, "rsud": RSUD_POLYCLINICS}.get(facility.kind,
                                                                       PUSKESMAS_POLYCLINICS)
    for suffix, name, minutes, walk_in, schedules in plans:
        polyclinic = actions.add_polyclinic(actor=DEMO_ACTOR, facility=facility,
                                            code=f"{prefix}-{suffix}", name=name,
                                            service_minutes=minutes, walk_in_percent=walk_in)
        for weekdays, doctor, start, end, quota in schedules:
            for weekday in weekdays:
                actions.set_schedule(actor=DEMO_ACTOR, polyclinic=polyclinic, weekday=weekday,
                                     doctor_name=doctor, starts_at=dt.time(start),
                                     ends_at=dt.time(end), quota=quota)


def load(stdout: TextIO | None = None) -> list[DemoAccount]:
    if get_kecamatan("61.12.01") is None:
        if stdout is not None:
            stdout.write("Demo antrean kesehatan dilewati: wilayah Kubu Raya belum dimuat.")
        return []
    dinkes = get_office("dinkes")
    desk = None
    for code, name, kind, kecamatan, prefix, address in FACILITIES:
        office = _office(f"upt-{code}", f"UPT {name}", dinkes, kecamatan)
        if code == "sungai-durian":
            desk = _desk_officer(office)
        if Facility.objects.filter(code=code).exists():
            continue
        facility = actions.create_facility(actor=DEMO_ACTOR, code=code, name=name, kind=kind,
                                           office=office, kecamatan=get_kecamatan(kecamatan),
                                           address=address)
        _polyclinics(facility, prefix)
    citizen = find_citizen_by_nik(DEMO_CITIZEN_NIK)
    if citizen is not None and not Visit.objects.filter(patient=citizen.user).exists():
        polyclinic = Facility.objects.get(code="sungai-durian").polyclinics.get(code="SDR-UMUM")
        day = timezone.localdate() + dt.timedelta(days=1)
        while day.weekday() == 6:
            day += dt.timedelta(days=1)
        actions.book_visit(polyclinic=polyclinic, date=day, channel=Visit.Channel.ONLINE,
                           actor=citizen.user, patient=citizen.user)
    if stdout is not None:
        stdout.write(f"Antrean kesehatan demo: {Facility.objects.count()} fasilitas.")
    assert desk is not None
    return [DemoAccount(DESK_USERNAME, DEMO_PASSWORD,
                        "Petugas loket Puskesmas Sungai Durian: antrean poli, kedatangan, "
                        f"panggilan; kunci autentikator {DEMO_TOTP_SECRET}")]
