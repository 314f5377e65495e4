"""Fixtures of the catalogue tests: the offices the catalogue names, and the catalogue itself."""

from __future__ import annotations

import copy
from io import StringIO
from typing import Any

import pytest
import yaml
from django.core.management import call_command

from balai.accounts.demo import OPD
from balai.catalogue.loader import SERVICES_DIR
from balai.core.testing import make_office


@pytest.fixture
def offices(db: None) -> dict[str, Any]:
    """The regency's OPD offices, with the codes of balai.accounts.demo."""
    return {code: make_office(code=code, name=name, short_name=short, kind=kind)
            for code, name, short, kind in OPD}


@pytest.fixture
def catalogue(offices: dict[str, Any]) -> dict[str, Any]:
    """Every service of balai/catalogue/services/ published, as load_services does."""
    call_command("load_services", stdout=StringIO())
    return offices


def service_data(code: str = "akta-kelahiran", **changes: Any) -> dict[str, Any]:
    """A fresh copy of a catalogue definition, with top-level keys changed."""
    data = yaml.safe_load((SERVICES_DIR / f"{code}.yaml").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data.update(changes)
    return data
