from decimal import Decimal

import pytest

from balai.transparency.ikm import compute_ikm, grade_of, recommended_sample


def test_ikm_is_weighted_average_of_nine_elements_times_25():
    # 4 respondents; element sums chosen so that NRRs are 3.25, 3.0, 3.5, 4, 3, 3, 3.75, 2.5, 3.
    sums = [13, 12, 14, 16, 12, 12, 15, 10, 12]
    ikm = compute_ikm(respondents=4, sums=sums)
    assert ikm is not None
    expected = sum(Decimal(s) / 4 for s in sums) / 9
    assert ikm.index == expected.quantize(Decimal("0.0001"))
    assert ikm.converted == (expected * 25).quantize(Decimal("0.01"))
    assert ikm.converted == Decimal("80.56")  # 29 / 9 × 25
    assert ikm.grade == "B"


def test_ikm_without_respondents_is_none():
    assert compute_ikm(respondents=0, sums=[0] * 9) is None


@pytest.mark.parametrize(("converted", "grade"), [
    ("25.00", "D"), ("64.99", "D"), ("65.00", "C"), ("76.60", "C"), ("76.61", "B"),
    ("88.30", "B"), ("88.31", "A"), ("100.00", "A"),
])
def test_grade_bands_follow_permenpan_14_2017(converted, grade):
    assert grade_of(Decimal(converted))[0] == grade


@pytest.mark.parametrize(("population", "sample"), [
    (50, 44), (100, 80), (300, 169), (1000, 278), (2000, 322), (1_000_000, 384), (10, 10),
    (0, 0),
])
def test_recommended_sample_matches_krejcie_morgan_table(population, sample):
    assert recommended_sample(population) == sample
