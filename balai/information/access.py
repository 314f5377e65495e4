"""Fetch public-information records with permission, or answer 404.

A request is seen by its requester (their account, or for someone without an account the
number with its access code, remembered in the session), and by the PPID and atasan PPID of
its office. Exempt items' files are never served to anyone through the public views."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from balai.accounts.models import OfficeRole, Role, User
from balai.information.models import (
    InformationFile,
    InformationItem,
    InformationRequest,
    Objection,
    ResponseFile,
)

SESSION_KEY = "informasi_permohonan"


def public_item(item_id: int) -> InformationItem:
    item = (InformationItem.objects.select_related("office").prefetch_related("files")
            .filter(pk=item_id, is_published=True).first())
    if item is None:
        raise Http404
    return item


def public_file(item_id: int, file_id: int) -> InformationFile:
    """A file of a published item that is not exempt (UU KIP Pasal 17: exempt information is
    closed to the public, so its files are never served)."""
    found = (InformationFile.objects.select_related("item")
             .filter(pk=file_id, item_id=item_id, item__is_published=True)
             .exclude(item__category="dikecualikan").first())
    if found is None:
        raise Http404
    return found


def remember_access(request: HttpRequest, info_request: InformationRequest) -> None:
    allowed = set(request.session.get(SESSION_KEY, []))
    allowed.add(info_request.pk)
    request.session[SESSION_KEY] = sorted(allowed)


def request_by_access_code(*, number: str, code: str) -> InformationRequest | None:
    """A request made without an account, for whoever holds its number and access code."""
    from balai.information.actions import access_digest

    return InformationRequest.objects.filter(
        number=number.strip().upper(), requester__isnull=True,
        access_digest=access_digest(code.strip())).first()


def request_for_requester(request: HttpRequest, number: str) -> InformationRequest:
    found = (InformationRequest.objects.select_related("office", "item")
             .filter(number=number).first())
    if found is None:
        raise Http404
    user = request.user
    if found.requester_id is not None and user.is_authenticated and found.requester_id == user.pk:
        return found
    if found.requester_id is None and found.pk in request.session.get(SESSION_KEY, []):
        return found
    raise Http404


def request_for_staff(user: User, number: str, *, role: Role) -> InformationRequest:
    if not user.is_authenticated:
        raise Http404
    offices = OfficeRole.objects.filter(user=user, role=role).values("office_id")
    found = (InformationRequest.objects.select_related("office", "item", "answered_by")
             .filter(number=number, office_id__in=offices).first())
    if found is None:
        raise Http404
    return found


def response_file(info_request: InformationRequest, file_id: int) -> ResponseFile:
    found = ResponseFile.objects.filter(pk=file_id, request=info_request).first()
    if found is None:
        raise Http404
    return found


def objection_of(info_request: InformationRequest) -> Objection | None:
    return Objection.objects.filter(request=info_request).select_related("decided_by").first()
