from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def angka(value: Any) -> str:
    """A whole number with Indonesian thousands separators: 1250000 -> 1.250.000."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return ""
