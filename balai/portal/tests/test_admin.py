from __future__ import annotations

import pytest
from django.urls import reverse

from balai.core.testing import sign_in
from balai.ledger.models import LedgerEntry
from balai.portal.models import FaqEntry, OpeningHours, ServiceLocation

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    sign_in(client, admin_user)
    return client


@pytest.mark.parametrize("url_name", [
    "admin:portal_faqtopic_changelist", "admin:portal_faqtopic_add",
    "admin:portal_faqentry_changelist", "admin:portal_faqentry_add",
    "admin:portal_servicelocation_changelist", "admin:portal_servicelocation_add",
])
def test_admin_pages_for_portal_content_open(admin_client, demo_content, url_name):
    assert admin_client.get(reverse(url_name)).status_code == 200


def test_admin_labels_are_indonesian(admin_client):
    html = admin_client.get(reverse("admin:portal_servicelocation_add")).content.decode()
    for label in ["Nama lokasi", "Nama kantor", "Alamat", "Kecamatan", "Telepon", "Catatan",
                  "Jam buka"]:
        assert label in html, label


def test_admin_changelists_have_constant_query_counts(admin_client, demo_content,
                                                      django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        admin_client.get(reverse("admin:portal_servicelocation_changelist"))
    with django_assert_max_num_queries(12):
        admin_client.get(reverse("admin:portal_faqentry_changelist"))


def test_admin_adds_a_location_with_hours_and_records_it_in_the_ledger(admin_client, kubu_raya):
    data = {
        "name": "Kantor Desa Kuala Dua", "slug": "desa-kuala-dua", "office_name": "",
        "kecamatan": "61.12.01", "address": "Jalan Desa Kuala Dua", "phone": "", "email": "",
        "notes": "", "position": "30", "is_published": "on",
        "opening_hours-TOTAL_FORMS": "1", "opening_hours-INITIAL_FORMS": "0",
        "opening_hours-MIN_NUM_FORMS": "0", "opening_hours-MAX_NUM_FORMS": "1000",
        "opening_hours-0-weekday": "0", "opening_hours-0-opens": "08:00",
        "opening_hours-0-closes": "12:00",
    }
    response = admin_client.post(reverse("admin:portal_servicelocation_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    location = ServiceLocation.objects.get(slug="desa-kuala-dua")
    assert location.kecamatan_id == "61.12.01"
    assert OpeningHours.objects.filter(location=location).count() == 1
    assert LedgerEntry.objects.filter(action="admin.tambah", object_type="portal.servicelocation",
                                      object_id=str(location.pk)).exists()


def test_admin_refuses_hours_that_close_before_they_open(admin_client, kubu_raya):
    data = {
        "name": "Kantor Desa", "slug": "desa", "address": "Jalan", "position": "1",
        "opening_hours-TOTAL_FORMS": "1", "opening_hours-INITIAL_FORMS": "0",
        "opening_hours-MIN_NUM_FORMS": "0", "opening_hours-MAX_NUM_FORMS": "1000",
        "opening_hours-0-weekday": "0", "opening_hours-0-opens": "15:00",
        "opening_hours-0-closes": "08:00",
    }
    response = admin_client.post(reverse("admin:portal_servicelocation_add"), data)
    assert response.status_code == 200
    assert "Jam tutup harus setelah jam buka." in response.content.decode()
    assert not ServiceLocation.objects.exists()


def test_admin_edits_a_faq_answer(admin_client, demo_content):
    entry = FaqEntry.objects.get(slug="lupa-kata-sandi")
    url = reverse("admin:portal_faqentry_change", args=[entry.pk])
    response = admin_client.post(url, {
        "topic": entry.topic_id, "slug": entry.slug, "question": entry.question,
        "answer": "Jawaban baru.", "position": entry.position, "is_published": "on",
    })
    assert response.status_code == 302
    assert "<p>Jawaban baru.</p>" in admin_client.get(reverse("portal:help")).content.decode()
