"""Fetching sessions and registrations with a permission check. Someone else's registration,
or a session of another office, is None: the caller answers 404."""

from __future__ import annotations

from balai.accounts.models import User
from balai.literacy import queries
from balai.literacy.models import Programme, Registration, Session


def registration_for_participant(user: User, registration_id: int) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (Registration.objects
            .select_related("session__programme__office", "session__kecamatan",
                            "session__village", "certificate")
            .filter(pk=registration_id, participant=user).first())


def session_for_organiser(user: User, session_id: int) -> Session | None:
    session = queries.get_session(session_id)
    if session is None or not queries.is_organiser(user, session.programme.office):
        return None
    return session


def registration_for_organiser(user: User, registration_id: int) -> Registration | None:
    registration = (Registration.objects.select_related("session__programme__office",
                                                        "participant")
                    .filter(pk=registration_id).first())
    if registration is None or not queries.is_organiser(user,
                                                        registration.session.programme.office):
        return None
    return registration


def programme_for_organiser(user: User, programme_id: int) -> Programme | None:
    programme = Programme.objects.select_related("office").filter(pk=programme_id).first()
    if programme is None or not queries.is_organiser(user, programme.office):
        return None
    return programme
