"""Fetch with permission, or answer 404: the catalogue and its evidence are public; changing an
innovation is for the petugas and admin of its office (everyone else is told nothing exists)."""

from __future__ import annotations

from django.http import Http404

from balai.accounts.models import User
from balai.innovation import queries
from balai.innovation.models import Evidence, Innovation


def innovation_for_public(innovation_id: int) -> Innovation:
    found = queries.get_innovation(innovation_id)
    if found is None:
        raise Http404
    return found


def innovation_for_officer(user: User, innovation_id: int) -> Innovation:
    found = innovation_for_public(innovation_id)
    if not queries.is_officer_of(user, found.office_id):
        raise Http404
    return found


def require_any_office(user: User) -> None:
    if not queries.officer_office_ids(user):
        raise Http404


def evidence_for_public(evidence_id: int) -> Evidence:
    found = queries.get_evidence(evidence_id)
    if found is None:
        raise Http404
    return found
