"""Access points admin: operators are data configured here (the admin site records each change
in the ledger); points, reports, observations and desa profiles are read-only here and change
through balai.access_points.actions (the officers' pages)."""

from __future__ import annotations

from django.contrib import admin

from balai.access_points.models import (
    AccessPoint,
    CoverageObservation,
    DesaProfile,
    Operator,
    OutageReport,
)
from balai.applications.admin import ReadOnlyAdminMixin


@admin.register(Operator)
class OperatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_active"]
    list_filter = ["is_active"]


@admin.register(AccessPoint)
class AccessPointAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "desa", "status", "bandwidth_mbps", "last_seen_alive",
                    "is_demo"]
    list_filter = ["status", "kind", "is_demo"]
    search_fields = ["name"]
    list_select_related = ["desa"]


@admin.register(OutageReport)
class OutageReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["access_point", "problem", "decision", "created_at", "decided_at"]
    list_filter = ["decision", "problem"]
    list_select_related = ["access_point"]
    # The reporter is not shown: a report is about the point, not the person.
    exclude = ["reporter"]


@admin.register(CoverageObservation)
class CoverageObservationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["desa", "operator", "technology", "signal", "source", "observed_on",
                    "is_demo"]
    list_filter = ["technology", "signal", "source", "operator", "is_demo"]
    list_select_related = ["desa", "operator"]
    show_full_result_count = False


@admin.register(DesaProfile)
class DesaProfileAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["desa", "population", "bakti_tower_planned", "bakti_plan_year", "is_demo"]
    list_filter = ["bakti_tower_planned", "is_demo"]
    list_select_related = ["desa"]
