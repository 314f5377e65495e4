"""The Indeks Kepuasan Masyarakat as Permenpan RB 14/2017 prescribes, and the recommended
sample size (Krejcie & Morgan). Pure functions: no database."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

ELEMENTS = 9
# Permenpan RB 14/2017: each of the nine elements weighs the same, 1/9 (≈ 0.111).
WEIGHT = Decimal(1) / Decimal(ELEMENTS)
CONVERSION = 25

# Lampiran Permenpan RB 14/2017: converted IKM intervals, grade and performance.
GRADES = [
    (Decimal("88.31"), "A", _("Sangat baik")),
    (Decimal("76.61"), "B", _("Baik")),
    (Decimal("65.00"), "C", _("Kurang baik")),
    (Decimal("25.00"), "D", _("Tidak baik")),
]


@dataclass(frozen=True)
class Ikm:
    respondents: int
    nrr: tuple[Decimal, ...]  # per element, the average score (1-4)
    index: Decimal  # Σ NRR × 1/9, 1-4
    converted: Decimal  # index × 25, 25-100
    grade: str
    performance: str


def compute_ikm(*, respondents: int, sums: list[int]) -> Ikm | None:
    """IKM from the number of respondents and the sum of scores of each of the nine elements.

    NRR per element = Σ scores / respondents; IKM = Σ (NRR × 1/9); converted = IKM × 25.
    """
    if respondents <= 0:
        return None
    if len(sums) != ELEMENTS:
        raise ValueError("nine elements expected")
    nrr = tuple(Decimal(total) / Decimal(respondents) for total in sums)
    index = sum((value * WEIGHT for value in nrr), Decimal(0))
    converted = (index * CONVERSION).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    grade, performance = grade_of(converted)
    return Ikm(respondents=respondents, nrr=tuple(v.quantize(Decimal("0.001")) for v in nrr),
               index=index.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
               converted=converted, grade=grade, performance=str(performance))


def grade_of(converted: Decimal) -> tuple[str, str]:
    for floor, grade, performance in GRADES:
        if converted >= floor:
            return grade, str(performance)
    return "D", str(GRADES[-1][2])


def recommended_sample(population: int) -> int:
    """Krejcie & Morgan: s = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)), χ² = 3.841, P = 0.5,
    d = 0.05, rounded to the nearest whole respondent (N=100 → 80, N=1,000 → 278)."""
    if population <= 0:
        return 0
    chi2, p, d = Decimal("3.841"), Decimal("0.5"), Decimal("0.05")
    n = Decimal(population)
    s = chi2 * n * p * (1 - p) / (d * d * (n - 1) + chi2 * p * (1 - p))
    return min(population, int(s.quantize(Decimal(1), rounding=ROUND_HALF_UP)))
