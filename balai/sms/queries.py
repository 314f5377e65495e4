"""Reads of the SMS channel: whether a number has opted out, the audience of a bulk SMS, the
record of bulk runs."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from balai.accounts.models import Citizen
from balai.accounts.queries import normalize_phone, phone_index
from balai.regions.models import Region
from balai.sms.models import BulkSms, InboundSms, OptOut

BULK_PAGE_SIZE = 20


def is_opted_out(phone: str) -> bool:
    """True if the number sent STOP and not MULAI since."""
    if not normalize_phone(phone):
        return False
    return OptOut.objects.filter(phone_index=phone_index(phone)).exists()


def is_known_delivery(gateway_id: str) -> bool:
    return InboundSms.objects.filter(gateway_id=gateway_id).exists()


def kecamatan_choices() -> QuerySet[Region]:
    """The regency's kecamatan, by name."""
    return Region.objects.filter(level=Region.Level.KECAMATAN,
                                 parent_id=settings.BALAI_REGENCY_CODE).order_by("name")


def get_kecamatan(code: str) -> Region | None:
    return kecamatan_choices().filter(code=code).first()


def audience(kecamatan: Region) -> QuerySet[Citizen]:
    """Citizens living in a desa of the kecamatan whose confirmed phone has not opted out."""
    return (Citizen.objects.filter(village__parent=kecamatan, verified_at__isnull=False)
            .exclude(phone_index="")
            .exclude(phone_index__in=OptOut.objects.values("phone_index")))


def bulk_runs() -> QuerySet[BulkSms]:
    return BulkSms.objects.select_related("sender", "kecamatan").order_by("-created_at", "-id")
