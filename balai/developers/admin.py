"""Read-only admin of the developer portal. Approving apps is done in the officers' review
pages (/pengembang/persetujuan/), revoking keys here or by the developer, both through
balai.developers.actions. Secrets and key digests are never shown."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from balai.core.admin import ReadOnlyAdmin
from balai.developers.actions import revoke_key
from balai.developers.models import AppKey, DeveloperApp, WebhookDelivery, WebhookEndpoint


@admin.register(DeveloperApp)
class DeveloperAppAdmin(ReadOnlyAdmin):
    list_display = ["name", "owner", "status", "contact_email", "created_at", "reviewed_at"]
    list_filter = ["status"]
    search_fields = ["name", "owner__username", "contact_email"]
    list_select_related = ["owner"]
    exclude = ["receiver_token"]


@admin.register(AppKey)
class AppKeyAdmin(ReadOnlyAdmin):
    list_display = ["name", "app", "kind", "prefix", "scopes", "rate_per_minute",
                    "last_used_at", "expires_at", "revoked_at"]
    list_filter = ["kind", "scopes"]
    search_fields = ["prefix", "name", "app__name"]
    list_select_related = ["app"]
    exclude = ["secret_hash"]
    actions = ["revoke"]

    @admin.action(description=_("Cabut kunci terpilih"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[AppKey]) -> None:
        keys = list(queryset.filter(revoked_at__isnull=True))
        for key in keys:
            revoke_key(key=key, actor=request.user)  # type: ignore[arg-type]
        self.message_user(request, ngettext("%(n)d kunci dicabut.", "%(n)d kunci dicabut.",
                                            len(keys)) % {"n": len(keys)}, messages.SUCCESS)


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyAdmin):
    list_display = ["url", "app", "mode", "is_active", "disabled_at", "created_at"]
    list_filter = ["mode", "is_active"]
    list_select_related = ["app"]
    exclude = ["secret", "previous_secret"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["message_id", "endpoint", "event_type", "status", "attempts",
                    "last_status_code", "created_at"]
    list_filter = ["status", "event_type"]
    list_select_related = ["endpoint"]
