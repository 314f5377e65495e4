"""Fetch tax records with permission, or answer 404: a citizen reaches the objects and
businesses registered to them; Bapenda officers reach all of the regency's."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404

from balai.accounts.models import OfficeRole, User
from balai.taxes.models import Business, Sppt, TaxObject

TAX_OFFICER_ROLES = ("petugas", "verifikator", "admin")


def is_tax_officer(user: User) -> bool:
    return user.is_authenticated and OfficeRole.objects.filter(
        user=user, office__code=settings.BALAI_TAX_OFFICE, role__in=TAX_OFFICER_ROLES).exists()


def require_tax_officer(user: User) -> None:
    if not is_tax_officer(user):
        raise Http404


def sppt_for_user(user: User, nop: str, year: int) -> Sppt:
    """An SPPT of an object registered to the user, or any SPPT for a Bapenda officer."""
    if not user.is_authenticated:
        raise Http404
    sppts = Sppt.objects.select_related("tax_object__taxpayer", "tax_object__desa",
                                        "tax_object__kecamatan")
    if not is_tax_officer(user):
        sppts = sppts.filter(tax_object__taxpayer__user=user)
    sppt = sppts.filter(tax_object__nop=nop, year=year).first()
    if sppt is None:
        raise Http404
    return sppt


def object_for_officer(user: User, nop: str) -> TaxObject:
    require_tax_officer(user)
    tax_object = (TaxObject.objects.select_related("taxpayer", "desa", "kecamatan")
                  .filter(nop=nop).first())
    if tax_object is None:
        raise Http404
    return tax_object


def business_for_owner(user: User, business_id: int) -> Business:
    if not user.is_authenticated:
        raise Http404
    business = Business.objects.filter(pk=business_id, taxpayer__user=user).first()
    if business is None:
        raise Http404
    return business
