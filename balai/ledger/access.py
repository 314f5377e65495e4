"""Who may browse the whole ledger: auditors (any office) and admins. Everyone else gets 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from balai.accounts.models import OfficeRole, Role


def is_ledger_auditor(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return OfficeRole.objects.filter(user=user, role__in=[Role.AUDITOR, Role.ADMIN]).exists()


def require_ledger_auditor(user: Any) -> None:
    if not is_ledger_auditor(user):
        raise Http404
