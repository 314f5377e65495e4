"""Catalogue admin: services are read-mostly; definitions are edited as YAML and every save
publishes a new version through actions.publish_definition (a version is never edited in place).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from balai.catalogue.actions import publish_definition, set_service_active
from balai.catalogue.forms import ServiceDefinitionForm, definition_yaml
from balai.catalogue.models import Service, ServiceDefinition


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "office", "current_version", "is_active"]
    list_filter = ["category", "office", "is_active"]
    search_fields = ["code", "name", "search_text"]
    list_select_related = ["office", "current"]
    fields = ["code", "name", "category", "office", "current_version", "is_active",
              "new_version_link"]
    readonly_fields = fields
    actions = ["activate", "deactivate"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A service comes into being when its first definition is published.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("versi berlaku"), ordering="current__version")
    def current_version(self, service: Service) -> int | None:
        return service.current.version if service.current else None

    @admin.display(description=_("ubah definisi"))
    def new_version_link(self, service: Service) -> str:
        if service.current is None:
            return "—"
        url = reverse("admin:catalogue_servicedefinition_add")
        return format_html('<a href="{}?dari={}">{}</a>', url, service.current.pk,
                           _("Terbitkan versi baru dari versi yang berlaku"))

    @admin.action(description=_("Tampilkan layanan terpilih di katalog"))
    def activate(self, request: HttpRequest, queryset: QuerySet[Service]) -> None:
        self._set_active(request, queryset, active=True)

    @admin.action(description=_("Tarik layanan terpilih dari katalog"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Service]) -> None:
        self._set_active(request, queryset, active=False)

    def _set_active(self, request: HttpRequest, queryset: QuerySet[Service], *,
                    active: bool) -> None:
        for service in queryset:
            set_service_active(service=service, active=active, actor=request.user)
        self.message_user(request, _("%(count)d layanan diperbarui.") % {"count": len(queryset)},
                          messages.SUCCESS)


@admin.register(ServiceDefinition)
class ServiceDefinitionAdmin(admin.ModelAdmin):
    form = ServiceDefinitionForm
    list_display = ["service", "version", "is_current", "deadline_working_days", "fee",
                    "created_at"]
    list_filter = ["service__category", "service__office"]
    search_fields = ["service__code", "service__name"]
    list_select_related = ["service"]
    ordering = ["service__code", "-version"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["service", "version", "created_at", "yaml_text"] if obj else ["yaml_text"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["service", "version", "created_at"] if obj else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("berlaku"), boolean=True)
    def is_current(self, definition: ServiceDefinition) -> bool:
        return definition.service.current_id == definition.pk

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        source = request.GET.get("dari", "")
        if source.isdigit():
            definition = ServiceDefinition.objects.filter(pk=source).first()
            if definition is not None:
                initial["yaml_text"] = definition_yaml(definition)
        return initial

    def save_form(self, request: HttpRequest, form: ModelForm, change: bool) -> Any:
        # Publishing, not saving: the edited text becomes a new version (or, unchanged, the same
        # one). The admin then logs and redirects to the version returned here.
        assert isinstance(form, ServiceDefinitionForm)
        return publish_definition(data=form.definition_data, actor=request.user)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Nothing to save: save_form has published the version."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """A definition has no related objects to save."""

    def construct_change_message(self, request: HttpRequest, form: Any, formsets: Any,
                                 add: bool = False) -> str:
        return str(_("Versi diterbitkan melalui editor YAML."))
