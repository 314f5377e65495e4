from __future__ import annotations

from typing import Any

import pytest

from balai.accounts.models import Office, User
from balai.core.testing import make_office, make_officer
from balai.health.models import Polyclinic
from balai.health.testing import make_polyclinic


@pytest.fixture
def upt(db: None) -> Office:
    return make_office(code="upt-pkm-uji", name="UPT Puskesmas Uji", short_name="UPT")


@pytest.fixture
def desk_officer(upt: Office) -> User:
    return make_officer(office=upt, role="petugas", full_name="Dewi Loket")


@pytest.fixture
def polyclinic(kubu_raya: Any, upt: Office) -> Polyclinic:
    # 10 a day, 3 kept for walk-ins: 7 may be booked ahead.
    return make_polyclinic(office=upt, quota=10, walk_in_percent=30, code="UJI-UMUM")
