"""The tariff table as data: parsing and checking the YAML file, and the computations that
read it (PBB-P2 per object, self-assessed tax per return, NOP region parts). No rate, threshold
or due date is written in code; they all come from balai/taxes/data/<regency>.yaml."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
SELF_ASSESSED_KINDS = ("pbjt_makan", "pbjt_hotel", "pbjt_parkir", "pbjt_hiburan", "reklame",
                       "air_tanah")
# Legal caps of UU 1/2022 that a loaded table may never exceed.
PBB_MAX_RATE_PPM = 5000  # 0,5%
NJOPTKP_MIN = 10_000_000


class TariffError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Tariff:
    regency_code: str
    valid_from_year: int
    data: dict[str, Any]

    @property
    def njoptkp(self) -> int:
        return int(self.data["pbb_p2"]["njoptkp"])

    def due_date(self, year: int) -> dt.date:
        pbb = self.data["pbb_p2"]
        return dt.date(year, int(pbb["due_month"]), int(pbb["due_day"]))

    @property
    def interest_bp(self) -> int:
        return int(self.data["interest"]["percent_bp_per_month"])

    @property
    def interest_max_months(self) -> int:
        return int(self.data["interest"]["max_months"])

    @property
    def retribusi_due_days(self) -> int:
        return int(self.data["retribusi"]["due_days"])

    def pbb_rate_ppm(self, njop: int, *, food_land: bool) -> int:
        pbb = self.data["pbb_p2"]
        if food_land:
            return int(pbb["food_land_rate_ppm"])
        for band in pbb["rate_bands"]:
            if band["njop_up_to"] is None or njop <= int(band["njop_up_to"]):
                return int(band["rate_ppm"])
        return int(pbb["rate_bands"][-1]["rate_ppm"])

    def assess_pbb(self, *, njop_land: int, njop_building: int,
                   food_land: bool) -> tuple[int, int, int]:
        """(NJKP, rate in ppm, tax) for one object: the taxable share of NJOP above NJOPTKP
        times the rate of the object's NJOP band, at least the minimum tax (nil stays nil)."""
        pbb = self.data["pbb_p2"]
        njop = njop_land + njop_building
        taxable = max(0, njop - self.njoptkp)
        njkp = taxable * int(pbb["taxable_percent"]) // 100
        rate = self.pbb_rate_ppm(njop, food_land=food_land)
        tax = njkp * rate // 1_000_000
        if tax > 0:
            tax = max(tax, int(pbb["minimum_tax"]))
        return njkp, rate, tax

    def self_assessed_rate_bp(self, kind: str) -> int:
        return int(self.data["self_assessed"]["rates_bp"][kind])

    def return_deadlines(self, period: dt.date) -> tuple[dt.date, dt.date]:
        """(filing deadline, payment due date) of the return for the month of `period`."""
        rules = self.data["self_assessed"]
        following = (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return (following.replace(day=int(rules["filing_day"])),
                following.replace(day=int(rules["payment_day"])))

    def kecamatan_for_nop(self, code: str) -> str | None:
        return self.data["nop_kecamatan"].get(code)

    def nop_kecamatan_code(self, kemendagri_code: str) -> str | None:
        return next((nop for nop, kec in self.data["nop_kecamatan"].items()
                     if kec == kemendagri_code), None)


def _int(data: dict[str, Any], key: str, where: str, problems: list[str], *, low: int = 0,
         high: int | None = None) -> None:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < low or (
            high is not None and value > high):
        limit = f" dan {high}" if high is not None else ""
        problems.append(f"{where}.{key}: harus bilangan bulat antara {low}{limit}")


def parse_tariff(data: Any) -> Tariff:
    """Check a tariff mapping against the legal caps and its own consistency; raise
    TariffError listing every problem."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise TariffError(["berkas tarif harus berupa pemetaan"])
    for key in ("regency_code", "valid_from_year", "pbb_p2", "self_assessed", "interest",
                "retribusi", "nop_kecamatan"):
        if key not in data:
            problems.append(f"{key}: wajib ada")
    if problems:
        raise TariffError(problems)
    _int(data, "valid_from_year", "", problems, low=2023, high=2100)
    pbb = data["pbb_p2"] if isinstance(data["pbb_p2"], dict) else {}
    _int(pbb, "njoptkp", "pbb_p2", problems, low=NJOPTKP_MIN)
    _int(pbb, "taxable_percent", "pbb_p2", problems, low=20, high=100)
    _int(pbb, "food_land_rate_ppm", "pbb_p2", problems, low=1, high=PBB_MAX_RATE_PPM)
    _int(pbb, "minimum_tax", "pbb_p2", problems)
    _int(pbb, "due_month", "pbb_p2", problems, low=1, high=12)
    _int(pbb, "due_day", "pbb_p2", problems, low=1, high=28 if pbb.get("due_month") == 2 else 31)
    bands = pbb.get("rate_bands")
    if not isinstance(bands, list) or not bands:
        problems.append("pbb_p2.rate_bands: harus daftar yang tidak kosong")
    else:
        previous = 0
        for i, band in enumerate(bands):
            where = f"pbb_p2.rate_bands[{i}]"
            if not isinstance(band, dict):
                problems.append(f"{where}: harus pemetaan")
                continue
            _int(band, "rate_ppm", where, problems, low=1, high=PBB_MAX_RATE_PPM)
            limit = band.get("njop_up_to")
            if limit is None and i != len(bands) - 1:
                problems.append(f"{where}.njop_up_to: hanya pita terakhir yang boleh tanpa batas")
            if limit is not None:
                if not isinstance(limit, int) or limit <= previous:
                    problems.append(f"{where}.njop_up_to: harus naik dari pita sebelumnya")
                else:
                    previous = limit
        if bands and isinstance(bands[-1], dict) and bands[-1].get("njop_up_to") is not None:
            problems.append("pbb_p2.rate_bands: pita terakhir harus tanpa batas (null)")
    self_assessed = data["self_assessed"] if isinstance(data["self_assessed"], dict) else {}
    rates = self_assessed.get("rates_bp") or {}
    caps = {"pbjt_hiburan": 7500, "reklame": 2500, "air_tanah": 2000}
    for kind in SELF_ASSESSED_KINDS:
        if kind not in rates:
            problems.append(f"self_assessed.rates_bp.{kind}: wajib ada")
        else:
            _int(rates, kind, "self_assessed.rates_bp", problems, low=1,
                 high=caps.get(kind, 1000))
    _int(self_assessed, "filing_day", "self_assessed", problems, low=1, high=28)
    _int(self_assessed, "payment_day", "self_assessed", problems, low=1, high=28)
    interest = data["interest"] if isinstance(data["interest"], dict) else {}
    _int(interest, "percent_bp_per_month", "interest", problems, high=1000)
    _int(interest, "max_months", "interest", problems, low=1, high=60)
    retribusi = data["retribusi"] if isinstance(data["retribusi"], dict) else {}
    _int(retribusi, "due_days", "retribusi", problems, low=1, high=365)
    kecamatan = data["nop_kecamatan"]
    if not isinstance(kecamatan, dict) or not all(
            isinstance(k, str) and len(k) == 3 and k.isdigit() for k in kecamatan):
        problems.append("nop_kecamatan: kunci harus kode 3 angka dalam tanda kutip")
    if problems:
        raise TariffError(problems)
    return Tariff(regency_code=str(data["regency_code"]),
                  valid_from_year=int(data["valid_from_year"]), data=data)


def read_tariff_file(path: Path) -> tuple[Tariff, str]:
    raw = path.read_bytes()
    return parse_tariff(yaml.safe_load(raw)), hashlib.sha256(raw).hexdigest()


def default_file(regency_code: str) -> Path:
    return DATA_DIR / f"{regency_code.replace('.', '')}.yaml"
