"""Test helpers for taxes and payments: the Bapenda office, the tariff table, an object with an
SPPT and its bill, and a partner bank with its keys. Used by both apps' conftest.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from balai.core.testing import ACTOR, make_office


@dataclass
class TestBank:
    client: Any
    secret: str
    private_key_pem: str

    def session(self, transport: Any) -> Any:
        from balai.payments.bank_client import BankSession

        return BankSession(partner_id=self.client.code, client_key=self.client.client_key,
                           client_secret=self.secret, private_key_pem=self.private_key_pem,
                           partner_service_id=self.client.partner_service_id,
                           transport=transport)


_KEYS: dict[str, tuple[str, str]] = {}


def make_bank(code: str = "bank-uji", *, sandbox: bool = False,
              partner_service_id: str = "88899") -> TestBank:
    from balai.payments.actions import register_bank_client
    from balai.payments.snap import new_key_pair

    if "pair" not in _KEYS:  # RSA key generation is slow: one pair for the whole run
        _KEYS["pair"] = new_key_pair()
    private, public = _KEYS["pair"]
    client, secret = register_bank_client(
        actor=ACTOR, code=code, name=f"Bank {code}", public_key_pem=public,
        partner_service_id=partner_service_id, is_sandbox=sandbox,
        sandbox_private_key_pem=private if sandbox else "")
    return TestBank(client=client, secret=secret, private_key_pem=private)


def make_tax_object(*, taxpayer: Any, serial: int = 1, land_area: int = 200,
                    land_njop_per_m2: int = 500_000, building_area: int = 60,
                    building_njop_per_m2: int = 1_000_000) -> Any:
    from balai.taxes.actions import register_tax_object
    from balai.taxes.nop import nop_for
    from balai.taxes.queries import tariff_for_year

    tariff = tariff_for_year(2026)
    nop = nop_for(tariff=tariff, desa_code="61.12.01.2001", block=1, serial=serial)
    return register_tax_object(actor=ACTOR, nop=nop, taxpayer=taxpayer,
                               address=f"Jl. Uji No. {serial}", land_area=land_area,
                               building_area=building_area,
                               land_njop_per_m2=land_njop_per_m2,
                               building_njop_per_m2=building_njop_per_m2)


@pytest.fixture
def bapenda(db: None) -> Any:
    return make_office(code="bapenda", name="Badan Pendapatan Daerah (uji)",
                       short_name="Bapenda")


@pytest.fixture
def tariff(db: None) -> Any:
    from balai.taxes.actions import load_tariff
    from balai.taxes.tariffs import default_file

    return load_tariff(actor=ACTOR, path=default_file("61.12"))


@pytest.fixture
def taxpayer(citizen: Any) -> Any:
    from balai.taxes.actions import register_taxpayer

    return register_taxpayer(actor=ACTOR, name="Siti Aminah", nik=citizen.nik)


@pytest.fixture
def tax_object(kubu_raya: None, tariff: Any, bapenda: Any, taxpayer: Any) -> Any:
    return make_tax_object(taxpayer=taxpayer)


@pytest.fixture
def sppt_bill(tax_object: Any) -> Any:
    from balai.payments.models import Bill
    from balai.taxes.actions import run_assessment

    run_assessment(actor=ACTOR, year=2026)
    return Bill.objects.get(sppt__tax_object=tax_object, sppt__year=2026)


@pytest.fixture
def bank(db: None) -> TestBank:
    return make_bank()
