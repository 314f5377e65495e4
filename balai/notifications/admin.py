"""The outbox in admin: read-only, so that officers can see what was sent, and read development
SMS (such as registration codes) that were never really sent."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from balai.notifications.actions import resend_messages
from balai.notifications.delivery import email_address_of
from balai.notifications.models import Message


def mask_address(message: Message) -> str:
    """Enough of the address to recognise it, not enough to copy it."""
    if message.channel == Message.Channel.EMAIL:
        local, _at, domain = email_address_of(message).partition("@")
        return f"{local[:1]}•••@{domain}" if domain else ""
    address = message.address
    if not address:
        return ""
    return "•" * max(len(address) - 4, 0) + address[-4:]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "status", "recipient", "masked_address",
                    "subject_or_excerpt", "attempts", "sent_at"]
    list_filter = ["channel", "status"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ["resend"]
    fields = ["channel", "status", "recipient", "masked_address", "subject", "body", "attempts",
              "last_error", "next_attempt_at", "provider_id", "created_at", "sent_at", "read_at"]
    readonly_fields = fields

    @admin.display(description=_("alamat tujuan"))
    def masked_address(self, obj: Message) -> str:
        return mask_address(obj)

    @admin.display(description=_("subjek / isi"))
    def subject_or_excerpt(self, obj: Message) -> str:
        return obj.subject or (obj.body[:60] + ("…" if len(obj.body) > 60 else ""))

    @admin.action(description=_("Kirim ulang"), permissions=["resend"])
    def resend(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        count = resend_messages(messages=queryset.filter(status=Message.Status.FAILED),
                                actor=request.user)  # type: ignore[arg-type]
        if not count:
            self.message_user(request, _("Tidak ada pesan berstatus gagal yang dipilih."),
                              messages.WARNING)
            return
        self.message_user(request, ngettext(
            "%(count)d pesan diantrekan untuk dikirim ulang.",
            "%(count)d pesan diantrekan untuk dikirim ulang.", count) % {"count": count},
            messages.SUCCESS)

    def has_resend_permission(self, request: HttpRequest) -> bool:
        # The model's change permission, although the page itself stays read-only.
        return request.user.has_perm("notifications.change_message")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
