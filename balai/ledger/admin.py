from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from balai.core.admin import ReadOnlyAdmin
from balai.ledger.models import Checkpoint, LedgerBatch, LedgerEntry, VerificationRun


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = ["id", "sequence", "created_at", "actor_label", "action", "object_type",
                    "object_id"]
    list_filter = ["action"]
    search_fields = ["action", "actor_label", "object_id"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyAdmin):
    list_display = ["sequence", "signed_at", "head_hash", "key_id"]


@admin.register(LedgerBatch)
class LedgerBatchAdmin(ReadOnlyAdmin):
    list_display = ["first_sequence", "last_sequence", "sealed_at", "root_hash", "key_id"]
    show_full_result_count = False


@admin.register(VerificationRun)
class VerificationRunAdmin(ReadOnlyAdmin):
    list_display = ["finished_at", "ok", "checked", "broken_sequence", "triggered_by"]
    list_filter = ["ok"]
