"""Fixtures of the innovation tests: the publishing office (Setda), two offices with their
petugas, and a citizen."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def setda(db: None) -> Any:
    from balai.core.testing import make_office

    return make_office(code="setda", name="Sekretariat Daerah", short_name="Setda")


@pytest.fixture
def dukcapil(setda: Any) -> Any:
    from balai.core.testing import make_office

    return make_office(code="disdukcapil", name="Dinas Kependudukan dan Pencatatan Sipil",
                       short_name="Disdukcapil")


@pytest.fixture
def dinkes(setda: Any) -> Any:
    from balai.core.testing import make_office

    return make_office(code="dinkes", name="Dinas Kesehatan", short_name="Dinkes")


@pytest.fixture
def dukcapil_officer(dukcapil: Any) -> Any:
    from balai.core.testing import make_officer

    return make_officer(office=dukcapil, role="petugas", full_name="Budi Santoso")


@pytest.fixture
def dinkes_officer(dinkes: Any) -> Any:
    from balai.core.testing import make_officer

    return make_officer(office=dinkes, role="petugas", full_name="Wati Kesehatan")


@pytest.fixture
def officer_client(client: Any, dukcapil_officer: Any) -> Any:
    from balai.core.testing import sign_in

    sign_in(client, dukcapil_officer)
    return client
