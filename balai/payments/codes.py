"""Payment codes (kode bayar): 17 digits, a kind digit, the two-digit year, a 12-digit serial
and two check digits of ISO 7064 MOD 97-10 (as IBAN uses), so a mistyped digit or two swapped
digits are caught at the counter before any database look-up."""

from __future__ import annotations

import re

KIND_DIGITS = {"pbb_p2": "1", "pbjt": "2", "reklame": "3", "air_tanah": "4", "retribusi": "5"}


def check_digits(body: str) -> str:
    return f"{98 - int(body + '00') % 97:02d}"


def make_code(*, kind: str, year: int, serial: int) -> str:
    body = f"{KIND_DIGITS[kind]}{year % 100:02d}{serial:012d}"
    return body + check_digits(body)


def clean_code(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


def is_valid_code(code: str) -> bool:
    return bool(re.fullmatch(r"\d{17}", code)) and int(code) % 97 == 1
