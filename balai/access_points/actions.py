"""Every change of access points and coverage: points added and edited by Diskominfo officers,
citizens' outage reports confirmed or dismissed, coverage observations recorded (never
overwritten), desa profiles, and the open datasets published from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.access_points import queries
from balai.access_points.models import (
    AccessPoint,
    CoverageObservation,
    DesaProfile,
    Operator,
    OutageReport,
    Status,
)
from balai.accounts.models import Office, User
from balai.core.errors import DomainError, PermissionDeniedError
from balai.ledger.actions import record_event
from balai.regions.models import Region

POINT_FIELDS = ("name", "kind", "desa", "address", "latitude", "longitude", "opening_hours",
                "bandwidth_mbps", "provider", "status", "last_seen_alive")

POINTS_DATASET = "titik-akses-internet-publik"
COVERAGE_DATASET = "cakupan-sinyal-seluler-desa"


class AccessPointError(DomainError):
    code = "ACCESS_POINT_ERROR"


def _require_officer(actor: Any) -> None:
    # The system (demo, commands) passes a label; a person must be a Diskominfo officer.
    if isinstance(actor, User) and not queries.is_officer(actor):
        raise PermissionDeniedError()


def _payload(point: AccessPoint) -> dict[str, Any]:
    return {f: str(getattr(point, "desa_id" if f == "desa" else f)) for f in POINT_FIELDS}


@transaction.atomic
def create_access_point(*, actor: Any, is_demo: bool = False, publish: bool = True,
                        **fields: Any) -> AccessPoint:
    _require_officer(actor)
    point = AccessPoint.objects.create(is_demo=is_demo,
                                       **{k: v for k, v in fields.items() if k in POINT_FIELDS})
    record_event(actor=actor, action="akses.titik_dibuat", obj=point, payload=_payload(point))
    if publish:
        publish_points(actor=actor)
    return point


@transaction.atomic
def update_access_point(*, actor: Any, point: AccessPoint, **fields: Any) -> AccessPoint:
    _require_officer(actor)
    locked = AccessPoint.objects.select_for_update().get(pk=point.pk)
    for name, value in fields.items():
        if name in POINT_FIELDS:
            setattr(locked, name, value)
    locked.save()
    record_event(actor=actor, action="akses.titik_diubah", obj=locked, payload=_payload(locked))
    publish_points(actor=actor)
    return locked


@transaction.atomic
def report_outage(*, actor: User, point: AccessPoint, problem: str,
                  description: str = "") -> OutageReport:
    """A citizen reports that a point is down or slow; one open report per citizen and point."""
    if queries.open_report_of(user=actor, point=point) is not None:
        raise AccessPointError(_("Anda sudah melaporkan titik ini dan laporannya belum "
                                 "diperiksa."), code="ACCESS_POINT_REPORT_OPEN")
    report = OutageReport.objects.create(access_point=point, problem=problem,
                                         description=description.strip(), reporter=actor)
    record_event(actor=actor, action="akses.gangguan_dilaporkan", obj=report,
                 payload={"point": point.pk, "problem": problem})
    return report


@transaction.atomic
def decide_report(*, actor: User, report: OutageReport, confirm: bool,
                  note: str = "") -> OutageReport:
    """An officer confirms or dismisses a report. A confirmed outage puts the point in
    `gangguan`; a confirmed slow point keeps its status (it still works)."""
    _require_officer(actor)
    locked = OutageReport.objects.select_for_update().get(pk=report.pk)
    if locked.decision != OutageReport.Decision.BARU:
        raise AccessPointError(_("Laporan ini sudah diperiksa."),
                               code="ACCESS_POINT_REPORT_DECIDED")
    locked.decision = (OutageReport.Decision.DIKONFIRMASI if confirm
                       else OutageReport.Decision.DITOLAK)
    locked.decided_by, locked.decided_at, locked.decision_note = actor, timezone.now(), note
    locked.save(update_fields=["decision", "decided_by", "decided_at", "decision_note"])
    record_event(actor=actor, action="akses.laporan_diperiksa", obj=locked,
                 payload={"decision": locked.decision, "point": locked.access_point_id})
    if confirm and locked.problem == OutageReport.Problem.MATI:
        point = locked.access_point
        if point.status != Status.GANGGUAN:
            update_access_point(actor=actor, point=point, status=Status.GANGGUAN)
    return locked


@transaction.atomic
def create_operator(*, actor: Any, code: str, name: str) -> Operator:
    operator = Operator.objects.create(code=code, name=name)
    record_event(actor=actor, action="akses.operator_dibuat", obj=operator,
                 payload={"code": code, "name": name})
    return operator


@dataclass(frozen=True)
class Observation:
    desa: Region
    operator: Operator
    technology: str
    signal: str
    source: str
    observed_on: dt.date
    source_note: str = ""
    dusun: str = ""


@transaction.atomic
def record_coverage(*, actor: Any, observations: list[Observation],
                    is_demo: bool = False) -> list[CoverageObservation]:
    """Record observations as new rows (history is never overwritten), in one ledger entry,
    and publish the coverage dataset anew."""
    _require_officer(actor)
    if not observations:
        raise AccessPointError(_("Tidak ada pengamatan untuk dicatat."),
                               code="ACCESS_POINT_NO_OBSERVATION")
    recorded_by = actor if isinstance(actor, User) else None
    rows = CoverageObservation.objects.bulk_create([
        CoverageObservation(desa=o.desa, dusun=o.dusun, operator=o.operator,
                            technology=o.technology, signal=o.signal, source=o.source,
                            source_note=o.source_note, observed_on=o.observed_on,
                            is_demo=is_demo, recorded_by=recorded_by)
        for o in observations])
    first = CoverageObservation.objects.filter(
        desa=observations[0].desa, operator=observations[0].operator,
        technology=observations[0].technology).order_by("-id").first()
    record_event(actor=actor, action="akses.cakupan_dicatat", obj=first,
                 payload={"count": len(rows), "desa": sorted({o.desa.code for o in observations}),
                          "sources": sorted({o.source for o in observations})})
    publish_coverage(actor=actor)
    return rows


@transaction.atomic
def update_desa_profile(*, actor: Any, desa: Region, population: int | None = None,
                        population_source: str = "", latitude: Decimal | None = None,
                        longitude: Decimal | None = None, bakti_tower_planned: bool = False,
                        bakti_plan_year: int | None = None, is_demo: bool = False) -> DesaProfile:
    _require_officer(actor)
    profile, _created = DesaProfile.objects.update_or_create(desa=desa, defaults={
        "population": population, "population_source": population_source,
        "latitude": latitude, "longitude": longitude,
        "bakti_tower_planned": bakti_tower_planned, "bakti_plan_year": bakti_plan_year,
        "is_demo": is_demo})
    record_event(actor=actor, action="akses.profil_desa_diubah", obj=profile,
                 payload={"desa": desa.code, "population": population,
                          "bakti": bakti_tower_planned, "year": bakti_plan_year})
    return profile


# --- open data ------------------------------------------------------------------------------

DATASETS = {
    POINTS_DATASET: (
        "Titik akses internet publik Kabupaten Kubu Raya",
        "Titik akses internet gratis di kantor desa dan kecamatan, Mal Pelayanan Publik, "
        "sekolah, perpustakaan dan puskesmas: lokasi, jam buka, bandwidth, penyedia dan "
        "status terkini. Diperbarui otomatis setiap ada perubahan.",
        "internet, akses publik, wifi, kesenjangan digital"),
    COVERAGE_DATASET: (
        "Cakupan sinyal seluler per desa di Kabupaten Kubu Raya",
        "Keadaan terkini sinyal seluler (tidak ada, lemah, kuat) per desa, operator dan "
        "teknologi (2G, 3G, 4G), dengan sumber pengamatan (BPS Podes, survei lapangan, laporan "
        "operator). Diperbarui otomatis setiap ada pengamatan baru.",
        "sinyal, seluler, 4G, kesenjangan digital, podes"),
}


def _dataset(actor: Any, slug: str) -> Any:
    from balai.opendata import actions as opendata
    from balai.opendata.models import Dataset

    dataset = Dataset.objects.filter(slug=slug).first()
    if dataset is not None:
        return dataset
    office = Office.objects.filter(code=settings.BALAI_ACCESS_POINTS_OFFICE).first()
    if office is None:
        return None
    title, description, keywords = DATASETS[slug]
    return opendata.create_dataset(actor=actor, office=office, slug=slug, title=title,
                                   description=description, keywords=keywords,
                                   frequency=Dataset.Frequency.IRREGULAR, is_system=True)


def _publish(actor: Any, slug: str, columns: list[str], rows: list[list[Any]]) -> bool:
    from balai.opendata import actions as opendata

    dataset = _dataset(actor, slug)
    if dataset is None:  # no Diskominfo office yet: nothing to publish under
        return False
    return opendata.publish_version(actor=actor, dataset=dataset, columns=columns, rows=rows,
                                    note="pembaruan otomatis") is not None


def publish_points(*, actor: Any) -> bool:
    """Publish the access points dataset anew (nothing when the table did not change)."""
    return _publish(actor, POINTS_DATASET, queries.POINT_COLUMNS, queries.points_table())


def publish_coverage(*, actor: Any) -> bool:
    return _publish(actor, COVERAGE_DATASET, queries.COVERAGE_COLUMNS, queries.coverage_table())
