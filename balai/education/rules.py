"""The bounds of the tracks and the rules of one year, as plain Python (no database).

Permendikdasmen No. 3 Tahun 2025 on Sistem Penerimaan Murid Baru sets the share of a school's
seats per track: SD domisili at least 70%, afirmasi at least 15%, mutasi at most 5% (no
prestasi track for SD); SMP domisili at least 40%, afirmasi at least 20%, mutasi at most 5%,
prestasi at least 25%. A year's file that breaks a bound is refused as a whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from balai.core.errors import DomainError

DATA_DIR = Path(__file__).resolve().parent / "data"
TRACKS = ("domisili", "afirmasi", "mutasi", "prestasi")
LEVELS = ("sd", "smp")

# (minimum, maximum) percentage of the seats per level and track.
BOUNDS: dict[str, dict[str, tuple[int, int]]] = {
    "sd": {"domisili": (70, 100), "afirmasi": (15, 100), "mutasi": (0, 5), "prestasi": (0, 0)},
    "smp": {"domisili": (40, 100), "afirmasi": (20, 100), "mutasi": (0, 5),
            "prestasi": (25, 100)},
}

# The SD age rule: 7 years first, then 6, then 5 years 6 months with a psychologist's
# recommendation letter; younger children are refused.
SD_AGE_MONTHS = (84, 72, 66)
# The Kartu Keluarga of a domisili registration must be at least a year old on the day of
# registration, so that a family cannot move into a zone just for the admission.
KK_MIN_AGE_DAYS = 365


class RulesError(DomainError):
    code = "SPMB_RULES_INVALID"


@dataclass(frozen=True)
class YearRules:
    year: int
    opens_at: dt.datetime
    closes_at: dt.datetime
    age_reference_date: dt.date
    reregistration_days: int
    max_choices: int
    quotas: dict[str, dict[str, int]]
    digest: str


def default_file(year: int) -> Path:
    return DATA_DIR / f"spmb-{year}.json"


def _datetime(value: Any, name: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError as error:
        raise RulesError(f"{name}: bukan tanggal-waktu ISO 8601 ({value!r}).") from error
    if moment.tzinfo is None:
        raise RulesError(f"{name}: zona waktu wajib diisi ({value!r}).")
    return moment


def parse_rules(raw: bytes) -> YearRules:
    """The rules of one year from the file's bytes, or RulesError naming what is wrong."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise RulesError(f"Berkas aturan bukan JSON yang sah: {error}") from error
    if not isinstance(data, dict):
        raise RulesError("Berkas aturan harus berupa objek JSON.")
    missing = [k for k in ("year", "opens_at", "closes_at", "age_reference_date",
                           "reregistration_days", "max_choices", "quotas") if k not in data]
    if missing:
        raise RulesError("Isian yang kurang: " + ", ".join(missing) + ".")
    year, max_choices, days = data["year"], data["max_choices"], data["reregistration_days"]
    if not (isinstance(year, int) and 2020 <= year <= 2100):
        raise RulesError(f"Tahun tidak sah: {year!r}.")
    if not (isinstance(max_choices, int) and 1 <= max_choices <= 5):
        raise RulesError("Jumlah pilihan sekolah harus 1 sampai 5.")
    if not (isinstance(days, int) and 1 <= days <= 30):
        raise RulesError("Lama daftar ulang harus 1 sampai 30 hari.")
    opens_at = _datetime(data["opens_at"], "opens_at")
    closes_at = _datetime(data["closes_at"], "closes_at")
    if closes_at <= opens_at:
        raise RulesError("Pendaftaran harus ditutup sesudah dibuka.")
    try:
        reference = dt.date.fromisoformat(str(data["age_reference_date"]))
    except ValueError as error:
        raise RulesError("age_reference_date bukan tanggal ISO 8601.") from error
    quotas = data["quotas"]
    if not isinstance(quotas, dict) or set(quotas) != set(LEVELS):
        raise RulesError("Kuota harus memuat jenjang sd dan smp.")
    clean: dict[str, dict[str, int]] = {}
    for level in LEVELS:
        shares = quotas[level]
        if not isinstance(shares, dict) or set(shares) - set(TRACKS):
            raise RulesError(f"Kuota {level}: jalur yang dikenal hanya {', '.join(TRACKS)}.")
        clean[level] = {}
        for track in TRACKS:
            share = shares.get(track, 0)
            low, high = BOUNDS[level][track]
            if not isinstance(share, int) or not low <= share <= high:
                raise RulesError(
                    f"Kuota {level.upper()} jalur {track} {share!r}% di luar batas "
                    f"Permendikdasmen 3/2025 ({low}–{high}%).")
            clean[level][track] = share
        if sum(clean[level].values()) != 100:
            raise RulesError(f"Kuota {level.upper()} berjumlah {sum(clean[level].values())}%, "
                             "harus 100%.")
    return YearRules(year=year, opens_at=opens_at, closes_at=closes_at,
                     age_reference_date=reference, reregistration_days=days,
                     max_choices=max_choices, quotas=clean,
                     digest=hashlib.sha256(raw).hexdigest())


def seats_per_track(capacity: int, shares: dict[str, int]) -> dict[str, int]:
    """A school's seats per track by largest remainder: every track gets the whole seats of
    its share, and the seats left go one each to the tracks with the largest fractions. Mutasi
    is a maximum, so it never gets a seat from rounding; the seats always add up to the
    capacity."""
    exact = {track: capacity * shares.get(track, 0) for track in TRACKS}  # hundredths
    seats = {track: value // 100 for track, value in exact.items()}
    left = capacity - sum(seats.values())
    order = sorted((t for t in TRACKS if t != "mutasi" and shares.get(t, 0) > 0),
                   key=lambda t: (-(exact[t] % 100), TRACKS.index(t)))
    for track in order[:left]:
        seats[track] += 1
    return seats


def age_in_months(birth_date: dt.date, on: dt.date) -> int:
    months = (on.year - birth_date.year) * 12 + on.month - birth_date.month
    return months - 1 if on.day < birth_date.day else months


def sd_age_band(birth_date: dt.date, on: dt.date, *, has_recommendation: bool) -> int | None:
    """0: seven or older; 1: six; 2: five and a half with a recommendation letter; None:
    too young (refused)."""
    months = age_in_months(birth_date, on)
    if months >= SD_AGE_MONTHS[0]:
        return 0
    if months >= SD_AGE_MONTHS[1]:
        return 1
    if months >= SD_AGE_MONTHS[2] and has_recommendation:
        return 2
    return None


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> int:
    """The great-circle distance in whole metres (the same formula as access_points)."""
    from balai.access_points.queries import haversine_km

    return round(haversine_km(lat1, lon1, lat2, lon2) * 1000)
