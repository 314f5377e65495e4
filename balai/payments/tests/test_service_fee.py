"""A service with a fee moves on only once its bill is paid."""

import pytest
from django.utils import timezone

from balai.applications.actions import FeeUnpaid
from balai.applications.models import ApplicationEvent
from balai.applications.tests.helpers import act, akta_definition, make_submitted
from balai.core.testing import make_officer
from balai.notifications.models import Message
from balai.payments.actions import amount_due
from balai.payments.bank_client import local_transport
from balai.payments.models import Bill


@pytest.fixture
def paid_service(office_a, tariff):
    return akta_definition(office_a, fee=150000)


def test_fee_bill_is_issued_on_submission_and_gates_the_document(citizen, office_a,
                                                                 paid_service, bank, dev_pki):
    application = make_submitted(citizen.user, paid_service)
    bill = Bill.objects.get(application=application)
    assert bill.kind == Bill.Kind.RETRIBUSI and bill.principal == 150000
    assert bill.payer == citizen.user and bill.office == office_a
    assert Message.objects.filter(recipient=citizen.user,
                                  body__contains=bill.payment_code).exists()
    verifikator = make_officer(office=office_a, role="verifikator")
    signer = make_officer(office=office_a, role="pejabat_penandatangan")
    dev_pki.certify(signer)
    # Officers check the files before payment; the document waits for the fee.
    act(application, "verifikasi", verifikator)
    act(application, "setujui", verifikator)
    with pytest.raises(FeeUnpaid):
        act(application, "tandatangani", signer)

    session = bank.session(local_transport)
    status, answer = session.pay(bill.payment_code, sum(amount_due(bill, timezone.localdate())))
    assert status == 200, answer
    assert ApplicationEvent.objects.filter(application=application,
                                           action="retribusi_dibayar").exists()
    moved = act(application, "tandatangani", signer)
    assert moved.state == "selesai" and moved.issued_document_ref


def test_free_service_issues_no_bill(citizen, office_a, tariff):
    application = make_submitted(citizen.user, akta_definition(office_a))
    assert not Bill.objects.filter(application=application).exists()


@pytest.mark.parametrize("rows", [2, 12])
def test_my_applications_say_which_fees_to_pay_in_constant_queries(
        client, citizen, office_a, paid_service, tariff, rows, django_assert_max_num_queries):
    from django.urls import reverse

    from balai.core.testing import sign_in

    for _ in range(rows):
        make_submitted(citizen.user, paid_service)
    free = make_submitted(citizen.user, akta_definition(office_a, code="akta-kelahiran-gratis"))
    sign_in(client, citizen.user)
    with django_assert_max_num_queries(6):
        html = client.get(reverse("applications:dashboard")).content.decode()
    assert html.count("Bayar retribusi layanan ini.") == rows
    assert html.count("Menunggu diproses petugas.") == 1 and free.number in html


def test_application_page_shows_the_fee_bill_to_its_payer_while_it_matters(
        client, citizen, office_a, paid_service, tariff):
    from django.urls import reverse

    from balai.core.testing import sign_in

    application = make_submitted(citizen.user, paid_service)
    bill = Bill.objects.get(application=application)
    page = reverse("applications:detail", kwargs={"number": application.number})
    sign_in(client, citizen.user)
    html = client.get(page).content.decode()
    assert "Lihat dan bayar tagihan retribusi" in html and bill.payment_code in html
    assert "Bayar retribusi layanan ini." in html

    verifikator = make_officer(office=office_a, role="verifikator")
    act(application, "tolak", verifikator, note="Berkas bukan milik pemohon.")
    html = client.get(page).content.decode()
    assert 'id="retribusi"' not in html  # an unpaid fee of a closed application is moot
