"""Indonesian full-text search over the information catalogue, the same way the service
catalogue searches (balai.catalogue.search): PostgreSQL's `indonesian` configuration, or on
SQLite an FTS5 table (`information_item_fts`, migration 0002) holding stemmed text."""

from __future__ import annotations

from balai.catalogue.search import fts_put, fts_ranked

FTS_TABLE = "information_item_fts"


def index_item(*, item_id: int, title: str, text: str) -> None:
    fts_put(FTS_TABLE, rowid=item_id, columns=("title", "body"), texts=(title, text))


def fts_matches(query: str, *, limit: int) -> list[int]:
    """Ids of matching items, best first; titles weigh five times the rest."""
    return fts_ranked(FTS_TABLE, query, limit=limit)
