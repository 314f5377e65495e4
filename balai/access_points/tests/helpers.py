"""Test data of access points: `make_point(**overrides)` and `make_operator(...)` through the
real actions."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from balai.core.testing import ACTOR

_counter = itertools.count(1)


def make_point(**overrides: Any) -> Any:
    from balai.access_points import actions
    from balai.access_points.models import Kind
    from balai.regions.models import Region

    n = next(_counter)
    fields: dict[str, Any] = {
        "name": f"Titik Uji {n:03d}", "kind": Kind.KANTOR_DESA,
        "desa": Region.objects.get(code="61.12.01.2001"), "latitude": Decimal("-0.100000"),
        "longitude": Decimal("109.400000"), "opening_hours": "Senin–Jumat 08.00–15.00",
        "bandwidth_mbps": 20, "provider": "Telkom Indonesia",
        "last_seen_alive": dt.date(2026, 12, 1)}
    fields.update(overrides)
    return actions.create_access_point(actor=overrides.pop("actor", ACTOR), **fields)


def make_operator(code: str = "telkomsel", name: str = "Telkomsel") -> Any:
    from balai.access_points import actions

    return actions.create_operator(actor=ACTOR, code=code, name=name)
