from __future__ import annotations

from io import StringIO

import pytest

from balai.catalogue import demo
from balai.catalogue.models import Service
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


def test_demo_publishes_the_whole_catalogue_once(offices):
    out = StringIO()
    assert demo.load(out) == []
    count = Service.objects.count()
    assert count >= 13
    entries = LedgerEntry.objects.count()
    demo.load(out)
    assert Service.objects.count() == count
    assert LedgerEntry.objects.count() == entries
    assert f"0 versi baru diterbitkan, {count} tidak berubah." in out.getvalue()
