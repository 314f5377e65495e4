"""Fixtures of the access points tests: the demo (regions, offices, operators, points and
coverage for every desa) and a Diskominfo petugas."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command


@pytest.fixture
def diskominfo(db: None) -> Any:
    from balai.core.testing import make_office

    return make_office(code="diskominfo", name="Dinas Komunikasi dan Informatika",
                       short_name="Diskominfo")


@pytest.fixture
def kominfo_officer(diskominfo: Any) -> Any:
    from balai.core.testing import make_officer

    return make_officer(office=diskominfo, role="petugas", full_name="Rudi Kominfo")


@pytest.fixture
def demo(db: None) -> Any:
    """The regions, the demo offices and accounts, and this app's demo."""
    from balai.access_points import demo as access_demo
    from balai.accounts import demo as accounts_demo

    call_command("load_regions", stdout=StringIO())
    accounts_demo.load(StringIO())
    access_demo.load(StringIO())
