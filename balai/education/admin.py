"""Read-only admin of school admission: every change goes through balai.education.actions
(and so into the ledger)."""


from django.contrib import admin

from balai.core.admin import ReadOnlyAdmin
from balai.education.models import AdmissionYear, Registration, School, SelectionRun


@admin.register(AdmissionYear)
class AdmissionYearAdmin(ReadOnlyAdmin):
    list_display = ["year", "opens_at", "closes_at", "max_choices"]


@admin.register(School)
class SchoolAdmin(ReadOnlyAdmin):
    list_display = ["npsn", "name", "level", "kecamatan", "capacity"]
    list_filter = ["level"]
    search_fields = ["npsn", "name"]
    list_select_related = ["kecamatan"]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["number", "level", "track", "status", "submitted_at"]
    list_filter = ["level", "track", "status"]
    search_fields = ["number"]
    exclude = ["child_nik", "child_nik_index", "child_birth_date", "idempotency_key"]


@admin.register(SelectionRun)
class SelectionRunAdmin(ReadOnlyAdmin):
    list_display = ["pk", "year", "level", "seed", "status", "started_at", "finished_at"]
    list_filter = ["level", "status"]
    list_select_related = ["year"]
