"""Demo offices and accounts for Kabupaten Kubu Raya. Idempotent: what exists is left alone,
so a second run writes nothing (and adds nothing to the ledger)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TextIO

from django.utils.text import slugify

from balai.accounts import actions, twofactor
from balai.accounts.models import Office, Role, User
from balai.accounts.queries import find_citizen_by_nik, get_office, get_user_by_username
from balai.regions.queries import get_village, kecamatan_list

DEMO_PASSWORD = "Balai-Demo-2026"  # noqa: S105 - printed on purpose: demo data only
DEMO_ACTOR = "sistem:demo"
# Demo officers sign in with a second factor like real ones: add this key to an authenticator
# app (Aegis, Google Authenticator, FreeOTP: "enter a setup key", time-based). Demo data only.
DEMO_TOTP_SECRET = "IJQWYYLJFVCGK3LPFVFXKYTVFVJGC6LB"  # noqa: S105 - printed on purpose
DEMO_TOTP_KEY_HEX = "42616c61692d44656d6f2d4b7562752d52617961"  # the same key, hex


@dataclass(frozen=True)
class DemoAccount:
    login: str
    password: str
    description: str


# code, name, short name, kind
OPD = [
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", Office.Kind.DINAS),
    ("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP",
     Office.Kind.DINAS),
    ("bapenda", "Badan Pendapatan Daerah", "Bapenda", Office.Kind.BADAN),
    ("dinkes", "Dinas Kesehatan", "Dinkes", Office.Kind.DINAS),
    ("disdik", "Dinas Pendidikan dan Kebudayaan", "Disdik", Office.Kind.DINAS),
    ("diskominfo", "Dinas Komunikasi dan Informatika", "Diskominfo", Office.Kind.DINAS),
    ("inspektorat", "Inspektorat Daerah", "Inspektorat", Office.Kind.INSPEKTORAT),
]
KANTOR_DESA = ["61.12.01.2001", "61.12.02.2001", "61.12.09.2001"]

# username, full name, office code, role, description, is superuser
OFFICERS = [
    ("admin", "Admin Diskominfo", "diskominfo", Role.ADMIN,
     "Admin (Diskominfo): pengaturan kantor, pengguna, layanan", True),
    ("petugas.dukcapil", "Budi Santoso", "disdukcapil", Role.PETUGAS,
     "Petugas Disdukcapil", False),
    ("verifikator.dukcapil", "Rina Wulandari", "disdukcapil", Role.VERIFIKATOR,
     "Verifikator Disdukcapil", False),
    ("pejabat.dukcapil", "Drs. Hendra Gunawan", "disdukcapil", Role.PEJABAT_PENANDATANGAN,
     "Pejabat penandatangan Disdukcapil", False),
    ("operator.sungairaya", "Dewi Lestari", "kec-sungai-raya", Role.OPERATOR_LAYANAN,
     "Operator layanan, Kantor Kecamatan Sungai Raya", False),
    ("auditor", "Agus Prasetyo", "inspektorat", Role.AUDITOR, "Auditor Inspektorat", False),
]

CITIZEN = {
    "nik": "6112015708900003", "full_name": "Siti Aminah", "birth_date": dt.date(1990, 8, 17),
    "phone": "081234567890", "address": "Jl. Arteri Supadio Gg. Melati No. 12, RT 003/RW 002",
    "village": "61.12.01.2001",
}


def _office(code: str, **fields: Any) -> Office:
    return get_office(code) or actions.create_office(actor=DEMO_ACTOR, code=code, **fields)


def load_offices() -> dict[str, Office]:
    offices = {"setda": _office("setda", name="Sekretariat Daerah Kabupaten Kubu Raya",
                                short_name="Setda", kind=Office.Kind.SEKRETARIAT)}
    for code, name, short_name, kind in OPD:
        offices[code] = _office(code, name=name, short_name=short_name, kind=kind,
                                parent=offices["setda"])
    for kecamatan in kecamatan_list().order_by("code"):
        code = f"kec-{slugify(kecamatan.name)}"
        offices[code] = _office(code, name=f"Kantor Kecamatan {kecamatan.name}",
                                short_name=f"Kec. {kecamatan.name}",
                                kind=Office.Kind.KECAMATAN, parent=offices["setda"],
                                region=kecamatan)
    for village_code in KANTOR_DESA:
        village = get_village(village_code)
        if village is None:
            continue
        code = f"desa-{slugify(village.name)}"
        parent = offices.get(f"kec-{slugify(village.parent.name)}") if village.parent else None
        offices[code] = _office(code, name=f"Kantor Desa {village.name}",
                                short_name=f"Desa {village.name}", kind=Office.Kind.DESA,
                                parent=parent, region=village)
    return offices


def _officer(username: str, full_name: str, is_superuser: bool) -> User:
    existing = get_user_by_username(username)
    if existing is not None:
        return existing
    return actions.create_officer(actor=DEMO_ACTOR, username=username, full_name=full_name,
                                  email=f"{username.replace('.', '-')}@kuburayakab.go.id",
                                  password=DEMO_PASSWORD, is_staff=is_superuser,
                                  is_superuser=is_superuser)


def load(stdout: TextIO | None = None) -> list[DemoAccount]:
    """Create the regency's offices, the demo officers with their roles and a demo citizen.
    Needs the regions (`load_regions`) first."""
    offices = load_offices()
    accounts = []
    for username, full_name, office_code, role, description, is_superuser in OFFICERS:
        user = _officer(username, full_name, is_superuser)
        actions.grant_role(actor=DEMO_ACTOR, user=user, office=offices[office_code], role=role)
        twofactor.enroll_with_key(actor=DEMO_ACTOR, user=user, key_hex=DEMO_TOTP_KEY_HEX)
        accounts.append(DemoAccount(username, DEMO_PASSWORD,
                                    f"{description}; kunci autentikator {DEMO_TOTP_SECRET}"))
    if find_citizen_by_nik(CITIZEN["nik"]) is None:
        actions.register_citizen_in_person(
            actor=DEMO_ACTOR, nik=CITIZEN["nik"], full_name=CITIZEN["full_name"],
            birth_date=CITIZEN["birth_date"], password=DEMO_PASSWORD, phone=CITIZEN["phone"],
            address=CITIZEN["address"], village=get_village(CITIZEN["village"]),
        )
    accounts.insert(0, DemoAccount(CITIZEN["nik"], DEMO_PASSWORD,
                                   "Warga: Siti Aminah (masuk dengan NIK atau 081234567890)"))
    if stdout is not None:
        stdout.write(f"Kantor: {len(offices)}; akun demo: {len(accounts)}.")
    return accounts
