"""The form values of an application as (label, text) rows, for people and documents."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format

from balai.catalogue.spec import ServiceSpec
from balai.regions.queries import get_village


def display_values(spec: ServiceSpec, data: dict[str, Any],
                   language: str = "id") -> list[tuple[str, str]]:
    """(label, value) pairs for review and officers' pages, choices shown by their labels."""
    rows = []
    for spec_field in spec.fields:
        value = data.get(spec_field.name)
        if value in (None, ""):
            shown = "—"
        elif spec_field.type == "choice":
            labels = {v: label.get(language) for v, label in spec_field.choices}
            shown = labels.get(str(value), str(value))
        elif spec_field.type == "date":
            shown = date_format(dt.date.fromisoformat(value), "j F Y")
        elif spec_field.type == "region":
            village = get_village(value)
            shown = f"{village.name}, Kec. {village.parent.name}" if village and village.parent \
                else str(value)
        else:
            shown = str(value)
        rows.append((spec_field.label.get(language), shown))
    return rows
