"""Reads of access points and coverage: the public list, the current coverage of each desa,
the planning list and the regency's report table. Never writes.

Definitions (docs/howto/access-points.md):
- The current state of a desa for an operator and a technology is its latest observation
  (by observation date, then by the order recorded).
- A desa *has 4G* when some operator's current 4G state is weak or strong signal; *has a
  signal* when some operator's current state of any technology is weak or strong.
- A desa is *without coverage* when it has no 4G: either no signal at all, or a signal
  without 4G. A desa with no observation at all is *not yet surveyed*, counted apart.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery

from balai.access_points import basemap
from balai.access_points.basemap import Tile
from balai.access_points.models import (
    AccessPoint,
    CoverageObservation,
    DesaProfile,
    Operator,
    OutageReport,
    Signal,
    Status,
    Technology,
)
from balai.accounts.models import OfficeRole, Role, User
from balai.regions.models import Region
from balai.regions.queries import kecamatan_list

OFFICER_ROLES = (Role.PETUGAS, Role.ADMIN)
EARTH_RADIUS_KM = 6371.0088

NO_SIGNAL = "tanpa_sinyal"
NO_4G = "tanpa_4g"
HAS_4G = "ada_4g"
NOT_SURVEYED = "belum_didata"


def is_officer(user: User) -> bool:
    """A petugas or admin of the office that plans public internet access (Diskominfo)."""
    return user.is_authenticated and OfficeRole.objects.filter(
        user=user, role__in=OFFICER_ROLES,
        office__code=settings.BALAI_ACCESS_POINTS_OFFICE).exists()


# --- access points --------------------------------------------------------------------------

@dataclass(frozen=True)
class PointFilters:
    kecamatan: str = ""
    kind: str = ""
    status: str = ""


def public_points(filters: PointFilters = PointFilters()) -> QuerySet[AccessPoint]:
    qs = AccessPoint.objects.all()
    if filters.kecamatan:
        qs = qs.filter(desa__parent_id=filters.kecamatan)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.select_related("desa", "desa__parent").order_by("name", "id")


def get_point(point_id: int) -> AccessPoint | None:
    return AccessPoint.objects.select_related("desa", "desa__parent").filter(pk=point_id).first()


def has_demo_points() -> bool:
    return AccessPoint.objects.filter(is_demo=True).exists()


def open_reports() -> QuerySet[OutageReport]:
    return (OutageReport.objects.filter(decision=OutageReport.Decision.BARU)
            .select_related("access_point", "access_point__desa").order_by("id"))


def recent_decisions(limit: int = 20) -> list[OutageReport]:
    return list(OutageReport.objects.exclude(decision=OutageReport.Decision.BARU)
                .select_related("access_point", "decided_by").order_by("-decided_at")[:limit])


def open_report_of(*, user: User, point: AccessPoint) -> OutageReport | None:
    return OutageReport.objects.filter(reporter=user, access_point=point,
                                       decision=OutageReport.Decision.BARU).first()


def reports_of_point(point: AccessPoint) -> QuerySet[OutageReport]:
    return OutageReport.objects.filter(access_point=point).order_by("-id")


def map_points(filters: PointFilters = PointFilters()) -> tuple[list[dict[str, Any]], list[Tile]]:
    """Every point matching the filters placed in Web Mercator on the 0..1000 box of the SVG map
    of the public page, and the base-map tiles under them (none without a tile server); one
    query."""
    points = list(public_points(filters).select_related(None)
                  .only("id", "name", "status", "latitude", "longitude"))
    if not points:
        return [], []
    placed, tiles = basemap.fit([(float(p.latitude), float(p.longitude)) for p in points])
    return [{"point": p, "x": x, "y": y} for p, (x, y) in zip(points, placed, strict=True)], tiles


# --- coverage ---------------------------------------------------------------------------------

def current_coverage() -> QuerySet[CoverageObservation]:
    """The latest observation of every desa, operator and technology: one query."""
    latest = (CoverageObservation.objects
              .filter(desa=OuterRef("desa"), operator=OuterRef("operator"),
                      technology=OuterRef("technology"))
              .order_by("-observed_on", "-id").values("id")[:1])
    return (CoverageObservation.objects.filter(id=Subquery(latest))
            .select_related("desa", "desa__parent", "operator")
            .order_by("desa_id", "operator__name", "technology"))


@dataclass(frozen=True)
class CoverageFilters:
    kecamatan: str = ""
    desa: str = ""
    operator: str = ""
    technology: str = ""


def filtered_current_coverage(filters: CoverageFilters) -> QuerySet[CoverageObservation]:
    qs = current_coverage()
    if filters.kecamatan:
        qs = qs.filter(desa__parent_id=filters.kecamatan)
    if filters.desa:
        qs = qs.filter(desa_id=filters.desa)
    if filters.operator:
        qs = qs.filter(operator__code=filters.operator)
    if filters.technology:
        qs = qs.filter(technology=filters.technology)
    return qs


def desa_profile(desa: Region) -> DesaProfile | None:
    return DesaProfile.objects.filter(desa=desa).first()


def classify(observations: list[Any]) -> str:
    """The class of a desa from its current observations (objects with .technology and
    .signal): the one rule behind the planning list and the report table."""
    if not observations:
        return NOT_SURVEYED
    usable = [o for o in observations if o.signal in (Signal.WEAK, Signal.STRONG)]
    if any(o.technology == Technology.G4 for o in usable):
        return HAS_4G
    return NO_4G if usable else NO_SIGNAL


def active_operators() -> QuerySet[Operator]:
    return Operator.objects.filter(is_active=True).order_by("name")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


@dataclass
class DesaCoverage:
    desa: Region
    kecamatan: Region
    klass: str
    population: int | None = None
    bakti_planned: bool = False
    bakti_year: int | None = None
    nearest_point: AccessPoint | None = None
    nearest_km: float | None = None
    best: dict[str, str] = field(default_factory=dict)  # technology -> best signal


def desa_coverage() -> list[DesaCoverage]:
    """Every desa of the regency with its class, population, BAKTI plan and the nearest working
    access point: four queries whatever the number of desa (desa, profiles, current coverage,
    working points); the distances are computed here."""
    desas = list(Region.objects.filter(parent__parent_id=settings.BALAI_REGENCY_CODE,
                                       level__in=[Region.Level.DESA, Region.Level.KELURAHAN])
                 .select_related("parent").order_by("code"))
    profiles = {p.desa_id: p for p in DesaProfile.objects.all()}
    observed: dict[str, list[CoverageObservation]] = defaultdict(list)
    for obs in current_coverage().select_related(None).only("desa_id", "technology", "signal"):
        observed[obs.desa_id].append(obs)
    working = [(float(p.latitude), float(p.longitude), p) for p in
               AccessPoint.objects.filter(status=Status.AKTIF).select_related("desa")]
    rank = {Signal.NONE: 0, Signal.WEAK: 1, Signal.STRONG: 2}
    result = []
    for desa in desas:
        profile = profiles.get(desa.code)
        row = DesaCoverage(desa=desa, kecamatan=desa.parent, klass=classify(observed[desa.code]))
        for obs in observed[desa.code]:
            if rank[obs.signal] >= rank.get(row.best.get(obs.technology, ""), -1):
                row.best[obs.technology] = obs.signal
        if profile is not None:
            row.population = profile.population
            row.bakti_planned = profile.bakti_tower_planned
            row.bakti_year = profile.bakti_plan_year
            if profile.latitude is not None and profile.longitude is not None and working:
                lat, lon = float(profile.latitude), float(profile.longitude)
                distance, point = min(((haversine_km(lat, lon, plat, plon), p)
                                       for plat, plon, p in working), key=lambda t: t[0])
                row.nearest_point, row.nearest_km = point, round(distance, 1)
        result.append(row)
    return result


def planning_list(rows: list[DesaCoverage] | None = None) -> list[DesaCoverage]:
    """Desa without coverage (no 4G), the most populous first."""
    rows = desa_coverage() if rows is None else rows
    return sorted((r for r in rows if r.klass in (NO_SIGNAL, NO_4G)),
                  key=lambda r: (-(r.population or 0), r.desa.name))


REPORT_COLUMNS = ["kode_kecamatan", "kecamatan", "jumlah_desa", "desa_tanpa_sinyal",
                  "desa_ada_sinyal_belum_4g", "desa_rencana_bts_bakti", "desa_belum_didata"]


def report_table(rows: list[DesaCoverage] | None = None) -> tuple[list[list[Any]], list[Any]]:
    """The regency's report per kecamatan: desa, desa with no signal, desa with a signal but
    no 4G yet, desa with a BAKTI tower planned, desa not yet surveyed; and the totals row."""
    rows = desa_coverage() if rows is None else rows
    by_kecamatan: dict[str, list[DesaCoverage]] = defaultdict(list)
    for row in rows:
        by_kecamatan[row.kecamatan.code].append(row)
    table = []
    for kecamatan in kecamatan_list().order_by("code"):
        group = by_kecamatan.get(kecamatan.code, [])
        table.append([kecamatan.code, kecamatan.name, len(group),
                      sum(r.klass == NO_SIGNAL for r in group),
                      sum(r.klass == NO_4G for r in group),
                      sum(r.bakti_planned for r in group),
                      sum(r.klass == NOT_SURVEYED for r in group)])
    totals = ["", "Jumlah", *[sum(line[i] for line in table) for i in range(2, 7)]]
    return table, totals


# --- open data tables -------------------------------------------------------------------------

POINT_COLUMNS = ["id", "nama", "jenis", "kode_desa", "desa", "kecamatan", "lintang", "bujur",
                 "jam_buka", "bandwidth_mbps", "penyedia", "status", "terakhir_hidup",
                 "data_demo"]
COVERAGE_COLUMNS = ["kode_desa", "desa", "kecamatan", "dusun", "operator", "teknologi",
                    "sinyal", "sumber", "keterangan_sumber", "tanggal_pengamatan", "data_demo"]


def points_table() -> list[list[Any]]:
    return [[p.pk, p.name, p.kind, p.desa_id, p.desa.name, p.desa.parent.name, str(p.latitude),
             str(p.longitude), p.opening_hours, p.bandwidth_mbps, p.provider, p.status,
             p.last_seen_alive.isoformat() if p.last_seen_alive else "",
             "ya" if p.is_demo else "tidak"]
            for p in AccessPoint.objects.select_related("desa", "desa__parent").order_by("id")]


def coverage_table() -> list[list[Any]]:
    """The current state of every desa, operator and technology."""
    return [[o.desa_id, o.desa.name, o.desa.parent.name, o.dusun, o.operator.name,
             o.technology, o.signal, o.source, o.source_note, o.observed_on.isoformat(),
             "ya" if o.is_demo else "tidak"]
            for o in current_coverage().order_by("desa_id", "operator__code", "technology")]
