"""Indonesian full-text search over the information catalogue, the same way the service
catalogue searches (balai.catalogue.search): PostgreSQL's `indonesian` configuration, or on
SQLite an FTS5 table (`information_item_fts`, migration 0002) holding stemmed text."""

from __future__ import annotations

from django.db import connection

from balai.catalogue.search import fts_query, stemmed

FTS_TABLE = "information_item_fts"


def index_item(*, item_id: int, title: str, text: str) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [item_id])  # noqa: S608
        cursor.execute(f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
                       [item_id, stemmed(title), stemmed(text)])


def fts_matches(query: str, *, limit: int) -> list[int]:
    """Ids of matching items, best first; titles weigh five times the rest."""
    expression = fts_query(query)
    if not expression:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
            f"ORDER BY bm25({FTS_TABLE}, 5.0, 1.0) LIMIT %s", [expression, limit])
        return [row[0] for row in cursor.fetchall()]
