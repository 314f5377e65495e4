"""The rules of the NIK (Nomor Induk Kependudukan): one function, one message per failure.

Layout PPRRSSDDMMYYXXXX (Permendagri 72/2019 on Adminduk data, and stdnum.id.nik): PPRRSS is the
province, regency and kecamatan of first registration, DDMMYY the birth date (women: day + 40),
XXXX a serial that starts at 0001.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from stdnum import numdb
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.id import nik as stdnum_nik

from balai.core.errors import DomainError


class NikError(DomainError):
    code = "NIK_INVALID"


@dataclass(frozen=True)
class NikInfo:
    nik: str
    gender: str  # "L" or "P", as Citizen.Gender
    day: int
    month: int
    year2: int  # the two-digit year: the century is not encoded

    def matches_birth_date(self, birth_date: dt.date) -> bool:
        return (birth_date.day, birth_date.month, birth_date.year % 100) == (
            self.day, self.month, self.year2)


def _birth_date_is_possible(day: int, month: int, year2: int) -> bool:
    for century in (1900, 2000):
        try:
            dt.date(century + year2, month, day)
        except ValueError:
            continue
        return True
    return False


def parse_nik(value: str) -> NikInfo:
    """Check a NIK and read the gender and birth date it encodes; NikError says what is wrong."""
    nik = stdnum_nik.compact(value or "")
    if not nik.isdigit():
        raise NikError(_("NIK hanya boleh berisi angka."), code="NIK_NOT_DIGITS")
    if len(nik) != 16:
        raise NikError(_("NIK harus 16 angka (Anda mengisi %(n)d).") % {"n": len(nik)},
                       code="NIK_LENGTH")
    places = numdb.get("id/loc").info(nik[:4])
    if len(places) != 2 or not all(props for _part, props in places):
        raise NikError(_("Kode wilayah NIK (4 angka pertama) tidak dikenal. Periksa kembali NIK "
                         "Anda di KTP atau Kartu Keluarga."), code="NIK_REGION")
    raw_day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    female = 41 <= raw_day <= 71
    day = raw_day - 40 if female else raw_day
    if not (1 <= raw_day <= 31 or female) or not _birth_date_is_possible(day, month, year2):
        raise NikError(_("Angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang mungkin "
                         "(format TTBBTT; perempuan: tanggal + 40)."), code="NIK_BIRTH_DATE")
    if nik[12:] == "0000":
        raise NikError(_("Nomor urut NIK (4 angka terakhir) tidak boleh 0000."),
                       code="NIK_SERIAL")
    try:
        stdnum_nik.validate(nik)  # the library's own rules, should they ever grow stricter
    except StdnumValidationError:
        raise NikError(_("NIK tidak valid."), code="NIK_INVALID") from None
    return NikInfo(nik=nik, gender="P" if female else "L", day=day, month=month, year2=year2)
