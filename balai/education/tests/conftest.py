from __future__ import annotations

from typing import Any

import pytest

from balai.education.tests.helpers import make_school, open_year


@pytest.fixture
def year(kubu_raya: None) -> Any:
    return open_year()


@pytest.fixture
def smp(kubu_raya: None) -> Any:
    return make_school(level="smp", capacity=20, name="SMP Negeri 1 Uji")


@pytest.fixture
def smp2(kubu_raya: None) -> Any:
    return make_school(level="smp", capacity=20, latitude=-0.0705, longitude=109.3510,
                       name="SMP Negeri 2 Uji")


@pytest.fixture
def sd(kubu_raya: None) -> Any:
    return make_school(level="sd", capacity=28, latitude=-0.0817, longitude=109.3745,
                       name="SD Negeri 1 Uji")
