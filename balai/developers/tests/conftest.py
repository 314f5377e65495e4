from __future__ import annotations

import pytest

from balai.developers.tests.helpers import legalisir_definition, make_app


@pytest.fixture
def disdik(db):
    from balai.core.testing import make_office

    return make_office(code="disdik", name="Dinas Pendidikan", short_name="Disdik")


@pytest.fixture
def legalisir(disdik):
    return legalisir_definition(disdik)


@pytest.fixture
def app(citizen):
    return make_app(citizen.user)
