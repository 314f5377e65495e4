from __future__ import annotations

from django.contrib import admin

from balai.applications.admin import ReadOnlyAdminMixin
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
