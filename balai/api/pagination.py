"""Page-numbered lists: `?page=2&per_page=25`, answered with the items and a `page` object."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import EmptyPage, Paginator
from django.db.models import QuerySet
from ninja import Schema

from balai.api.errors import FieldErrors

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100


class PageOut(Schema):
    number: int
    per_page: int
    count: int
    pages: int
    has_next: bool
    has_previous: bool


def paginate(rows: QuerySet[Any] | Sequence[Any], *, page: int,
             per_page: int) -> tuple[list[Any], PageOut]:
    """One page of rows (two queries for a queryset: the count and the page)."""
    paginator = Paginator(rows, per_page)
    try:
        current = paginator.page(page)
    except EmptyPage:
        raise FieldErrors({"page": [f"Halaman ini tidak ada; jumlah halaman: "
                                    f"{paginator.num_pages}."]}) from None
    return list(current.object_list), PageOut(
        number=current.number, per_page=per_page, count=paginator.count,
        pages=paginator.num_pages, has_next=current.has_next(),
        has_previous=current.has_previous())
