import datetime as dt

import pytest

from balai.accounts.nik import NikError, parse_nik


def test_parse_nik_reads_gender_and_birth_date_of_a_woman():
    info = parse_nik("6112015708900003")
    assert (info.nik, info.gender, info.day, info.month, info.year2) == (
        "6112015708900003", "P", 17, 8, 90)
    assert info.matches_birth_date(dt.date(1990, 8, 17))
    assert not info.matches_birth_date(dt.date(1990, 8, 18))


def test_parse_nik_reads_a_man_and_ignores_spaces_and_dots():
    info = parse_nik("61.12.01 170890 0003")
    assert (info.nik, info.gender, info.day) == ("6112011708900003", "L", 17)


def test_parse_nik_compares_only_the_two_digit_year():
    info = parse_nik("6112010101050001")
    assert info.matches_birth_date(dt.date(2005, 1, 1))
    assert info.matches_birth_date(dt.date(1905, 1, 1))
    assert not info.matches_birth_date(dt.date(2006, 1, 1))


@pytest.mark.parametrize(("nik", "code", "words"), [
    ("61120157089000a3", "NIK_NOT_DIGITS", "hanya boleh berisi angka"),
    ("611201570890000", "NIK_LENGTH", "harus 16 angka (Anda mengisi 15)"),
    ("61120157089000031", "NIK_LENGTH", "harus 16 angka"),
    ("9912015708900003", "NIK_REGION", "Kode wilayah"),
    ("6199015708900003", "NIK_REGION", "Kode wilayah"),
    ("6112013208900003", "NIK_BIRTH_DATE", "tanggal lahir"),
    ("6112017208900003", "NIK_BIRTH_DATE", "tanggal lahir"),
    ("6112018108900003", "NIK_BIRTH_DATE", "tanggal lahir"),  # 81 % 40 == 1: not a real day
    ("6112010013900003", "NIK_BIRTH_DATE", "tanggal lahir"),
    ("6112011713900003", "NIK_BIRTH_DATE", "tanggal lahir"),
    ("6112013102900003", "NIK_BIRTH_DATE", "tanggal lahir"),  # 31 February
    ("6112015708900000", "NIK_SERIAL", "0000"),
])
def test_parse_nik_names_each_failure(nik, code, words):
    with pytest.raises(NikError) as excinfo:
        parse_nik(nik)
    assert excinfo.value.code == code
    assert words in excinfo.value.message


def test_parse_nik_accepts_29_february_of_a_leap_year_in_either_century():
    assert parse_nik("6112012902000001").day == 29  # 2000-02-29
    with pytest.raises(NikError):
        parse_nik("6112012902010001")  # 2001 and 1901 are not leap years
