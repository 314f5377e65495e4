from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from balai.api.actions import revoke_token
from balai.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only, with one action: revoke (through balai.api.actions). The secret is never
    stored, so it cannot be shown here."""

    list_display = ["name", "user", "prefix", "scopes", "created_at", "last_used_at",
                    "revoked_at"]
    list_filter = ["scopes", "revoked_at"]
    search_fields = ["prefix", "name", "user__username"]
    list_select_related = ["user"]
    exclude = ["secret_hash"]
    actions = ["revoke"]

    @admin.action(description=_("Cabut token terpilih"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            revoke_token(token=token, actor=request.user)
        self.message_user(request, ngettext("%(n)d token dicabut.", "%(n)d token dicabut.",
                                            len(tokens)) % {"n": len(tokens)}, messages.SUCCESS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
