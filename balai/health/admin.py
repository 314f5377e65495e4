"""Admin of the health queue. Facilities, polyclinics and doctors' schedules are Dinas
Kesehatan's set-up and are edited here (the admin site records every change in the ledger);
visits and their stage times change only through balai.health.actions."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from balai.health.models import DoctorSchedule, Facility, Polyclinic, Visit, VisitTask


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "kecamatan", "office"]
    list_filter = ["kind", "kecamatan"]
    search_fields = ["name", "code"]
    list_select_related = ["kecamatan", "office"]
    raw_id_fields = ["office", "kecamatan"]


class DoctorScheduleInline(admin.TabularInline):
    model = DoctorSchedule
    extra = 0


@admin.register(Polyclinic)
class PolyclinicAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "facility", "service_minutes", "walk_in_percent",
                    "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["facility"]
    raw_id_fields = ["facility"]
    inlines = [DoctorScheduleInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ["booking_code", "polyclinic", "date", "number", "channel", "status"]
    list_filter = ["status", "channel", "date"]
    search_fields = ["booking_code"]
    list_select_related = ["polyclinic__facility"]
    exclude = ["patient_name", "phone", "bpjs_number"]


@admin.register(VisitTask)
class VisitTaskAdmin(ReadOnlyAdmin):
    list_display = ["visit", "task", "at", "sent_at", "attempts", "last_error"]
    list_filter = ["task"]
    list_select_related = ["visit__polyclinic"]
