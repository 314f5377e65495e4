"""Writes of portal content outside admin (demo data, imports).

Each action creates or updates one record identified by its slug, so running it again with the
same data changes nothing and records nothing in the ledger.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time
from typing import Any

from django.db import transaction

from balai.ledger.actions import record_event
from balai.portal.models import FaqEntry, FaqTopic, OpeningHours, ServiceLocation
from balai.regions.models import Region


@dataclass(frozen=True)
class OpeningPeriod:
    weekday: int  # OpeningHours.Weekday: 0 = Senin ... 6 = Minggu
    opens: time
    closes: time


def _apply(obj: Any, values: dict[str, Any]) -> list[str]:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


@transaction.atomic
def save_faq_topic(*, actor: Any, slug: str, name: str, position: int = 0) -> FaqTopic:
    """Create or update the FAQ topic with this slug."""
    topic = FaqTopic.objects.select_for_update().filter(slug=slug).first()
    created = topic is None
    topic = topic or FaqTopic(slug=slug)
    changed = _apply(topic, {"name": name, "position": position})
    if created or changed:
        topic.save()
        record_event(actor=actor, action="portal.topik_faq_disimpan", obj=topic,
                     payload={"slug": slug, "created": created, "changed": changed})
    return topic


@transaction.atomic
def save_faq_entry(*, actor: Any, topic: FaqTopic, slug: str, question: str, answer: str,
                   position: int = 0, is_published: bool = True) -> FaqEntry:
    """Create or update the FAQ entry with this slug."""
    entry = FaqEntry.objects.select_for_update().filter(slug=slug).first()
    created = entry is None
    entry = entry or FaqEntry(slug=slug)
    changed = _apply(entry, {"topic_id": topic.pk, "question": question, "answer": answer,
                             "position": position, "is_published": is_published})
    if created or changed:
        entry.save()
        record_event(actor=actor, action="portal.faq_disimpan", obj=entry,
                     payload={"slug": slug, "created": created, "changed": changed})
    return entry


@transaction.atomic
def save_service_location(
    *, actor: Any, slug: str, name: str, address: str, office_name: str = "",
    kecamatan: Region | None = None, phone: str = "", email: str = "", notes: str = "",
    opening_hours: Sequence[OpeningPeriod] = (), position: int = 0, is_published: bool = True,
) -> ServiceLocation:
    """Create or update the service location with this slug, replacing its opening hours."""
    location = ServiceLocation.objects.select_for_update().filter(slug=slug).first()
    created = location is None
    location = location or ServiceLocation(slug=slug)
    changed = _apply(location, {
        "name": name, "office_name": office_name, "address": address,
        "kecamatan_id": kecamatan.pk if kecamatan else None, "phone": phone, "email": email,
        "notes": notes, "position": position, "is_published": is_published,
    })
    if created or changed:
        location.save()
    wanted = sorted((p.weekday, p.opens, p.closes) for p in opening_hours)
    current = sorted(location.opening_hours.values_list("weekday", "opens", "closes"))
    if wanted != current:
        location.opening_hours.all().delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(location=location, weekday=day, opens=opens, closes=closes)
            for day, opens, closes in wanted
        )
        changed.append("opening_hours")
    if created or changed:
        record_event(actor=actor, action="portal.lokasi_layanan_disimpan", obj=location,
                     payload={"slug": slug, "created": created, "changed": changed})
    return location
