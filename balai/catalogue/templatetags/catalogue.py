"""Template helpers for service pages: money, bilingual texts, and the apply link."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django import template
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from balai.catalogue.spec import Text

register = template.Library()


@register.filter
def rupiah(amount: int | None) -> str:
    """A fee as citizens read it: "Gratis" for nothing, else "Rp 150.000"."""
    if not amount:
        return _("Gratis")
    return "Rp " + f"{int(amount):,}".replace(",", ".")


@register.filter
def text(value: Text | str | None) -> str:
    """A definition text ({id, en}) in the visitor's language, Indonesian when not translated."""
    if value is None:
        return ""
    if isinstance(value, Text):
        return value.get(get_language() or "id")
    return str(value)


@register.simple_tag(takes_context=True)
def field_value(context: template.Context, name: str) -> str:
    """A form value of the application as it should read in a document: the label of a choice,
    a date in words, a village by name. Uses `spec` and `data` from the document context."""
    data = context.get("data") or {}
    value = data.get(name)
    if value is None or value == "":
        return "—"
    spec = context.get("spec")
    field = next((f for f in spec.fields if f.name == name), None) if spec else None
    if field is None:
        return str(value)
    if field.type == "choice":
        return next((label.get(get_language() or "id") for key, label in field.choices
                     if key == str(value)), str(value))
    if field.type == "date":
        try:
            return date_format(dt.date.fromisoformat(str(value)[:10]), "j F Y")
        except ValueError:
            return str(value)
    if field.type == "number" and isinstance(value, float) and value.is_integer():
        return str(int(value))
    if field.type == "region":
        from balai.regions.queries import get_village

        village = get_village(str(value))
        if village is None:
            return str(value)
        if village.parent is None:
            return village.name
        return f"Desa {village.name}, Kecamatan {village.parent.name}"
    return str(value)


# The characters that could end a <script> element or open a comment inside it, as JSON
# escapes (as django.utils.html.json_script does).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def ld_json(data: Any) -> str:
    """A value as JSON inside <script type="application/ld+json">, safe against "</script>"."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))
