from __future__ import annotations

from io import StringIO

import pytest

from balai.ledger.models import LedgerEntry
from balai.portal import demo
from balai.portal.models import FaqEntry, FaqTopic, OpeningHours, ServiceLocation

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (ServiceLocation.objects.count(), OpeningHours.objects.count(),
            FaqTopic.objects.count(), FaqEntry.objects.count(), LedgerEntry.objects.count())


def test_demo_creates_kubu_raya_locations_and_faq(demo_content):
    names = set(ServiceLocation.objects.values_list("name", flat=True))
    assert {"Dinas Kependudukan dan Pencatatan Sipil", "Mal Pelayanan Publik Kubu Raya"} <= names
    assert {f"Kantor Camat {k}" for k in demo.KECAMATAN} <= names
    assert ServiceLocation.objects.count() == 11
    # Every kantor kecamatan is linked to its kecamatan from the Kemendagri regions.
    camat = ServiceLocation.objects.filter(slug__startswith="kecamatan-").select_related(
        "kecamatan")
    assert sorted(loc.kecamatan.name for loc in camat) == sorted(demo.KECAMATAN)
    assert FaqEntry.objects.count() >= 10


def test_demo_gives_disdukcapil_its_office_hours(demo_content):
    hours = OpeningHours.objects.filter(location__slug="disdukcapil")
    assert [(h.get_weekday_display(), f"{h.opens:%H.%M}", f"{h.closes:%H.%M}") for h in hours] == [
        ("Senin", "08.00", "15.00"), ("Selasa", "08.00", "15.00"), ("Rabu", "08.00", "15.00"),
        ("Kamis", "08.00", "15.00"), ("Jumat", "08.00", "11.00"),
    ]


def test_demo_records_each_created_record_in_the_ledger(demo_content):
    actions = LedgerEntry.objects.values_list("action", flat=True)
    assert list(actions).count("portal.lokasi_layanan_disimpan") == 11
    assert list(actions).count("portal.faq_disimpan") == FaqEntry.objects.count()
    assert set(LedgerEntry.objects.values_list("actor_label", flat=True)) == {"demo"}


def test_demo_run_twice_creates_no_duplicates_and_records_nothing_new(demo_content):
    before = _counts()
    assert demo.load(StringIO()) == []
    assert _counts() == before


def test_demo_without_regions_leaves_kecamatan_empty(db):
    demo.load(StringIO())
    assert ServiceLocation.objects.count() == 11
    assert not ServiceLocation.objects.filter(kecamatan__isnull=False).exists()
