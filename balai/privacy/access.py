"""Who may answer citizens' data requests: admins (the role, or a superuser). Others get 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from balai.accounts.models import OfficeRole, Role
from balai.privacy.models import DataRequest


def is_privacy_officer(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or OfficeRole.objects.filter(user=user, role=Role.ADMIN).exists()


def request_for_privacy_officer(user: Any, request_id: int) -> DataRequest:
    if not is_privacy_officer(user):
        raise Http404
    data_request = DataRequest.objects.select_related("user").filter(pk=request_id).first()
    if data_request is None:
        raise Http404
    return data_request
