from __future__ import annotations

from typing import Any

import pytest

from balai.accounts.models import Office, Role, User
from balai.documents.testing import (  # noqa: F401 - dev_pki_fixture is the `dev_pki` fixture
    DevPki,
    dev_pki_fixture,
    make_office,
    make_official,
)


@pytest.fixture
def office(db: Any) -> Office:
    return make_office("disdukcapil", name="Dinas Kependudukan dan Pencatatan Sipil")


@pytest.fixture
def other_office(db: Any) -> Office:
    return make_office("dinkes", name="Dinas Kesehatan")


@pytest.fixture
def official(office: Office, dev_pki: DevPki) -> User:
    """A signing official of `office` who holds a development certificate."""
    user = make_official("pejabat.dukcapil", office)
    dev_pki.certify(user)
    return user


@pytest.fixture
def citizen(db: Any) -> User:
    return User.objects.create_user("warga1", "sandi-uji-panjang-2", full_name="Siti Aminah")


@pytest.fixture
def other_citizen(db: Any) -> User:
    return User.objects.create_user("warga2", "sandi-uji-panjang-3", full_name="Budi Santoso")


@pytest.fixture
def verifier_other_office(other_office: Office) -> User:
    return make_official("verifikator.dinkes", other_office, role=Role.VERIFIKATOR,
                         full_name="Rina Wulandari")
