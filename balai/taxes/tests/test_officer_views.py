from django.urls import reverse

from balai.core.testing import make_officer, sign_in
from balai.taxes.testing import make_tax_object


def test_bapenda_officer_searches_the_register(client, sppt_bill, bapenda, taxpayer,
                                               django_assert_max_num_queries):
    for serial in range(2, 8):
        make_tax_object(taxpayer=taxpayer, serial=serial)
    officer = make_officer(office=bapenda, role="petugas")
    sign_in(client, officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("taxes:officer_objects"))
    page = response.content.decode()
    assert response.status_code == 200 and page.count("61.12.010.001.001.") == 7
    assert "PBB-P2 2026" in page  # the run's progress
    detail = client.get(reverse("taxes:officer_object", args=[sppt_bill.nop]))
    assert "Siti Aminah" in detail.content.decode()
    found = client.get(reverse("taxes:officer_objects"), {"q": "Jl. Uji No. 3"})
    assert found.content.decode().count("61.12.010.001.001.") == 1


def test_officer_of_another_office_cannot_see_the_register(client, officer, tax_object):
    sign_in(client, officer)
    assert client.get(reverse("taxes:officer_objects")).status_code == 404
    assert client.get(reverse("taxes:officer_object", args=[tax_object.nop])).status_code == 404


def test_bapenda_officer_registers_an_object_linked_to_a_citizen(client, citizen, bapenda,
                                                                 kubu_raya, tariff):
    from balai.ledger.models import LedgerEntry
    from balai.taxes.models import TaxObject

    officer = make_officer(office=bapenda, role="petugas")
    sign_in(client, officer)
    url = reverse("taxes:officer_register")
    data = {"nop": "61.12.090.001.002.0007.0", "taxpayer_name": "Siti Aminah",
            "nik": citizen.nik, "address": "Jl. Kakap Raya 9", "land_area": "300",
            "building_area": "0", "land_njop_per_m2": "103000", "building_njop_per_m2": "0",
            "land_use": "umum"}
    response = client.post(url, data)
    tax_object = TaxObject.objects.get()
    assert response.url == reverse("taxes:officer_object", args=[tax_object.nop])
    assert tax_object.taxpayer.user == citizen.user and tax_object.desa_id == "61.12.09.2001"
    assert LedgerEntry.objects.filter(action="pajak.objek_didaftarkan").exists()
    again = client.post(url, data)
    assert "sudah terdaftar" in again.content.decode() and TaxObject.objects.count() == 1
    unknown_desa = client.post(url, {**data, "nop": "61.12.090.999.002.0007.0"})
    assert "Kode desa pada NOP tidak dikenal" in unknown_desa.content.decode()
    negative = client.post(url, {**data, "nop": "61.12.090.001.002.0008.0", "land_area": "-1"})
    assert negative.context["form"].errors["land_area"]
    assert TaxObject.objects.count() == 1
