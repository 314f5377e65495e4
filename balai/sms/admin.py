"""Read-only views of the SMS channel: nothing here is edited by hand (STOP and MULAI come from
the number itself; bulk runs are sent from /sms/massal/)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from balai.sms.models import BulkSms, InboundSms, OptOut


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(InboundSms)
class InboundSmsAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "gateway_id", "command", "outcome"]
    list_filter = ["command", "outcome"]
    search_fields = ["gateway_id"]
    date_hierarchy = "received_at"
    list_select_related = ["reply"]


@admin.register(OptOut)
class OptOutAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "opted_out_at"]


@admin.register(BulkSms)
class BulkSmsAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kecamatan", "sender", "recipients", "segments", "cost"]
    list_select_related = ["kecamatan", "sender"]
