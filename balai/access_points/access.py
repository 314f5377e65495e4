"""Fetch with permission, or answer 404: points are public; reports and the planning pages are
for the Diskominfo officers only (everyone else is told nothing exists)."""

from __future__ import annotations

from django.http import Http404

from balai.access_points import queries
from balai.access_points.models import AccessPoint, OutageReport
from balai.accounts.models import User
from balai.regions.models import Region
from balai.regions.queries import get_village


def point_for_public(point_id: int) -> AccessPoint:
    point = queries.get_point(point_id)
    if point is None:
        raise Http404
    return point


def require_officer(user: User) -> None:
    if not queries.is_officer(user):
        raise Http404


def point_for_officer(user: User, point_id: int) -> AccessPoint:
    require_officer(user)
    return point_for_public(point_id)


def report_for_officer(user: User, report_id: int) -> OutageReport:
    require_officer(user)
    report = OutageReport.objects.select_related("access_point").filter(pk=report_id).first()
    if report is None:
        raise Http404
    return report


def desa_for_officer(user: User, code: str) -> Region:
    require_officer(user)
    desa = get_village(code)
    if desa is None:
        raise Http404
    return desa
