"""Admin site of Balai: Indonesian titles, and every admin change recorded in the ledger."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class LedgerAdminMixin:
    """Appends a ledger entry next to each admin LogEntry, in the same transaction."""

    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        entry = super().log_addition(request, obj, message)  # type: ignore[misc]
        _record(request, "admin.tambah", obj, message)
        return entry

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        entry = super().log_change(request, obj, message)  # type: ignore[misc]
        _record(request, "admin.ubah", obj, message)
        return entry

    def log_deletions(self, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
        entries = super().log_deletions(request, queryset)  # type: ignore[misc]
        for obj in queryset:
            _record(request, "admin.hapus", obj, str(obj))
        return entries


def _record(request: HttpRequest, action: str, obj: Model, message: Any) -> None:
    from balai.ledger.actions import record_event

    record_event(actor=request.user, action=action, obj=obj,
                 payload={"message": message if isinstance(message, str | list) else str(message)})


class BalaiAdminSite(admin.AdminSite):
    site_header = _("Administrasi Balai")
    site_title = _("Admin Balai")
    index_title = _("Pengelolaan portal")

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, LedgerAdminMixin):
            admin_class = type(admin_class.__name__, (LedgerAdminMixin, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)
