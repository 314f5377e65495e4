import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from balai.core.testing import ACTOR, sign_in
from balai.payments.models import Bill
from balai.taxes.actions import register_business
from balai.taxes.models import TaxReturn


def test_public_lookup_shows_bills_with_masked_name(client, sppt_bill,
                                                    django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get(reverse("taxes:lookup"), {"nop": sppt_bill.nop})
    page = response.content.decode()
    assert response.status_code == 200
    assert "S*** A*****" in page and "Siti Aminah" not in page
    assert "PBB-P2 2026" in page and "Menunggak" in page


def test_public_lookup_rejects_bad_and_unknown_nops(client, tax_object):
    response = client.get(reverse("taxes:lookup"), {"nop": "12345"})
    assert "NOP harus 18 angka" in response.content.decode()
    response = client.get(reverse("taxes:lookup"), {"nop": "611201000100109990"})
    assert response.status_code == 404 and "NOP tidak ditemukan" in response.content.decode()
    response = client.get(reverse("taxes:lookup"), {"nop": "611299900100100010"})
    assert "Kode kecamatan" in response.content.decode()


def test_owner_gets_the_sppt_pdf_and_others_do_not(client, citizen, other_citizen, sppt_bill):
    url = reverse("taxes:sppt_pdf", args=[sppt_bill.nop, 2026])
    sign_in(client, citizen.user)
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    sign_in(client, other_citizen.user)
    assert client.get(url).status_code == 404


@pytest.fixture
def restaurant(taxpayer, bapenda, tariff):
    return register_business(actor=ACTOR, taxpayer=taxpayer, name="Warung Uji",
                             kind="pbjt_makan")


def test_taxpayer_files_a_return_and_gets_a_bill(client, citizen, restaurant):
    sign_in(client, citizen.user)
    url = reverse("taxes:file_return", args=[restaurant.pk])
    response = client.post(url, {"period": "2026-10", "base_amount": "25000000"})
    tax_return = TaxReturn.objects.get()
    assert tax_return.tax_amount == 2_500_000 and tax_return.rate_bp == 1000
    bill = Bill.objects.get(tax_return=tax_return)
    assert bill.kind == "pbjt" and bill.due_date == dt.date(2026, 11, 15)
    assert response.url == reverse("payments:bill", args=[bill.payment_code])
    again = client.post(url, {"period": "2026-10", "base_amount": "1"})
    assert "sudah dilaporkan" in again.content.decode()
    assert TaxReturn.objects.count() == 1


def test_late_return_is_marked_late_and_bad_input_is_refused(client, citizen, restaurant):
    sign_in(client, citizen.user)
    url = reverse("taxes:file_return", args=[restaurant.pk])
    client.post(url, {"period": "2026-08", "base_amount": "1000000"})
    assert TaxReturn.objects.get().filed_late
    response = client.post(url, {"period": "2099-01", "base_amount": "-5"})
    page = response.content.decode()
    assert "bulan yang sudah berakhir" in page and TaxReturn.objects.count() == 1


def test_other_citizen_cannot_file_for_the_business(client, other_citizen, restaurant):
    sign_in(client, other_citizen.user)
    url = reverse("taxes:file_return", args=[restaurant.pk])
    assert client.get(url).status_code == 404


def test_public_lookup_is_rate_limited(client, tax_object, settings):
    from django.core.cache import cache

    cache.clear()
    settings.BALAI_RATE_LIMITS = {**settings.BALAI_RATE_LIMITS, "tax_lookup": {"ip": (2, 60)}}
    url = reverse("taxes:lookup")
    assert client.get(url, {"nop": tax_object.nop}).status_code == 200
    assert client.get(url, {"nop": tax_object.nop}).status_code == 200
    refused = client.get(url, {"nop": tax_object.nop})
    assert refused.status_code == 429 and refused["Retry-After"]
    cache.clear()


def test_my_taxes_page_queries_do_not_grow_with_objects_and_businesses(
        client, citizen, taxpayer, tax_object, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from balai.taxes.testing import make_tax_object

    register_business(actor=ACTOR, taxpayer=taxpayer, name="Warung Satu", kind="pbjt_makan")
    sign_in(client, citizen.user)
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("taxes:mine"))
    for serial in (2, 3, 4):
        make_tax_object(taxpayer=taxpayer, serial=serial)
        register_business(actor=ACTOR, taxpayer=taxpayer, name=f"Warung {serial}",
                          kind="pbjt_makan")
    with django_assert_num_queries(len(first.captured_queries)):
        page = client.get(reverse("taxes:mine")).content.decode()
    year = timezone.localdate().year
    assert page.count(f"SPPT {year} (PDF)") == 4 and page.count("Laporkan SPTPD") == 4
