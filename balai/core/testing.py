"""Test personas, built through the real actions, and the pytest fixtures that name them.

    citizen, other_citizen        confirmed citizens (sign in with .citizen.nik and PASSWORD)
    office_a, office_b            two offices (dinas)
    officer                       petugas at office_a
    officer_other_office          petugas at office_b
    admin_user                    superuser with the admin role at Diskominfo
    auditor                       auditor at the Inspektorat
    operator                      operator layanan at a kantor kecamatan
    kubu_raya                     the 61.12 regions loaded (kecamatan and desa)

The fixtures are made available to the whole suite by /work/main/conftest.py. Model imports
stay inside the functions: this module is imported before Django is set up.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from balai.accounts.models import Citizen, Office, User

PASSWORD = "Sandi-Uji-2026"  # noqa: S105 - test data
ACTOR = "sistem:uji"
# Serials from 1001 up, clear of the hand-written NIKs in tests (…0003, …0009).
_counter = itertools.count(1001)


def make_nik(*, birth_date: dt.date = dt.date(1990, 8, 17), gender: str = "P",
             place: str = "611201", serial: int | None = None) -> str:
    """A NIK that passes every rule: place, birth date (women: day + 40), non-zero serial."""
    day = birth_date.day + (40 if gender == "P" else 0)
    serial = serial if serial is not None else (next(_counter) - 1001) % 8999 + 1001
    return f"{place}{day:02d}{birth_date:%m%y}{serial:04d}"


def make_citizen(**overrides: Any) -> Citizen:
    """A confirmed citizen registered in person (no code sent). Any field may be overridden."""
    from balai.accounts.actions import register_citizen_in_person

    n = next(_counter)
    birth_date = overrides.pop("birth_date", dt.date(1990, 8, 17))
    gender = overrides.pop("gender", "P")
    fields: dict[str, Any] = {
        "nik": make_nik(birth_date=birth_date, gender=gender),
        "full_name": f"Warga Uji {n}",
        "birth_date": birth_date,
        "password": PASSWORD,
        "phone": f"0812{n:08d}",
        "email": "",
        "address": f"Jl. Uji No. {n}",
        "village": None,
    }
    fields.update(overrides)
    return register_citizen_in_person(actor=ACTOR, **fields)


def make_office(**overrides: Any) -> Office:
    from balai.accounts.actions import create_office
    from balai.accounts.models import Office

    n = next(_counter)
    fields: dict[str, Any] = {"code": f"kantor-{n}", "name": f"Dinas Uji {n}",
                              "short_name": f"DU{n}", "kind": Office.Kind.DINAS}
    fields.update(overrides)
    return create_office(actor=ACTOR, **fields)


def make_officer(*, office: Office | None = None, role: str = "petugas",
                 **overrides: Any) -> User:
    """An officer holding `role` in `office` (a new office when none is given)."""
    from balai.accounts.actions import create_officer, grant_role

    n = next(_counter)
    fields: dict[str, Any] = {"username": f"petugas{n}", "full_name": f"Petugas Uji {n}",
                              "email": f"petugas{n}@kuburayakab.go.id", "password": PASSWORD}
    fields.update(overrides)
    user = create_officer(actor=ACTOR, **fields)
    grant_role(actor=ACTOR, user=user, office=office or make_office(), role=role)
    return user


@pytest.fixture
def kubu_raya(db: None) -> None:
    from balai.regions.actions import load_regions
    from balai.regions.management.commands.load_regions import DEFAULT_FILE

    load_regions(path=DEFAULT_FILE)


@pytest.fixture
def citizen(db: None) -> Citizen:
    return make_citizen(full_name="Siti Aminah")


@pytest.fixture
def other_citizen(db: None) -> Citizen:
    return make_citizen(full_name="Ahmad Yani", gender="L", birth_date=dt.date(1985, 3, 2))


@pytest.fixture
def office_a(db: None) -> Office:
    return make_office(code="disdukcapil-uji", name="Dinas Kependudukan (uji)",
                       short_name="Disdukcapil")


@pytest.fixture
def office_b(db: None) -> Office:
    return make_office(code="dpmptsp-uji", name="DPMPTSP (uji)", short_name="DPMPTSP")


@pytest.fixture
def officer(office_a: Office) -> User:
    return make_officer(office=office_a, role="petugas", full_name="Budi Petugas")


@pytest.fixture
def officer_other_office(office_b: Office) -> User:
    return make_officer(office=office_b, role="petugas", full_name="Wati Petugas")


@pytest.fixture
def admin_user(db: None) -> User:
    office = make_office(code="diskominfo-uji", name="Diskominfo (uji)")
    return make_officer(office=office, role="admin", username="admin-uji",
                        full_name="Admin Uji", is_staff=True, is_superuser=True)


@pytest.fixture
def auditor(db: None) -> User:
    from balai.accounts.models import Office

    office = make_office(code="inspektorat-uji", name="Inspektorat (uji)",
                         kind=Office.Kind.INSPEKTORAT)
    return make_officer(office=office, role="auditor", full_name="Auditor Uji")


@pytest.fixture
def operator(db: None) -> User:
    from balai.accounts.models import Office

    office = make_office(code="kec-uji", name="Kantor Kecamatan (uji)",
                         kind=Office.Kind.KECAMATAN)
    return make_officer(office=office, role="operator_layanan", full_name="Operator Uji")


def sign_in(client: Any, user: Any) -> None:
    """Sign `user` in on a Django test client, as a finished login would leave the session.

    Tests sign people in through this, never `client.force_login` directly, so a login that
    grows a step changes here and nowhere else. An officer (anyone with an office role or admin
    access) gets a confirmed authenticator device, and the session is marked verified with it,
    as the two-factor step leaves it.
    """
    client.force_login(user)
    from balai.accounts.twofactor import requires_two_factor

    if requires_two_factor(user):
        from django_otp import DEVICE_ID_SESSION_KEY

        device = totp_device(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def signed_in_page(browser: Any, live_server: Any, user: Any, *, timeout: int = 10_000) -> Any:
    """A browser page (Indonesian, its own context) whose session is `user`'s, signed in as
    `sign_in` leaves a test client."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    sign_in(client, user)
    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    context.set_default_timeout(timeout)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])
    return context.new_page()


def totp_device(user: Any) -> Any:
    """The user's confirmed authenticator device (created when missing)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Aplikasi autentikator",
                                           confirmed=True)
    return device


def totp_code(device: Any, *, offset: int = 0) -> str:
    """The code the authenticator app shows now (`offset` steps later or earlier)."""
    import time

    from django_otp.oath import TOTP

    generator = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    generator.time = time.time() + offset * device.step
    return f"{generator.token():0{device.digits}d}"
