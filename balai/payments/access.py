"""Fetch a bill or payment with permission, or answer 404: a citizen sees the bills issued to
them or for the tax objects registered to them."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from balai.accounts.models import User
from balai.payments.models import Bill


def bill_for_payer(user: User, code: str) -> Bill:
    if not user.is_authenticated:
        raise Http404
    bill = (Bill.objects.select_related("office", "sppt__tax_object")
            .filter(Q(payer=user) | Q(sppt__tax_object__taxpayer__user=user),
                    payment_code=code).first())
    if bill is None:
        raise Http404
    return bill
