"""Complaints admin: categories and their routing are configured here; complaints are
read-only (they change through balai.complaints.actions). The reporter is shown for neither
anonymous nor other complaints, and the sealed reporter table is not registered at all."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from balai.applications.admin import ReadOnlyAdminMixin
from balai.complaints.models import Complaint, ComplaintCategory, ComplaintUpdate


@admin.register(ComplaintCategory)
class ComplaintCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "office", "resolution_days", "is_active"]
    list_filter = ["is_active", "office"]
    search_fields = ["code", "name"]
    list_select_related = ["office"]


class ComplaintUpdateInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ComplaintUpdate
    fields = ["created_at", "kind", "public", "office", "officer", "note"]
    readonly_fields = fields
    extra = 0


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "category", "office", "status", "is_confidential", "due_date",
                    "created_at"]
    list_filter = ["status", "is_confidential", "office"]
    search_fields = ["^number"]
    search_help_text = _("Cari dengan nomor pengaduan, misalnya ADU-2026-000123.")
    list_select_related = ["category", "office"]
    ordering = ["-id"]
    show_full_result_count = False
    # No reporter: officers with admin access must not learn who reported.
    fields = ["number", "category", "office", "status", "is_open", "is_anonymous",
              "is_confidential", "is_listed", "kecamatan", "village", "description",
              "created_at", "due_date", "resolution_due", "escalated_at", "verified_at",
              "first_response_at", "closed_at", "confirmed_at", "merged_into", "rating",
              "version"]
    readonly_fields = fields
    inlines = [ComplaintUpdateInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("category", "office")
