from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from balai.accounts.models import Office, User
from balai.core.testing import make_office, make_officer
from balai.documents.testing import dev_pki_fixture  # noqa: F401  (the `dev_pki` fixture)
from balai.literacy import actions
from balai.literacy.models import Programme, Session
from balai.regions.queries import get_kecamatan

SUNGAI_RAYA = "61.12.01"


@pytest.fixture
def diskominfo(db: None) -> Office:
    return make_office(code="diskominfo-lit", name="Dinas Komunikasi dan Informatika (uji)",
                       short_name="Diskominfo")


@pytest.fixture
def organiser(diskominfo: Office) -> User:
    return make_officer(office=diskominfo, role="petugas", full_name="Rudi Diskominfo")


@pytest.fixture
def programme(organiser: User, diskominfo: Office) -> Programme:
    return actions.create_programme(
        actor=organiser, office=diskominfo, title="Aman Bertransaksi Digital untuk UMKM",
        description="Mengenali penipuan daring dan menjaga akun toko.", kind="pelatihan",
        pillar="aman")


def make_session(programme: Programme, actor: User, **overrides: Any) -> Session:
    start = timezone.now() + dt.timedelta(days=3)
    fields: dict[str, Any] = {
        "starts_at": start, "ends_at": start + dt.timedelta(hours=3), "capacity": 2,
        "target_groups": ["umkm", "perempuan"], "kecamatan": get_kecamatan(SUNGAI_RAYA),
        "address": "Aula Kantor Camat"}
    fields.update(overrides)
    return actions.schedule_session(actor=actor, programme=programme, **fields)


@pytest.fixture
def session(kubu_raya: None, programme: Programme, organiser: User) -> Session:
    return make_session(programme, organiser)
