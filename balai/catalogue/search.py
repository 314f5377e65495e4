"""Indonesian full-text search over the service catalogue, on both databases.

PostgreSQL stems with its own Indonesian snowball configuration ("indonesian", shipped since
PostgreSQL 12). SQLite has no Indonesian stemmer, so the catalogue keeps an FTS5 table
(`catalogue_service_fts`, created by migration 0002 on SQLite only) whose text is stemmed here by
`stem()`, a small version of the same snowball rules; the query goes through the same function,
so "kelahiran" and "lahir" meet at "lahir". The publish action keeps the table in sync.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import connection

FTS_TABLE = "catalogue_service_fts"
PG_CONFIG = "indonesian"

_WORD = re.compile(r"[0-9a-z]+")
_VOWELS = set("aeiou")
_PARTICLES = ("kah", "lah", "pun")
_POSSESSIVES = ("nya", "ku", "mu")
# First-order prefixes with what they leave in front of the root (snowball's Indonesian
# stemmer): "menyusun" -> "susun", "memakai" -> "pakai", "membuat" -> "buat".
_FIRST_ORDER = ("meng", "meny", "men", "mem", "me", "peng", "peny", "pen", "pem", "di", "ter",
                "ke")
_SECOND_ORDER = ("ber", "bel", "be", "per", "pel", "pe")
_SUFFIXES = ("kan", "an", "i")


def _measure(word: str) -> int:
    """The number of vowels: snowball strips an affix only while the word keeps more than two."""
    return sum(1 for char in word if char in _VOWELS)


def _strip_first_order(word: str) -> tuple[str, str]:
    for prefix in _FIRST_ORDER:
        if word.startswith(prefix) and len(word) > len(prefix) + 2:
            rest = word[len(prefix):]
            if prefix in ("meny", "peny") and rest[0] in _VOWELS:
                return "s" + rest, prefix
            if prefix in ("mem", "pem") and rest[0] in _VOWELS:
                return "p" + rest, prefix
            return rest, prefix
    return word, ""


def _strip_second_order(word: str) -> tuple[str, str]:
    if word.startswith(("belajar", "pelajar")):
        return word[3:], word[:3]
    for prefix in _SECOND_ORDER:
        if word.startswith(prefix) and len(word) > len(prefix) + 2:
            rest = word[len(prefix):]
            if prefix in ("bel", "pel"):
                continue
            # "be-" only before a consonant followed by "er" ("bekerja" -> "kerja").
            if prefix == "be" and (rest[0] in _VOWELS or rest[1:3] != "er"):
                continue
            return rest, prefix
    return word, ""


def _strip_suffix(word: str, prefix: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            # Snowball forbids prefix-suffix pairs that do not occur in the language.
            if suffix == "kan" and prefix in ("ke", "peng", "peny", "pen", "pem"):
                continue
            if suffix == "an" and prefix in ("di", "meng", "meny", "men", "mem", "me", "ter"):
                continue
            if suffix == "i" and (prefix in ("ke", "peng", "peny", "pen", "pem", "ber")
                                  or word.endswith("si")):
                continue
            return word[:-len(suffix)]
    return word


def stem(word: str) -> str:
    """The root of an Indonesian word, e.g. "kelahiran" -> "lahir", "perizinan" -> "izin"."""
    word = word.lower()
    if _measure(word) <= 2:
        return word
    for particle in _PARTICLES:
        if word.endswith(particle) and len(word) > len(particle) + 2:
            word = word[:-len(particle)]
            break
    if _measure(word) <= 2:
        return word
    for possessive in _POSSESSIVES:
        if word.endswith(possessive) and len(word) > len(possessive) + 2:
            word = word[:-len(possessive)]
            break
    if _measure(word) <= 2:
        return word
    word, prefix = _strip_first_order(word)
    if prefix:
        if _measure(word) > 2:
            word = _strip_suffix(word, prefix)
        if _measure(word) > 2:
            word, _second = _strip_second_order(word)
    else:
        word, prefix = _strip_second_order(word)
        if _measure(word) > 2:
            word = _strip_suffix(word, prefix)
    return word


def words(text: str) -> list[str]:
    """The lower-case words of a text, accents removed ("Perizinan, KTP-el" -> perizinan ktp el)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _WORD.findall(plain.lower())


def stemmed(text: str) -> str:
    return " ".join(stem(word) for word in words(text))


def fts_query(query: str) -> str:
    """An FTS5 MATCH expression requiring every stemmed word; "" when nothing is left."""
    terms = list(dict.fromkeys(stem(word) for word in words(query)))
    return " ".join(f'"{term}"' for term in terms)


def fts_put(table: str, *, rowid: int, columns: tuple[str, str],
            texts: tuple[str, str]) -> None:
    """(Re)index one row of an SQLite FTS5 table of two stemmed columns. PostgreSQL needs no
    index table: it stems the column at query time."""
    if connection.vendor != "sqlite":
        return
    first, second = columns
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE rowid = %s", [rowid])  # noqa: S608
        cursor.execute(f"INSERT INTO {table} (rowid, {first}, {second}) "  # noqa: S608
                       "VALUES (%s, %s, %s)", [rowid, stemmed(texts[0]), stemmed(texts[1])])


def fts_ranked(table: str, query: str, *, limit: int) -> list[int]:
    """Row ids of an SQLite FTS5 table matching every stemmed word of the query, best first
    (one query); the first column weighs five times the second."""
    expression = fts_query(query)
    if not expression:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH %s "  # noqa: S608
            f"ORDER BY bm25({table}, 5.0, 1.0) LIMIT %s",
            [expression, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def index_service(*, service_id: int, name: str, text: str) -> None:
    """Put a service's searchable text in the SQLite FTS5 table."""
    fts_put(FTS_TABLE, rowid=service_id, columns=("name", "body"), texts=(name, text))


def fts_matches(query: str, *, limit: int) -> list[int]:
    """Ids of the services matching the query, best first; names weigh five times the rest."""
    return fts_ranked(FTS_TABLE, query, limit=limit)
