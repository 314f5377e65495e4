"""Test helpers of the health queue: a facility with one polyclinic open every day."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from balai.health import actions
from balai.health.models import Polyclinic

_counter = itertools.count(1)


def make_polyclinic(*, office: Any, quota: int = 10, walk_in_percent: int = 30,
                    service_minutes: int = 10, code: str | None = None,
                    opens: dt.time = dt.time(0, 0), closes: dt.time = dt.time(23, 59),
                    kecamatan: str = "61.12.01") -> Polyclinic:
    """A puskesmas of `office` with a general polyclinic open all day, every day (so that a
    test runs the same on any weekday and hour). Needs the Kubu Raya regions."""
    from balai.regions.queries import get_kecamatan

    n = next(_counter)
    facility = actions.create_facility(
        actor="uji", code=f"pkm-uji-{n}", name=f"Puskesmas Uji {n}", kind="puskesmas",
        office=office, kecamatan=get_kecamatan(kecamatan), address="Jl. Uji")
    polyclinic = actions.add_polyclinic(actor="uji", facility=facility,
                                        code=code or f"U{n}-UMUM", name="Poli Umum",
                                        service_minutes=service_minutes,
                                        walk_in_percent=walk_in_percent)
    for weekday in range(7):
        actions.set_schedule(actor="uji", polyclinic=polyclinic, weekday=weekday,
                             doctor_name="dr. Uji", starts_at=opens, ends_at=closes,
                             quota=quota)
    return polyclinic
