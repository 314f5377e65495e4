import pytest
from django.urls import reverse

from balai.core.testing import sign_in
from balai.documents.models import IssuedDocument
from balai.documents.testing import make_official
from balai.payments.models import Bill, Payment
from balai.taxes.testing import make_bank


@pytest.fixture
def sandbox(db):
    return make_bank("sandbox", sandbox=True)


def test_sandbox_bank_pays_a_bill_through_the_signed_api(client, sppt_bill, sandbox):
    url = reverse("payments:sandbox")
    page = client.get(url, {"kode": sppt_bill.payment_code})
    assert "SANDBOX" in page.content.decode() and "S*** A*****" in page.content.decode()
    response = client.post(url, {"kode": sppt_bill.payment_code})
    assert response.status_code == 302
    sppt_bill.refresh_from_db()
    assert sppt_bill.status == Bill.Status.PAID
    assert Payment.objects.get().client == sandbox.client


def test_sandbox_rejects_a_mistyped_code(client, sppt_bill, sandbox):
    wrong = sppt_bill.payment_code[:-1] + str((int(sppt_bill.payment_code[-1]) + 1) % 10)
    response = client.get(reverse("payments:sandbox"), {"kode": wrong})
    assert "Kode bayar tidak sah" in response.content.decode()


def test_sandbox_is_off_when_disabled(client, sandbox, settings):
    settings.BALAI_BANK_SANDBOX = False
    assert client.get(reverse("payments:sandbox")).status_code == 404


def test_citizen_downloads_a_verifiable_receipt(client, citizen, sppt_bill, sandbox, bapenda,
                                                dev_pki):
    signer = make_official("bendahara.uji", bapenda)
    dev_pki.certify(signer)
    client.post(reverse("payments:sandbox"), {"kode": sppt_bill.payment_code})
    sign_in(client, citizen.user)
    mine = client.get(reverse("payments:mine"))
    assert sppt_bill.payment_code in mine.content.decode() and "Lunas" in mine.content.decode()
    response = client.get(reverse("payments:receipt", args=[sppt_bill.payment_code]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    document = IssuedDocument.objects.get()
    assert Payment.objects.get().receipt_code == document.code
    verify = client.get(reverse("documents:detail", args=[document.code]))
    assert verify.status_code == 200 and "S*** A*****" in verify.content.decode()
    # Asked again: the same document, not a second one.
    client.get(reverse("payments:receipt", args=[sppt_bill.payment_code]))
    assert IssuedDocument.objects.count() == 1


def test_other_citizen_cannot_see_the_bill(client, other_citizen, sppt_bill):
    sign_in(client, other_citizen.user)
    assert client.get(reverse("payments:bill", args=[sppt_bill.payment_code])).status_code == 404
    assert client.get(reverse("payments:receipt",
                              args=[sppt_bill.payment_code])).status_code == 404


def test_my_bills_page_query_count(client, citizen, sppt_bill, taxpayer,
                                   django_assert_max_num_queries):
    from balai.core.testing import ACTOR
    from balai.taxes.actions import run_assessment
    from balai.taxes.testing import make_tax_object

    for serial in range(5, 10):
        make_tax_object(taxpayer=taxpayer, serial=serial)
    run_assessment(actor=ACTOR, year=2025)
    sign_in(client, citizen.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("payments:mine"))
    assert response.content.decode().count("PBB-P2 2025") == 6
