"""Read-only registers in the admin: changes go through the PPID pages (balai.information)."""

from __future__ import annotations

from django.contrib import admin

from balai.applications.admin import ReadOnlyAdminMixin
from balai.information.models import InformationItem, InformationRequest, Objection


@admin.register(InformationItem)
class InformationItemAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "category", "office", "period", "is_published", "published_at"]
    list_filter = ["category", "office", "is_published"]
    list_select_related = ["office"]
    search_fields = ["title"]


@admin.register(InformationRequest)
class InformationRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    # The register without personal data: numbers, offices, dates and outcomes.
    list_display = ["number", "office", "status", "outcome", "received_at", "due_date",
                    "answered_at"]
    list_filter = ["status", "outcome", "office"]
    list_select_related = ["office"]
    search_fields = ["^number"]
    fields = ["number", "office", "status", "outcome", "received_at", "due_date", "extended_at",
              "extension_reason", "answered_at", "working_days", "refusal_basis"]
    readonly_fields = fields


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "request", "ground", "filed_at", "due_date", "decision",
                    "decided_at", "reaction"]
    list_filter = ["decision", "ground", "reaction"]
    list_select_related = ["request"]
    search_fields = ["^number"]
