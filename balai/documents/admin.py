from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from balai.documents.models import DocumentCounter, IssuedDocument, RevokedCertificate


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


@admin.register(RevokedCertificate)
class RevokedCertificateAdmin(admin.ModelAdmin):
    """Read-only: certificates are revoked only through
    balai.documents.actions.revoke_signing_certificate."""

    list_display = ["subject", "serial_number", "holder", "reason", "revoked_at", "revoked_by"]
    list_filter = ["reason"]
    search_fields = ["serial_number", "subject"]
    list_select_related = ["holder", "revoked_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
