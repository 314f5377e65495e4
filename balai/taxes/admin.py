"""Tax register admin: read-only lookups. Changes go through balai.taxes.actions (officers'
pages, `load_tax_tariffs`, `run_assessment`); the assessment's progress is shown here."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from balai.applications.admin import ReadOnlyAdminMixin
from balai.taxes.models import AssessmentRun, Business, Sppt, TariffTable, TaxObject, TaxReturn


@admin.register(AssessmentRun)
class AssessmentRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["year", "status", "progress", "processed", "total", "created", "started_at",
                    "updated_at", "finished_at"]
    ordering = ["-year"]

    @admin.display(description=_("kemajuan"))
    def progress(self, run: AssessmentRun) -> str:
        filled = run.percent // 5
        return f"{'█' * filled}{'░' * (20 - filled)} {run.percent}%"


@admin.register(TaxObject)
class TaxObjectAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "kecamatan", "desa", "land_area", "building_area", "is_active"]
    list_select_related = ["kecamatan", "desa"]
    search_fields = ["^nop"]
    search_help_text = _("Cari dengan NOP (18 angka tanpa titik) atau awalnya.")
    ordering = ["nop"]
    show_full_result_count = False
    exclude = ["taxpayer"]


@admin.register(Sppt)
class SpptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["tax_object", "year", "njop_land", "njop_building", "amount", "due_date"]
    list_select_related = ["tax_object"]
    list_filter = ["year"]
    search_fields = ["^tax_object__nop"]
    ordering = ["-year", "tax_object_id"]
    show_full_result_count = False
    raw_id_fields = ["tax_object", "run"]


@admin.register(TaxReturn)
class TaxReturnAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["business", "period", "base_amount", "tax_amount", "filed_late", "filed_at"]
    list_select_related = ["business"]
    ordering = ["-period"]
    exclude = ["filed_by"]


@admin.register(Business)
class BusinessAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "desa"]
    list_select_related = ["desa"]
    ordering = ["name"]
    exclude = ["taxpayer"]


@admin.register(TariffTable)
class TariffTableAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["regency_code", "valid_from_year", "source_sha256", "loaded_at"]
