"""Plain bulk inserts for the assessment run's hot path: COPY on PostgreSQL, executemany on
SQLite. bulk_create spent about 70% of the run preparing each value through the model fields
(bench/taxes.py, docs/performance.md); rows here are already database-ready tuples. Used only
where thousands of rows of one table are written at once, inside an action's transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection


def db_value(value: Any) -> Any:
    """A date or aware datetime as the database driver wants it (SQLite stores text)."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def insert_rows(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) "
                                    "FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {connection.ops.quote_name(table)} ({names}) "  # noqa: S608
                f"VALUES ({marks})", rows)
