"""Read-only admin for UU PDP records: requests are answered on /data-saya/permintaan/ through
balai.privacy.actions, never edited here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from balai.privacy.models import AccessLogEntry, Consent, DataRequest


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Consent)
class ConsentAdmin(_ReadOnlyAdmin):
    list_display = ["user", "purpose", "granted", "channel", "recorded_at"]
    list_filter = ["purpose", "granted"]
    list_select_related = ["user"]


@admin.register(DataRequest)
class DataRequestAdmin(_ReadOnlyAdmin):
    list_display = ["kind", "user", "status", "created_at", "due_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["user"]
    exclude = ["details"]


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(_ReadOnlyAdmin):
    list_display = ["accessed_at", "officer_name", "office_name", "citizen", "what"]
    list_select_related = ["citizen"]
