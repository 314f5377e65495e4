from __future__ import annotations

from datetime import time

import pytest
from django.core.exceptions import ValidationError

from balai.ledger.models import LedgerEntry
from balai.portal.actions import (
    OpeningPeriod,
    save_faq_entry,
    save_faq_topic,
    save_service_location,
)
from balai.portal.models import OpeningHours

pytestmark = pytest.mark.django_db


def _location(**changes):
    values = {"actor": "admin", "slug": "mpp", "name": "MPP", "address": "Jalan Arteri Supadio",
              "opening_hours": [OpeningPeriod(0, time(8), time(15))]}
    return save_service_location(**{**values, **changes})


def test_save_service_location_updates_in_place_and_replaces_hours():
    first = _location()
    second = _location(name="Mal Pelayanan Publik",
                       opening_hours=[OpeningPeriod(0, time(8), time(12)),
                                      OpeningPeriod(0, time(13), time(15))])
    assert second.pk == first.pk
    second.refresh_from_db()
    assert second.name == "Mal Pelayanan Publik"
    assert [str(h) for h in OpeningHours.objects.filter(location=second)] == [
        "Senin 08.00-12.00", "Senin 13.00-15.00"]
    entries = LedgerEntry.objects.filter(action="portal.lokasi_layanan_disimpan")
    assert [(e.object_id, e.actor_label) for e in entries] == [(str(first.pk), "admin")] * 2


def test_save_service_location_with_same_data_records_nothing():
    _location()
    before = LedgerEntry.objects.count()
    _location()
    assert LedgerEntry.objects.count() == before


def test_save_faq_entry_moves_an_entry_to_another_topic():
    a = save_faq_topic(actor=None, slug="a", name="A")
    b = save_faq_topic(actor=None, slug="b", name="B")
    entry = save_faq_entry(actor=None, topic=a, slug="q", question="Q?", answer="A.")
    moved = save_faq_entry(actor=None, topic=b, slug="q", question="Q?", answer="A.")
    assert moved.pk == entry.pk
    moved.refresh_from_db()
    assert moved.topic == b
    assert LedgerEntry.objects.filter(action="portal.faq_disimpan").count() == 2


def test_opening_hours_must_close_after_they_open():
    location = _location()
    period = OpeningHours(location=location, weekday=1, opens=time(15), closes=time(8))
    with pytest.raises(ValidationError) as error:
        period.full_clean()
    assert "Jam tutup harus setelah jam buka." in str(error.value)
