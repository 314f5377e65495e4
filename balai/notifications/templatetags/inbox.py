"""Filters of the in-app inbox."""

from __future__ import annotations

import re

from django import template
from django.urls import Resolver404, resolve
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# A site path in a message body ("... di /transparansi/survei/5/"): starts after a space or
# an opening bracket, ends with a slash before a space, punctuation or the end.
SITE_PATH = re.compile(r"(?<![\w/.:])(/[A-Za-z0-9][A-Za-z0-9_\-/]*/)(?=[\s.,;:!?)]|$)")


@register.filter(needs_autoescape=True)
def link_site_paths(text: str, autoescape: bool = True) -> SafeString:
    """The body with each path of this site (one Django resolves) as a link, the rest escaped.

    Bodies are plain text (shared with email and SMS); in the inbox, a path such as the survey
    invitation's should be followed with a click, not copied into the address bar."""
    escape = conditional_escape if autoescape else str
    text = str(text)
    parts: list[str] = []
    last = 0
    for match in SITE_PATH.finditer(text):
        path = match.group(1)
        try:
            resolve(path)
        except Resolver404:
            continue
        parts.append(escape(text[last:match.start(1)]))
        parts.append(format_html('<a href="{}">{}</a>', path, path))
        last = match.end(1)
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - the text is escaped, paths via format_html
