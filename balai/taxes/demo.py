"""Demo tax register for Kubu Raya: the tariff table, Bapenda's officers, a few hundred PBB-P2
objects across the kecamatan, this year's assessment, the demo citizen's own object with an
unpaid SPPT, and a restaurant that files PBJT. Idempotent."""

from __future__ import annotations

import random
from typing import Any, TextIO

from django.conf import settings
from django.utils import timezone

from balai.accounts import actions as accounts_actions
from balai.accounts import twofactor
from balai.accounts.demo import (
    CITIZEN,
    DEMO_PASSWORD,
    DEMO_TOTP_KEY_HEX,
    DEMO_TOTP_SECRET,
    DemoAccount,
)
from balai.accounts.models import Role
from balai.accounts.queries import get_office, get_user_by_username
from balai.regions.models import Region
from balai.regions.queries import kecamatan_list
from balai.taxes import actions
from balai.taxes.models import Business, TaxObject
from balai.taxes.nop import nop_for
from balai.taxes.queries import tariff_for_year
from balai.taxes.tariffs import default_file

DEMO_ACTOR = "sistem:demo"
OBJECTS = 300
BAPENDA_OFFICERS = [
    ("petugas.bapenda", "Yusuf Rahman", Role.PETUGAS, "Petugas Bapenda: register pajak"),
    ("pejabat.bapenda", "Dra. Maria Ulfa", Role.PEJABAT_PENANDATANGAN,
     "Pejabat penandatangan Bapenda: bukti bayar"),
]
FIRST = ["Ahmad", "Budi", "Citra", "Dedi", "Eka", "Fitri", "Gusti", "Hasan", "Indah", "Joko",
         "Kurnia", "Lestari", "Munir", "Nurul", "Oktavia", "Putra", "Rahmat", "Sari", "Taufik",
         "Utin", "Wahyu", "Yanti"]
LAST = ["Saputra", "Hidayat", "Wijaya", "Pratama", "Lestari", "Syahputra", "Rahmawati",
        "Kusuma", "Handayani", "Firmansyah", "Nugroho", "Safitri"]
STREETS = ["Jl. Arteri Supadio", "Jl. Adisucipto", "Jl. Sungai Raya Dalam", "Jl. Parit Baru",
           "Jl. Kakap Raya", "Jl. Trans Kalimantan", "Jl. Rasau Jaya", "Jl. Desa"]


def _officers() -> list[DemoAccount]:
    office = get_office(settings.BALAI_TAX_OFFICE)
    accounts = []
    for username, full_name, role, description in BAPENDA_OFFICERS:
        user = get_user_by_username(username) or accounts_actions.create_officer(
            actor=DEMO_ACTOR, username=username, full_name=full_name,
            email=f"{username.replace('.', '-')}@kuburayakab.go.id", password=DEMO_PASSWORD)
        if office is not None:
            accounts_actions.grant_role(actor=DEMO_ACTOR, user=user, office=office, role=role)
        twofactor.enroll_with_key(actor=DEMO_ACTOR, user=user, key_hex=DEMO_TOTP_KEY_HEX)
        accounts.append(DemoAccount(username, DEMO_PASSWORD,
                                    f"{description}; kunci autentikator {DEMO_TOTP_SECRET}"))
    if settings.BALAI_DEV_PKI_DIR:
        from balai.documents.management.commands.create_dev_pki import create_dev_pki

        create_dev_pki(usernames=["pejabat.bapenda"])
    return accounts


def _register_objects(stdout: TextIO | None) -> None:
    tariff = tariff_for_year(timezone.localdate().year)
    rng = random.Random(6112)  # noqa: S311 - demo data, not security
    owner = actions.register_taxpayer(actor=DEMO_ACTOR, name=CITIZEN["full_name"],
                                      nik=CITIZEN["nik"], address=CITIZEN["address"])
    actions.register_tax_object(
        actor=DEMO_ACTOR, nop=nop_for(tariff=tariff, desa_code="61.12.01.2001", block=1,
                                      serial=1),
        taxpayer=owner, address="Jl. Arteri Supadio Gg. Melati No. 12", land_area=240,
        building_area=72, land_njop_per_m2=614_000, building_njop_per_m2=1_150_000)
    villages = list(Region.objects.filter(parent__in=kecamatan_list(),
                                          level=Region.Level.DESA).order_by("code"))
    for i in range(1, OBJECTS):
        desa = villages[i % len(villages)]
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        taxpayer = actions.register_taxpayer(actor=DEMO_ACTOR, name=name)
        actions.register_tax_object(
            actor=DEMO_ACTOR, nop=nop_for(tariff=tariff, desa_code=desa.code, block=1 + i // 200,
                                          serial=1 + i),
            taxpayer=taxpayer, address=f"{rng.choice(STREETS)} No. {rng.randint(1, 250)}",
            land_area=rng.choice([120, 150, 200, 300, 500, 1000, 2500]),
            building_area=rng.choice([0, 36, 45, 70, 120]),
            land_njop_per_m2=rng.choice([48_000, 103_000, 200_000, 335_000, 614_000]),
            building_njop_per_m2=rng.choice([0, 600_000, 968_000, 1_150_000]),
            land_use=TaxObject.LandUse.FOOD if i % 17 == 0 else TaxObject.LandUse.GENERAL)
    restaurant_owner = owner
    actions.register_business(actor=DEMO_ACTOR, taxpayer=restaurant_owner,
                              name="Rumah Makan Kakap Jaya", kind=Business.Kind.PBJT_FOOD,
                              address="Jl. Arteri Supadio No. 88", desa_code="61.12.01.2001")
    if stdout is not None:
        stdout.write(f"Objek PBB-P2 demo: {OBJECTS}.\n")


def load(stdout: TextIO | None = None) -> list[Any]:
    """Needs the offices and the demo citizen (balai.accounts.demo) first."""
    from balai.taxes.models import TariffTable

    if not TariffTable.objects.exists():
        actions.load_tariff(actor=DEMO_ACTOR, path=default_file(settings.BALAI_REGENCY_CODE))
    accounts = _officers()
    if get_office(settings.BALAI_TAX_OFFICE) is None:
        return accounts
    if not TaxObject.objects.exists():
        _register_objects(stdout)
    run = actions.run_assessment(actor=DEMO_ACTOR, year=timezone.localdate().year)
    if stdout is not None:
        stdout.write(f"Penetapan PBB-P2 {run.year}: {run.created} SPPT.\n")
    return accounts
