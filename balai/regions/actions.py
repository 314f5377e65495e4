"""Loading a regency's reference regions from a CSV file (kode,nama,tingkat,kode_induk)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from balai.regions.models import Region

PROVINCE_NAMES = {"61": "Kalimantan Barat"}


class RegionFileError(ValueError):
    """The region file is malformed; the message names the line."""


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int


def _read(path: Path) -> list[dict[str, str]]:
    rows = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"kode", "nama", "tingkat", "kode_induk"} - set(reader.fieldnames or [])
        if missing:
            raise RegionFileError(f"kolom hilang: {', '.join(sorted(missing))}")
        for line, row in enumerate(reader, start=2):
            level = row["tingkat"].strip()
            if level not in Region.Level.values:
                raise RegionFileError(f"baris {line}: tingkat {level!r} tidak dikenal")
            if not row["kode"].strip() or not row["nama"].strip():
                raise RegionFileError(f"baris {line}: kode dan nama wajib diisi")
            rows.append({k: (v or "").strip() for k, v in row.items()})
    return rows


@transaction.atomic
def load_regions(*, path: Path) -> LoadResult:
    """Create or update the regions in the file. Idempotent: a second run changes nothing."""
    rows = _read(path)
    existing = {r.code: r for r in Region.objects.filter(code__in=[row["kode"] for row in rows])}
    # Parents first, so that a province named only as a parent code exists too.
    parent_codes = {row["kode_induk"] for row in rows if row["kode_induk"]}
    known = set(existing) | {row["kode"] for row in rows}
    for code in sorted(parent_codes - known):
        if Region.objects.filter(code=code).exists():
            continue
        if "." in code:
            raise RegionFileError(f"induk {code} tidak ada di berkas maupun di basis data")
        Region.objects.create(code=code, name=PROVINCE_NAMES.get(code, code),
                              level=Region.Level.PROVINSI)
    created = updated = unchanged = 0
    to_create, to_update = [], []
    for row in sorted(rows, key=lambda r: (r["kode"].count("."), r["kode"])):
        parent_id = row["kode_induk"] or None
        current = existing.get(row["kode"])
        if current is None:
            to_create.append(Region(code=row["kode"], name=row["nama"], level=row["tingkat"],
                                    parent_id=parent_id))
            created += 1
        elif (current.name, current.level, current.parent_id) != (row["nama"], row["tingkat"],
                                                                  parent_id):
            current.name, current.level, current.parent_id = row["nama"], row["tingkat"], parent_id
            to_update.append(current)
            updated += 1
        else:
            unchanged += 1
    Region.objects.bulk_create(to_create, batch_size=1000)
    Region.objects.bulk_update(to_update, ["name", "level", "parent"], batch_size=1000)
    return LoadResult(created, updated, unchanged)
