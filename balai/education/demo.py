"""Demo school admission: the 2025 rules (their window moved to open today, so that the demo
can be tried), a few Kubu Raya SD and SMP with their domisili zones, a Disdik operator for
SMP Negeri 1 Sungai Raya, and one registration of the demo citizen's child. The NPSN here are
demo numbers. Idempotent."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import TextIO

from django.utils import timezone
from PIL import Image

from balai.accounts import actions as account_actions
from balai.accounts import twofactor
from balai.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_KEY_HEX, DEMO_TOTP_SECRET, DemoAccount
from balai.accounts.models import Role, User
from balai.accounts.queries import find_citizen_by_nik, get_office, get_user_by_username
from balai.core.uploads import MB, inspect_upload
from balai.education import actions, rules
from balai.education.models import AdmissionYear, Registration, School
from balai.regions.queries import get_kecamatan, get_village

DEMO_ACTOR = "sistem:demo"
DEMO_CITIZEN_NIK = "6112015708900003"
CHILD_NIK = "6112011503130004"
# npsn, name, level, kecamatan, address, latitude, longitude, capacity, zone (desa codes)
SCHOOLS = [
    ("90110001", "SD Negeri 01 Sungai Raya", "sd", "61.12.01", "Jl. Adisucipto Km 9",
     -0.0817, 109.3745, 56, ["61.12.01.2001", "61.12.01.2002", "61.12.01.2003"]),
    ("90110002", "SD Negeri 14 Sungai Raya", "sd", "61.12.01", "Arang Limbung",
     -0.1360, 109.3880, 28, ["61.12.01.2003", "61.12.01.2004"]),
    ("90110003", "SD Negeri 03 Sungai Kakap", "sd", "61.12.02", "Jl. Raya Sungai Kakap",
     -0.0570, 109.2070, 28, []),
    ("90120001", "SMP Negeri 1 Sungai Raya", "smp", "61.12.01", "Jl. Adisucipto Km 12",
     -0.0986, 109.3655, 96, ["61.12.01.2001", "61.12.01.2002", "61.12.01.2003"]),
    ("90120002", "SMP Negeri 2 Sungai Raya", "smp", "61.12.01", "Jl. Parit Haji Husin 2",
     -0.0705, 109.3510, 64, []),
    ("90120003", "SMP Negeri 1 Sungai Kakap", "smp", "61.12.02", "Jl. Raya Sungai Kakap",
     -0.0580, 109.2110, 64, []),
    ("90120004", "SMP Negeri 1 Rasau Jaya", "smp", "61.12.03", "Jl. Poros Rasau Jaya",
     -0.2400, 109.3900, 64, []),
]
OPERATOR = ("operator.smpn1sr", "Rina Wulandari",
            "Operator SMP Negeri 1 Sungai Raya: verifikasi pendaftaran SPMB")


def demo_document() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def demo_rules(now: dt.datetime) -> bytes:
    """The 2025 file with its window moved to open now (and its year to the coming one)."""
    data = json.loads(rules.default_file(2025).read_bytes())
    year = timezone.localdate(now).year + 1
    data.update({"year": year, "opens_at": (now - dt.timedelta(days=1)).isoformat(),
                 "closes_at": (now + dt.timedelta(days=30)).isoformat(),
                 "age_reference_date": f"{year}-07-01"})
    return json.dumps(data).encode()


def _operator() -> User:
    username, full_name, _description = OPERATOR
    user = get_user_by_username(username)
    if user is None:
        user = account_actions.create_officer(
            actor=DEMO_ACTOR, username=username, full_name=full_name,
            email=f"{username.replace('.', '-')}@kuburayakab.go.id", password=DEMO_PASSWORD)
        twofactor.enroll_with_key(actor=DEMO_ACTOR, user=user, key_hex=DEMO_TOTP_KEY_HEX)
    return user


def load(stdout: TextIO | None = None) -> list[DemoAccount]:
    disdik = get_office("disdik")
    if disdik is None or get_kecamatan("61.12.01") is None:
        if stdout is not None:
            stdout.write("SPMB demo dilewati: Disdik atau wilayah belum ada.")
        return []
    now = timezone.now()
    year = AdmissionYear.objects.filter(year=timezone.localdate(now).year + 1).first()
    if year is None:
        actions.load_admission_rules(raw=rules.default_file(2025).read_bytes(),
                                     actor=DEMO_ACTOR)
        year = actions.load_admission_rules(raw=demo_rules(now), actor=DEMO_ACTOR)
    schools = {}
    for npsn, name, level, kecamatan, address, lat, lon, capacity, zone in SCHOOLS:
        school = School.objects.filter(npsn=npsn).first()
        if school is None:
            school = actions.save_school(
                actor=DEMO_ACTOR, npsn=npsn, name=name, level=level,
                kecamatan=get_kecamatan(kecamatan), address=address, latitude=lat,
                longitude=lon, capacity=capacity,
                zone=[v for code in zone if (v := get_village(code)) is not None])
        schools[npsn] = school
    operator = _operator()
    account_actions.grant_role(actor=DEMO_ACTOR, user=operator, office=disdik, role=Role.PETUGAS)
    actions.appoint_school_operator(actor=DEMO_ACTOR, school=schools["90120001"], user=operator)
    accounts = [DemoAccount(operator.username, DEMO_PASSWORD,
                            f"{OPERATOR[2]}; kunci autentikator {DEMO_TOTP_SECRET}")]
    citizen = find_citizen_by_nik(DEMO_CITIZEN_NIK)
    if citizen is not None and not Registration.objects.filter(parent=citizen.user).exists():
        picture = demo_document()
        documents = {kind: inspect_upload(io.BytesIO(picture), name=f"{kind}.png",
                                          formats=("png",), max_bytes=MB)
                     for kind in ("kk", "akta")}
        actions.submit_registration(
            parent=citizen.user, year=year, idempotency_key="demo-spmb-0001", level="smp",
            track="domisili", child_name="Putri Aminah", child_nik=CHILD_NIK,
            child_birth_date=dt.date(2013, 3, 15), home_village=get_village("61.12.01.2001"),
            home_latitude=-0.0850, home_longitude=109.3700,
            kk_issued_on=dt.date(2015, 1, 10),
            schools=[schools["90120001"], schools["90120002"]], documents=documents, now=now)
    if stdout is not None:
        stdout.write(f"SPMB demo: {len(schools)} sekolah, tahun {year.year}.")
    return accounts
