"""Read-only views of the SMS channel: nothing here is edited by hand (STOP and MULAI come from
the number itself; bulk runs are sent from /sms/massal/)."""

from __future__ import annotations

from django.contrib import admin

from balai.core.admin import ReadOnlyAdmin
from balai.sms.models import BulkSms, InboundSms, OptOut


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
