"""Fetching applications for an API caller, with permission, or 404 (never 403: whether
someone else's application exists is not the caller's business).

A reference (`ref`) is a registration number (KR-2026-000123) or, for a draft that has no
number yet, its id as returned when it was created.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from balai.accounts.models import User
from balai.applications.access import application_for_applicant, application_for_officer
from balai.applications.models import Application


def application_of_applicant(user: User, ref: str) -> Application:
    """A draft or an application of which the user is the applicant (or the filing operator)."""
    if ref.isdigit():
        application = (Application.objects
                       .select_related("definition__service", "office", "applicant",
                                       "assigned_to", "operator")
                       .filter(Q(applicant=user) | Q(operator=user), pk=int(ref)).first())
        if application is None:
            raise Http404
        return application
    return application_for_applicant(user, ref.upper())


def application_for_caller(user: User, ref: str) -> tuple[Application, bool]:
    """(application, seen_as_officer): the applicant's own first, else one of an office where
    the user is an officer (by number only)."""
    try:
        return application_of_applicant(user, ref), False
    except Http404:
        if ref.isdigit():
            raise
        return application_for_officer(user, ref.upper()), True
