"""Fetching visits and polyclinics with a permission check. Someone else's visit, or a desk of
another facility, is None: the caller answers 404."""

from __future__ import annotations

from balai.accounts.models import User
from balai.health import queries
from balai.health.models import Polyclinic, Visit


def visit_for_patient(user: User, visit_id: int) -> Visit | None:
    if not user.is_authenticated:
        return None
    return (Visit.objects.select_related("polyclinic__facility")
            .filter(pk=visit_id, patient=user).first())


def polyclinic_for_desk(user: User, polyclinic_id: int) -> Polyclinic | None:
    polyclinic = queries.get_polyclinic(polyclinic_id)
    if polyclinic is None or not queries.is_desk_officer(user, polyclinic.facility):
        return None
    return polyclinic


def visit_for_desk(user: User, visit_id: int) -> Visit | None:
    visit = (Visit.objects.select_related("polyclinic__facility").filter(pk=visit_id).first())
    if visit is None or not queries.is_desk_officer(user, visit.polyclinic.facility):
        return None
    return visit
