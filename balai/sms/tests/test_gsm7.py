"""GSM-7 length and segments, without a database."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from balai.sms import gsm7


def test_basic_characters_count_one_septet_each() -> None:
    assert gsm7.septets("CEK KR-2026-000001") == 18
    assert gsm7.septets("Rp150.000 @ £ é Ä") == 17


def test_extension_characters_count_two() -> None:
    assert gsm7.septets("€") == 2
    assert gsm7.septets("[x]") == 5
    assert gsm7.septets("a{b}c|d~e^f\\") == 18  # six basic, six extended


def test_characters_outside_gsm7_make_the_text_unencodable() -> None:
    assert gsm7.septets("Kopi ☕") is None
    assert gsm7.septets("ā") is None
    assert gsm7.septets("“kutip”") is None


def test_one_sms_holds_160_septets() -> None:
    assert gsm7.is_single_sms("a" * 160)
    assert not gsm7.is_single_sms("a" * 161)
    assert gsm7.is_single_sms("a" * 158 + "€")
    assert not gsm7.is_single_sms("a" * 159 + "€")  # 161 septets
    assert not gsm7.is_single_sms("🙂")


def test_segments_of_long_and_unicode_texts() -> None:
    assert gsm7.segments("a" * 160) == 1
    assert gsm7.segments("a" * 161) == 2
    assert gsm7.segments("a" * 306) == 2
    assert gsm7.segments("a" * 307) == 3
    assert gsm7.segments("€" * 80) == 1
    assert gsm7.segments("€" * 81) == 2
    assert gsm7.segments("ā" * 70) == 1
    assert gsm7.segments("ā" * 71) == 2
    assert gsm7.segments("🙂" * 35) == 1  # two UTF-16 units each
    assert gsm7.segments("🙂" * 36) == 2


def test_to_gsm7_keeps_what_it_can_and_replaces_the_rest() -> None:
    assert gsm7.to_gsm7("Rāhmat “Bōn” – ok… ☕") == 'Rahmat "Bon" - ok... ?'
    assert gsm7.to_gsm7("é ü €") == "é ü €"


def test_fit_single_sms_cuts_long_text_with_an_ellipsis() -> None:
    cut = gsm7.fit_single_sms("kata " * 60)
    assert cut.endswith("...")
    assert gsm7.septets(cut) <= 160
    assert gsm7.fit_single_sms("  CEK   status  ") == "CEK status"
    assert gsm7.septets(gsm7.fit_single_sms("€" * 100)) <= 160


@given(st.text(max_size=400))
def test_fit_single_sms_always_gives_one_gsm7_sms(text: str) -> None:
    assert gsm7.is_single_sms(gsm7.fit_single_sms(text))
