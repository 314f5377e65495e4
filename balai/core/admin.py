from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from balai.core.models import NonWorkingDay


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that only actions write (the ledger, logs, computed results): shown, never
    added, changed or deleted in the admin."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "source"]
    list_filter = ["kind"]
    date_hierarchy = "date"
