"""The abusive-word check: a post that contains a listed word is held for a moderator instead
of being published. The list is data (data/abusive_words.txt), read once."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

WORDS_FILE = Path(__file__).parent / "data" / "abusive_words.txt"
# Common letter-for-digit disguises: "g0bl0k", "4njing".
LEETSPEAK = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t",
                           "@": "a", "$": "s"})


@cache
def abusive_words() -> frozenset[str]:
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def flagged_words(text: str) -> list[str]:
    """The listed words found in `text`, as whole words, ignoring case and simple disguises."""
    normal = unicodedata.normalize("NFKC", text).lower().translate(LEETSPEAK)
    words = set(re.findall(r"[a-z]+", normal))
    return sorted(words & abusive_words())
