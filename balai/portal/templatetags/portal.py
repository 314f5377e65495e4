"""Template tags of the portal shell."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def optional_url(view_name: str, *args: Any) -> str:
    """The URL of a page, or "" when no such page is installed.

    The shell links to other domains' pages (the service catalogue, complaints, ...) only once
    they exist, so a part of the portal that is not built yet never shows as a dead link.
    """
    try:
        return reverse(view_name, args=args)
    except NoReverseMatch:
        return ""
