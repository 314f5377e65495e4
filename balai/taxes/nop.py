"""The 18-digit NOP of PBB-P2: PP.KK.KKK.DDD.BBB.UUUU.J (province, regency, kecamatan, desa,
block, object serial, special code), with SISMIOP/BPS region codes mapped to Kemendagri codes
by the tariff table's `nop_kecamatan`."""

from __future__ import annotations

import re

from django.conf import settings

from balai.core.errors import DomainError
from balai.taxes.tariffs import Tariff

# Special code: 0 one taxpayer, 7 SISTEP-structured data, 9 used jointly.
SPECIAL_CODES = {"0", "7", "9"}


class InvalidNop(DomainError):
    code = "TAX_NOP_INVALID"
    message = "NOP harus 18 angka dengan kode wilayah kabupaten ini."


def clean_nop(value: str) -> str:
    """Digits only: '61.12.010.001.001.0001.0' and '611201000100100010' are the same NOP."""
    return re.sub(r"[\s.\-]", "", value or "")


def region_of_nop(nop: str, tariff: Tariff) -> tuple[str, str]:
    """(Kemendagri kecamatan code, Kemendagri desa code) of a NOP, or InvalidNop saying why."""
    if not re.fullmatch(r"\d{18}", nop):
        raise InvalidNop(f"NOP harus 18 angka dengan kode wilayah {settings.BALAI_REGENCY_NAME}.",
                         details={"nop": nop})
    regency = settings.BALAI_REGENCY_CODE.replace(".", "")
    if nop[:4] != regency:
        raise InvalidNop(f"NOP ini bukan objek pajak {settings.BALAI_REGENCY_NAME} (harus diawali "
                         f"{regency[:2]}.{regency[2:]}).", details={"nop": nop})
    kecamatan = tariff.kecamatan_for_nop(nop[4:7])
    if kecamatan is None:
        raise InvalidNop("Kode kecamatan pada NOP tidak dikenal.", details={"nop": nop})
    if nop[17] not in SPECIAL_CODES:
        raise InvalidNop("Kode khusus (angka terakhir) NOP harus 0, 7 atau 9.",
                         details={"nop": nop})
    return kecamatan, f"{kecamatan}.2{nop[7:10]}"


def nop_for(*, tariff: Tariff, desa_code: str, block: int, serial: int, special: str = "0") -> str:
    kecamatan = desa_code.rsplit(".", 1)[0]
    nop_kec = tariff.nop_kecamatan_code(kecamatan)
    if nop_kec is None:
        raise InvalidNop(details={"desa": desa_code})
    regency = settings.BALAI_REGENCY_CODE.replace(".", "")
    return f"{regency}{nop_kec}{desa_code[-3:]}{block:03d}{serial:04d}{special}"
