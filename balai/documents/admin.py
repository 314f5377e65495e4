from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from balai.documents.models import DocumentCounter, IssuedDocument


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    """Read-only: documents are issued and revoked only through balai.documents.actions."""

    list_display = ["number", "title", "office", "subject_name_masked", "issued_at",
                    "signer_name", "revoked_at"]
    list_filter = ["office", "revoked_at"]
    search_fields = ["number", "code"]
    date_hierarchy = "issued_at"
    list_select_related = ["office"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DocumentCounter)
class DocumentCounterAdmin(admin.ModelAdmin):
    list_display = ["scope", "year", "last"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
