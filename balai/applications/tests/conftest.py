from __future__ import annotations

import pytest

from balai.accounts.models import Citizen, Office, User
from balai.applications.models import Application
from balai.applications.tests.helpers import akta_definition, make_submitted
from balai.catalogue.models import ServiceDefinition
from balai.core.testing import make_officer
from balai.documents.testing import (  # noqa: F401 - dev_pki_fixture is the `dev_pki` fixture
    DevPki,
    dev_pki_fixture,
)


@pytest.fixture
def akta(office_a: Office) -> ServiceDefinition:
    return akta_definition(office_a)


@pytest.fixture
def akta_other_office(office_b: Office) -> ServiceDefinition:
    return akta_definition(office_b)


@pytest.fixture
def verifikator(office_a: Office) -> User:
    return make_officer(office=office_a, role="verifikator", full_name="Rina Verifikator")


@pytest.fixture
def pejabat(office_a: Office, dev_pki: DevPki) -> User:
    user = make_officer(office=office_a, role="pejabat_penandatangan",
                        full_name="Drs. Hendra Gunawan")
    dev_pki.certify(user)
    return user


@pytest.fixture
def submitted(citizen: Citizen, akta: ServiceDefinition) -> Application:
    return make_submitted(citizen.user, akta)
