"""Applications admin: read-only. Applications change only through the workflow actions in
balai.applications.actions (officers' pages, the API); the admin is for looking things up.

Search is by registration number only: the admin never searches personal data, and the
form values (encrypted at rest) and uploads are not shown here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from balai.applications.models import DRAFT, Application, ApplicationCounter, ApplicationEvent
from balai.catalogue.models import Service


class ReadOnlyAdminMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class StateFilter(admin.SimpleListFilter):
    """The states the published workflows define: one small query on the catalogue, instead
    of a DISTINCT over every application."""

    title = _("status")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        labels: dict[str, str] = {DRAFT: str(_("Draf"))}
        for service in Service.objects.filter(current__isnull=False).select_related("current"):
            workflow = service.current.spec.workflow  # type: ignore[union-attr]
            for state in workflow.states:
                labels.setdefault(state, workflow.label(state))
        return sorted(labels.items(), key=lambda item: item[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(state=self.value()) if self.value() else queryset


class ApplicationEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ApplicationEvent
    fields = ["created_at", "kind", "label", "from_state", "to_state", "actor", "public", "note",
              "corrections"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    ordering = ["created_at", "id"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("actor")


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "service_name", "office", "state_label", "due_date", "channel",
                    "submitted_at"]
    list_filter = [StateFilter, "channel", "is_open", "office"]
    # Registration numbers only (KR-2026-000123 or its beginning): never personal data.
    search_fields = ["^number"]
    search_help_text = _("Cari dengan nomor registrasi, misalnya KR-2026-000123.")
    list_select_related = ["definition__service", "office"]
    ordering = ["-id"]
    # Large tables: no COUNT(*) over the whole table on each filtered page.
    show_full_result_count = False
    fields = ["number", "service_name", "definition_version", "office", "state_label", "is_open",
              "channel", "operator", "assigned_to", "submitted_at", "due_date", "escalated_at",
              "closed_at", "version", "issued_document_ref", "created_at", "updated_at"]
    readonly_fields = fields
    inlines = [ApplicationEventInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related(
            "definition__service", "office", "operator", "assigned_to")

    @admin.display(description=_("layanan"), ordering="definition__service__name")
    def service_name(self, application: Application) -> str:
        return application.definition.service.name

    @admin.display(description=_("status"), ordering="state")
    def state_label(self, application: Application) -> str:
        if application.is_draft:
            return str(_("Draf"))
        return application.definition.spec.workflow.label(application.state)

    @admin.display(description=_("versi definisi"))
    def definition_version(self, application: Application) -> int:
        return application.definition.version


@admin.register(ApplicationCounter)
class ApplicationCounterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["year", "last"]
    ordering = ["-year"]
