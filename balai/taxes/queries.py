"""Reads of the tax register: the tariff in force, objects by NOP, a citizen's objects and
businesses, the officers' lists."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q, QuerySet

from balai.accounts.models import User
from balai.taxes.models import AssessmentRun, Business, Sppt, TariffTable, TaxObject, TaxReturn
from balai.taxes.tariffs import Tariff, default_file, parse_tariff, read_tariff_file

PAGE_SIZE = 25


def tariff_for_year(year: int) -> Tariff:
    """The regency's tariff table in force in `year`: the loaded table with the latest start
    year not after it, or the bundled file when none has been loaded yet."""
    table = (TariffTable.objects.filter(regency_code=settings.BALAI_REGENCY_CODE,
                                        valid_from_year__lte=year)
             .order_by("-valid_from_year").first())
    if table is not None:
        return parse_tariff(table.data)
    return read_tariff_file(default_file(settings.BALAI_REGENCY_CODE))[0]


def get_object_by_nop(nop: str) -> TaxObject | None:
    return (TaxObject.objects.select_related("taxpayer", "kecamatan", "desa")
            .filter(nop=nop).first())


def objects_of(user: User) -> QuerySet[TaxObject]:
    return (TaxObject.objects.filter(taxpayer__user=user).select_related("desa", "kecamatan")
            .order_by("nop"))


def businesses_of(user: User) -> QuerySet[Business]:
    return Business.objects.filter(taxpayer__user=user).order_by("name")


def returns_of(business: Business) -> QuerySet[TaxReturn]:
    return TaxReturn.objects.filter(business=business).select_related("bill").order_by("-period")


def search_objects(term: str = "") -> QuerySet[TaxObject]:
    """Officers' list: by NOP prefix or address words."""
    objects = TaxObject.objects.select_related("desa", "kecamatan").order_by("nop")
    term = term.strip()
    if term:
        digits = term.replace(".", "")
        objects = objects.filter(Q(nop__startswith=digits) | Q(address__icontains=term))
    return objects


def sppts_of_object(tax_object: TaxObject) -> QuerySet[Sppt]:
    return tax_object.sppts.select_related("bill").order_by("-year")


def get_sppt(tax_object: TaxObject, year: int) -> Sppt | None:
    return (Sppt.objects.select_related("tax_object__taxpayer", "tax_object__desa",
                                        "tax_object__kecamatan")
            .filter(tax_object=tax_object, year=year).first())


def assessment_runs() -> QuerySet[AssessmentRun]:
    return AssessmentRun.objects.order_by("-year")


def amount_owed(nop: str, *, today: dt.date) -> tuple[int, int]:
    """(rupiah, bills): what the object owes if paid today, the unpaid bills' principal plus
    late-payment interest, as the public NOP look-up shows it."""
    from balai.payments.actions import amount_due
    from balai.payments.models import Bill
    from balai.payments.queries import bills_for_nop

    total = count = 0
    for bill in bills_for_nop(nop).filter(status=Bill.Status.UNPAID):
        principal, interest = amount_due(bill, today)
        total += principal + interest
        count += 1
    return total, count
