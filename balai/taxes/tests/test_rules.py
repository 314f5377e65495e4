import datetime as dt

import pytest

from balai.payments.codes import is_valid_code, make_code
from balai.payments.interest import interest_due, months_late
from balai.taxes.nop import InvalidNop, region_of_nop
from balai.taxes.tariffs import TariffError, default_file, parse_tariff, read_tariff_file

D = dt.date


@pytest.fixture
def tariff():
    return read_tariff_file(default_file("61.12"))[0]


@pytest.mark.parametrize(("paid_on", "months"), [
    (D(2026, 8, 31), 0), (D(2026, 9, 1), 1), (D(2026, 9, 30), 1), (D(2026, 10, 1), 2),
    (D(2028, 8, 31), 24),
])
def test_a_part_month_counts_as_a_full_month(paid_on, months):
    assert months_late(D(2026, 8, 31), paid_on) == months


def test_interest_is_capped_at_fifteen_months():
    assert interest_due(principal=100_000, due_date=D(2024, 1, 10), paid_on=D(2026, 11, 28),
                        bp_per_month=100, max_months=15) == 15_000


def test_payment_codes_catch_typing_mistakes():
    code = make_code(kind="pbb_p2", year=2026, serial=4711)
    assert len(code) == 17 and is_valid_code(code)
    assert not is_valid_code(code[:3] + str((int(code[3]) + 1) % 10) + code[4:])
    swaps = [code[:i] + code[i + 1] + code[i] + code[i + 2:] for i in range(len(code) - 1)
             if code[i] != code[i + 1]]
    assert swaps and not any(is_valid_code(swapped) for swapped in swaps)


def test_nop_region_parts_must_be_kubu_rayas(tariff):
    assert region_of_nop("611201000100100010", tariff) == ("61.12.01", "61.12.01.2001")
    for nop in ["61120100010010001", "611301000100100010", "611299900100100010",
                "611201000100100015", "61120100010010001X"]:
        with pytest.raises(InvalidNop):
            region_of_nop(nop, tariff)


def test_tariff_above_the_legal_caps_is_refused_with_every_problem(tariff):
    data = {**tariff.data, "pbb_p2": {**tariff.data["pbb_p2"], "njoptkp": 5_000_000,
                                      "food_land_rate_ppm": 9000}}
    with pytest.raises(TariffError) as error:
        parse_tariff(data)
    assert len(error.value.problems) == 2


def test_rate_bands_follow_the_table(tariff):
    assert tariff.pbb_rate_ppm(1_000_000_000, food_land=False) == 1000
    assert tariff.pbb_rate_ppm(1_000_000_001, food_land=False) == 1500
    assert tariff.pbb_rate_ppm(9_000_000_000, food_land=False) == 2000
    assert tariff.pbb_rate_ppm(9_000_000_000, food_land=True) == 700
