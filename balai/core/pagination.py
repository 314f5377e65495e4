"""Pages of long public lists without counting them.

Django's Paginator counts the whole list to say "page n of m"; over a million complaints the
count costs more than the page. `page_of` reads one row more than the page to know whether a
next page exists, and the pager (templates/components/pager.html or the list's own) offers only
the previous and next pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

PER_PAGE = 20


@dataclass
class Page:
    """A page of a list, and whether the pages before and after it exist."""

    items: list[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1


def page_of(qs: Any, request: HttpRequest, *, per_page: int = PER_PAGE) -> Page:
    try:
        number = max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        number = 1
    start = (number - 1) * per_page
    rows = list(qs[start:start + per_page + 1])
    return Page(items=rows[:per_page], number=number, has_next=len(rows) > per_page)
