"""Small HTML readers for the portal tests (standard library only)."""

from __future__ import annotations

from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self, within: str | None) -> None:
        super().__init__()
        self.within = within
        self.depth = 0 if within else 1
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.within and tag == self.within:
            self.depth += 1
        if self.depth:
            self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if self.within and tag == self.within:
            self.depth -= 1


def tags(html: str, *, within: str | None = None) -> list[tuple[str, dict[str, str]]]:
    """Every start tag with its attributes, optionally only those inside <within>."""
    collector = _Collector(within)
    collector.feed(html)
    return collector.tags


def links(html: str, *, within: str | None = None) -> list[str]:
    return [attrs["href"] for tag, attrs in tags(html, within=within)
            if tag == "a" and "href" in attrs]
