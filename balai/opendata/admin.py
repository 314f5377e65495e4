from __future__ import annotations

from django.contrib import admin

from balai.applications.admin import ReadOnlyAdminMixin
from balai.opendata.models import Dataset


@admin.register(Dataset)
class DatasetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["slug", "title", "office", "frequency", "is_system", "modified_at",
                    "downloads"]
    list_filter = ["is_system", "office"]
    list_select_related = ["office"]
    search_fields = ["slug", "title"]
