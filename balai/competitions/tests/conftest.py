"""Fixtures of the competition tests: the organising office with its petugas, another
office's petugas, two judges' accounts and citizens."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def kominfo(db: None) -> Any:
    from balai.core.testing import make_office

    return make_office(code="diskominfo", name="Dinas Komunikasi dan Informatika",
                       short_name="Diskominfo")


@pytest.fixture
def organiser(kominfo: Any) -> Any:
    from balai.core.testing import make_officer

    return make_officer(office=kominfo, role="petugas", full_name="Rudi Kominfo",
                        username="petugas.kominfo.uji")


@pytest.fixture
def judges(db: None) -> tuple[Any, Any]:
    from balai.accounts.actions import create_officer
    from balai.core.testing import PASSWORD

    return tuple(create_officer(actor="sistem:uji", username=f"juri{n}",
                                full_name=f"Juri {n}", email=f"juri{n}@example.id",
                                password=PASSWORD) for n in (1, 2))
