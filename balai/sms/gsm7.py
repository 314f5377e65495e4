"""The GSM 03.38 7-bit alphabet: whether a text fits one SMS, and how many segments it takes.

A basic phone shows a GSM-7 text as written; a text with any other character is sent as UCS-2
and holds only 70 characters. Extension characters (€, [, ], {, }, ^, ~, |, \\ and form feed)
are an escape plus a character, so they count as two septets (3GPP TS 23.038, 6.2.1).
"""

from __future__ import annotations

import math
import unicodedata

BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
EXTENDED = frozenset("^{}\\[~]|€\f")

SINGLE_SEPTETS = 160
# A concatenated message loses 7 septets (or 3 UCS-2 characters) per part to its header.
PART_SEPTETS = 153
SINGLE_UCS2 = 70
PART_UCS2 = 67

# Common characters outside GSM-7 and their nearest GSM-7 spelling.
_REPLACEMENTS = {"…": "...", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"',
                 "•": "-", "\u00a0": " ", "\t": " "}


def septets(text: str) -> int | None:
    """Length of `text` in GSM-7 septets, or None if a character is not in the alphabet."""
    total = 0
    for char in text:
        if char in BASIC:
            total += 1
        elif char in EXTENDED:
            total += 2
        else:
            return None
    return total


def is_single_sms(text: str) -> bool:
    """True if `text` is GSM-7 and fits one SMS of 160 septets."""
    length = septets(text)
    return length is not None and length <= SINGLE_SEPTETS


def segments(text: str) -> int:
    """How many SMS parts the text is sent in (GSM-7 if it can be, otherwise UCS-2)."""
    length = septets(text)
    if length is not None:
        single, part = SINGLE_SEPTETS, PART_SEPTETS
    else:
        # UTF-16 code units: a character outside the BMP (an emoji) takes two.
        length = len(text.encode("utf-16-le")) // 2
        single, part = SINGLE_UCS2, PART_UCS2
    if length <= single:
        return 1
    return math.ceil(length / part)


def to_gsm7(text: str) -> str:
    """`text` spelled in GSM-7 only: accents dropped where the letter has none in GSM-7
    ("ō" becomes "o"), typographic punctuation plain, anything else "?"."""
    out = []
    for char in text:
        char = _REPLACEMENTS.get(char, char)
        if all(c in BASIC or c in EXTENDED for c in char):
            out.append(char)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char)
                       if not unicodedata.combining(c))
        out.append(base if base and all(c in BASIC for c in base) else "?")
    return "".join(out)


def fit_single_sms(text: str) -> str:
    """`text` in GSM-7, cut to one SMS of 160 septets (ending in "..." when cut)."""
    text = to_gsm7(" ".join(text.split()))
    if is_single_sms(text):
        return text
    kept = []
    budget = SINGLE_SEPTETS - 3
    for char in text:
        cost = 2 if char in EXTENDED else 1
        if cost > budget:
            break
        kept.append(char)
        budget -= cost
    return "".join(kept).rstrip() + "..."
