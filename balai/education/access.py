"""Fetching registrations with a permission check. Someone else's registration, or one of a
school the operator does not serve, is None: the caller answers 404."""

from __future__ import annotations

from balai.accounts.models import User
from balai.education.models import Registration, School, SchoolOperator


def registration_for_parent(user: User, number: str) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (Registration.objects.select_related("year", "home_village")
            .filter(number=number, parent=user).first())


def registration_for_operator(user: User, number: str) -> Registration | None:
    """A registration whose first-choice school `user` operates."""
    if not user.is_authenticated:
        return None
    schools = SchoolOperator.objects.filter(user=user).values("school_id")
    return (Registration.objects.select_related("year", "home_village", "parent")
            .filter(number=number, choices__rank=1, choices__school__in=schools).first())


def school_for_operator(user: User, npsn: str) -> School | None:
    if not user.is_authenticated:
        return None
    return School.objects.filter(npsn=npsn, operators__user=user).first()
