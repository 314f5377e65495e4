"""Reads of the region hierarchy."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from balai.regions.models import Region


def regency_code() -> str:
    return settings.BALAI_REGENCY_CODE


def kecamatan_list() -> QuerySet[Region]:
    """The kecamatan of the regency this installation serves."""
    return Region.objects.filter(parent_id=regency_code(), level=Region.Level.KECAMATAN)


def villages_of(kecamatan_code: str) -> QuerySet[Region]:
    return Region.objects.filter(
        parent_id=kecamatan_code, level__in=[Region.Level.DESA, Region.Level.KELURAHAN]
    ).order_by("name")


def get_village(code: str) -> Region | None:
    """A desa or kelurahan of this regency, with its kecamatan, or None."""
    return (Region.objects.select_related("parent")
            .filter(code=code, level__in=[Region.Level.DESA, Region.Level.KELURAHAN],
                    parent__parent_id=regency_code())
            .first())


def get_kecamatan(code: str) -> Region | None:
    """A kecamatan of this regency, or None."""
    return Region.objects.filter(code=code, level=Region.Level.KECAMATAN,
                                 parent_id=regency_code()).first()


def kecamatan_with_villages() -> QuerySet[Region]:
    """The regency's kecamatan by name, each with `villages` (its desa and kelurahan by name):
    two queries whatever the number of regions."""
    from django.db.models import Prefetch

    villages = Region.objects.filter(
        level__in=[Region.Level.DESA, Region.Level.KELURAHAN]).order_by("name")
    return kecamatan_list().order_by("name").prefetch_related(
        Prefetch("children", queryset=villages, to_attr="villages"))
