"""Reads of the innovation catalogue: the public list with its filters, one innovation with its
history and evidence, who may change an innovation, and the open data table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from balai.accounts.models import Office, OfficeRole, Role, User
from balai.innovation.models import Evidence, Innovation, StageChange

OFFICER_ROLES = (Role.PETUGAS, Role.ADMIN)


def officer_office_ids(user: Any) -> set[int]:
    """The offices where `user` is a petugas or admin (empty for everyone else)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(OfficeRole.objects.filter(user=user, role__in=OFFICER_ROLES)
               .values_list("office_id", flat=True))


def is_officer_of(user: Any, office_id: int) -> bool:
    return getattr(user, "is_authenticated", False) and OfficeRole.objects.filter(
        user=user, role__in=OFFICER_ROLES, office_id=office_id).exists()


def officer_offices(user: User) -> QuerySet[Office]:
    return Office.objects.filter(pk__in=officer_office_ids(user)).order_by("name")


@dataclass(frozen=True)
class Filters:
    stage: str = ""
    office: str = ""  # an office code
    form: str = ""
    category: str = ""
    q: str = ""


def public_innovations(filters: Filters) -> QuerySet[Innovation]:
    qs = Innovation.objects.select_related("office").order_by("name", "id")
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.office:
        qs = qs.filter(office__code=filters.office)
    if filters.form:
        qs = qs.filter(form=filters.form)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.q:
        qs = qs.filter(name__icontains=filters.q)
    return qs


def offices_with_innovations() -> QuerySet[Office]:
    return Office.objects.filter(innovations__isnull=False).distinct().order_by("name")


def has_demo() -> bool:
    return Innovation.objects.filter(is_demo=True).exists()


def get_innovation(innovation_id: int) -> Innovation | None:
    return (Innovation.objects.select_related("office")
            .prefetch_related(Prefetch("stage_changes",
                                       queryset=StageChange.objects.order_by("id")),
                              Prefetch("evidence", queryset=Evidence.objects.order_by("id")))
            .filter(pk=innovation_id).first())


def get_evidence(evidence_id: int) -> Evidence | None:
    return Evidence.objects.select_related("innovation").filter(pk=evidence_id).first()


# --- open data ------------------------------------------------------------------------------

COLUMNS = ["id", "nama", "perangkat_daerah", "kode_perangkat_daerah", "tahap", "bentuk",
           "jenis", "tanggal_mulai", "ringkasan", "masalah", "asal", "jumlah_bukti",
           "data_demo"]


def catalogue_table() -> list[list[Any]]:
    from django.db.models import Count

    rows = (Innovation.objects.select_related("office").annotate(n=Count("evidence"))
            .order_by("id"))
    return [[i.pk, i.name, i.office.name, i.office.code, i.stage, i.form, i.category,
             i.started_on.isoformat(), i.summary, i.problem, i.origin, i.n,
             "ya" if i.is_demo else "tidak"] for i in rows]
