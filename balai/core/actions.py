"""Writes to the shared reference data."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from django.db import transaction

from balai.core.models import NonWorkingDay

DEFAULT_NON_WORKING_DAYS = Path(__file__).resolve().parent / "data" / "non-working-days.csv"


@transaction.atomic
def load_non_working_days(*, path: Path = DEFAULT_NON_WORKING_DAYS) -> int:
    """Add the cuti bersama and extra holidays in the file; days already known are left as the
    admin may have corrected them. Returns how many were added."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    known = set(NonWorkingDay.objects.values_list("date", flat=True))
    new = []
    for row in rows:
        day = dt.date.fromisoformat(row["tanggal"])
        if day not in known:
            new.append(NonWorkingDay(date=day, kind=row["jenis"], name=row["keterangan"],
                                     source=row.get("dasar_hukum", "")))
            known.add(day)
    NonWorkingDay.objects.bulk_create(new)
    return len(new)
