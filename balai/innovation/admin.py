"""Innovation catalogue admin: read-only; innovations change through balai.innovation.actions
(the officers' pages), so every change is in the ledger and in the open dataset."""

from __future__ import annotations

from django.contrib import admin

from balai.applications.admin import ReadOnlyAdminMixin
from balai.innovation.models import Evidence, Innovation, StageChange


@admin.register(Innovation)
class InnovationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "office", "stage", "form", "category", "started_on", "is_demo"]
    list_filter = ["stage", "form", "category", "is_demo"]
    search_fields = ["name"]


@admin.register(StageChange)
class StageChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["innovation", "from_stage", "to_stage", "changed_on"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["innovation", "title", "content_type", "size", "created_at"]
