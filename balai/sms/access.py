"""Who may learn what by SMS, and who may send a bulk SMS.

A status (CEK) is told only to the phone registered on the record: the applicant's, the
reporter's or the requester's confirmed citizen phone (or the phone given on an information
request), or to whoever sends the record's access code (information requests made without an
account). Anything else, a number that does not exist included, gets the same answer, so the
SMS reveals nothing about records of others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import Http404

from balai.accounts.models import OfficeRole, Role, User
from balai.accounts.queries import citizen_user_ids_with_phone, normalize_phone

if TYPE_CHECKING:
    from balai.information.models import InformationRequest

# Registration numbers of the three registers that answer CEK (see each app's numbering).
APPLICATION_NUMBER = re.compile(r"[A-Z]{2}-\d{4}-\d{6,}")
COMPLAINT_NUMBER = re.compile(r"ADU-\d{4}-\d{6,}")
INFORMATION_NUMBER = re.compile(r"INF-\d{4}-\d{6,}")


@dataclass(frozen=True)
class RecordStatus:
    number: str
    what: str  # "permohonan", "pengaduan", "informasi"
    status: str


def is_record_number(number: str) -> bool:
    return any(p.fullmatch(number) for p in (COMPLAINT_NUMBER, INFORMATION_NUMBER,
                                             APPLICATION_NUMBER))


def status_for_phone(*, number: str, phone: str, pin: str = "") -> RecordStatus | None:
    """The status of record `number` if `phone` (or `pin`) shows the sender owns it."""
    number = number.upper()
    if COMPLAINT_NUMBER.fullmatch(number):
        return _complaint(number, phone)
    if INFORMATION_NUMBER.fullmatch(number):
        return _information(number, phone, pin)
    if APPLICATION_NUMBER.fullmatch(number):
        return _application(number, phone)
    return None


def _application(number: str, phone: str) -> RecordStatus | None:
    from balai.applications.queries import get_by_number

    application = get_by_number(number)
    if application is None or application.applicant_id not in citizen_user_ids_with_phone(phone):
        return None
    label = application.definition.spec.workflow.label(application.state, "id")
    return RecordStatus(number=number, what="permohonan", status=label)


def _complaint(number: str, phone: str) -> RecordStatus | None:
    from balai.complaints.queries import get_by_number, is_reporter

    complaint = get_by_number(number)
    if complaint is None:
        return None
    owners = User.objects.filter(pk__in=citizen_user_ids_with_phone(phone))
    if not any(is_reporter(user=user, complaint=complaint) for user in owners):
        return None
    return RecordStatus(number=number, what="pengaduan", status=complaint.get_status_display())


def _information(number: str, phone: str, pin: str) -> RecordStatus | None:
    from balai.information.access import request_by_access_code
    from balai.information.queries import get_request_by_number

    found: InformationRequest | None = None
    if pin:
        found = request_by_access_code(number=number, code=pin)
    if found is None:
        candidate = get_request_by_number(number)
        if candidate is not None and _owns_information_request(candidate, phone):
            found = candidate
    if found is None:
        return None
    return RecordStatus(number=number, what="informasi", status=found.get_status_display())


def _owns_information_request(request: InformationRequest, phone: str) -> bool:
    sender = normalize_phone(phone)
    if sender and normalize_phone(request.phone) == sender:
        return True
    return (request.requester_id is not None
            and request.requester_id in citizen_user_ids_with_phone(phone))


def is_broadcaster(user: User) -> bool:
    """Admins of an office may send bulk SMS (the cost is the regency's)."""
    return user.is_authenticated and OfficeRole.objects.filter(user=user,
                                                               role=Role.ADMIN).exists()


def require_broadcaster(user: User) -> None:
    if not is_broadcaster(user):
        raise Http404
