"""Masking of personal names shown on public pages."""

from __future__ import annotations


def mask_name(name: str) -> str:
    """Keep the first letter of each word: "Siti Aminah" becomes "S*** A*****".

    The public verification page shows whom a document is for without naming them in full
    (UU 27/2022 on personal data protection: disclose no more than the purpose needs).
    """
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split())
