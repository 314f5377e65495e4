"""A taxpayer Bapenda recorded before the citizen had an account becomes theirs when they sign up
and confirm: their objects under "Pajak saya" and the bills already issued under "Tagihan saya"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from balai.accounts.models import User
from balai.accounts.tests.helpers import NIK, code_sent_to, registration_data
from balai.core.testing import ACTOR, make_citizen
from balai.ledger.models import LedgerEntry
from balai.payments.models import Bill
from balai.taxes.actions import register_taxpayer, run_assessment
from balai.taxes.models import Taxpayer
from balai.taxes.testing import make_tax_object

pytestmark = pytest.mark.django_db


@pytest.fixture
def unlinked_bill(kubu_raya, tariff, bapenda):
    owner = register_taxpayer(actor=ACTOR, name="Siti Aminah", nik=NIK)
    other = register_taxpayer(actor=ACTOR, name="Rudi Hartono", nik="6112010101800009")
    make_tax_object(taxpayer=owner, serial=1)
    make_tax_object(taxpayer=other, serial=2)
    run_assessment(actor=ACTOR, year=2026)
    assert not Bill.objects.filter(payer__isnull=False).exists()
    return Bill.objects.get(sppt__tax_object__taxpayer=owner)


def test_registering_and_confirming_links_the_earlier_taxpayer_and_bills(client, unlinked_bill):
    client.post(reverse("accounts:register"), registration_data())
    user = User.objects.get()
    # Not before the identity is confirmed.
    assert Taxpayer.objects.get(pk=unlinked_bill.sppt.tax_object.taxpayer_id).user is None

    client.post(reverse("accounts:confirm"), {"code": code_sent_to(user)})

    owner = Taxpayer.objects.get(pk=unlinked_bill.sppt.tax_object.taxpayer_id)
    assert owner.user == user
    assert list(Bill.objects.filter(payer=user)) == [unlinked_bill]
    assert Taxpayer.objects.filter(user__isnull=True).count() == 1  # the neighbour's stays
    assert LedgerEntry.objects.filter(action="pajak.wp_ditautkan",
                                      object_id=str(owner.pk)).exists()
    mine = client.get(reverse("taxes:mine")).content.decode()
    assert f"?nop={unlinked_bill.nop}" in mine
    bills = client.get(reverse("payments:mine")).content.decode()
    assert unlinked_bill.payment_code in bills


def test_a_taxpayer_already_linked_to_an_account_is_left_alone(client, unlinked_bill):
    # Bapenda linked the record to the owner's child, who pays the tax for the family.
    child = make_citizen(nik="6112011203050004").user
    Taxpayer.objects.filter(pk=unlinked_bill.sppt.tax_object.taxpayer_id).update(user=child)
    client.post(reverse("accounts:register"), registration_data())
    user = User.objects.exclude(pk=child.pk).get()
    client.post(reverse("accounts:confirm"), {"code": code_sent_to(user)})
    assert user.citizen.verified_at is not None
    assert Taxpayer.objects.get(pk=unlinked_bill.sppt.tax_object.taxpayer_id).user == child
    assert not Bill.objects.filter(payer=user).exists()
