"""Fetch an application with permission, or answer 404: a citizen sees only their own (or, for
an operator, those they filed); an officer only those of the offices where they hold a role."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from balai.accounts.models import OfficeRole, User
from balai.applications.models import Application
from balai.catalogue.spec import OFFICER_ROLES
from balai.privacy.actions import record_access


def _related() -> QuerySet[Application]:
    return Application.objects.select_related("definition__service", "office", "applicant",
                                              "assigned_to", "operator")


def application_for_applicant(user: User, number: str) -> Application:
    """A submitted application of which the user is the applicant or the filing operator."""
    if not user.is_authenticated:
        raise Http404
    application = (_related().filter(Q(applicant=user) | Q(operator=user), number=number)
                   .first())
    if application is None:
        raise Http404
    return application


def application_for_officer(user: User, number: str) -> Application:
    """A submitted application of an office in which the user holds an officer role.

    Opening it is noted in the applicant's access log (UU PDP; shown on their Data saya page).
    """
    if not user.is_authenticated:
        raise Http404
    offices = OfficeRole.objects.filter(user=user, role__in=OFFICER_ROLES).values("office_id")
    application = (_related().filter(number=number, office_id__in=offices,
                                     submitted_at__isnull=False).first())
    if application is None:
        raise Http404
    record_access(officer=user, citizen=application.applicant, obj=application,
                  what=_("Permohonan %(number)s") % {"number": application.number})
    return application
