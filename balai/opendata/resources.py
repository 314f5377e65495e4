"""The files of a dataset version (its resources): the table as CSV and as JSON, rendered the
same way for the download view and for the size and SHA-256 recorded when the version is
published, so that what a client downloads matches what the CKAN API announces."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

FORMATS = ("csv", "json")
MIMETYPES = {"csv": "text/csv", "json": "application/json"}


def render(fmt: str, *, slug: str, number: int, columns: list[str],
           rows: list[list[Any]]) -> bytes:
    """The bytes of one version's table in `fmt` (csv or json)."""
    if fmt == "json":
        records = [dict(zip(columns, row, strict=False)) for row in rows]
        return json.dumps({"dataset": slug, "version": number, "columns": columns,
                           "records": records}, ensure_ascii=False,
                          cls=DjangoJSONEncoder).encode()
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(columns)
    writer.writerows(rows)
    return text.getvalue().encode()


def fingerprints(*, slug: str, number: int, columns: list[str],
                 rows: list[list[Any]]) -> dict[str, Any]:
    """Size in bytes and SHA-256 of each format, as DatasetVersion fields."""
    fields: dict[str, Any] = {}
    for fmt in FORMATS:
        content = render(fmt, slug=slug, number=number, columns=columns, rows=rows)
        fields[f"{fmt}_size"] = len(content)
        fields[f"{fmt}_sha256"] = hashlib.sha256(content).hexdigest()
    return fields
