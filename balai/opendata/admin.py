from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from balai.applications.admin import ReadOnlyAdminMixin
from balai.opendata import actions
from balai.opendata.models import Dataset, Topic


@admin.register(Dataset)
class DatasetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["slug", "title", "office", "frequency", "is_system", "modified_at",
                    "downloads"]
    list_filter = ["is_system", "office"]
    list_select_related = ["office"]
    search_fields = ["slug", "title"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """Topics are reference data the operator keeps (published as CKAN groups); the admin
    site records each change in the ledger."""

    list_display = ["slug", "title"]
    search_fields = ["slug", "title"]
    autocomplete_fields = ["datasets"]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any,
                     change: bool) -> None:
        # Membership goes through the action, so that the datasets count as changed.
        actions.set_topic_datasets(actor=request.user, topic=form.instance,
                                   datasets=list(form.cleaned_data["datasets"]))
