"""Handing one message to its channel: Django's mail backend for email, the SMS adapter for SMS.

Nothing here touches the database; balai.notifications.actions decides when to call it and
records the outcome.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, make_msgid
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from balai.accounts.queries import normalize_phone
from balai.notifications.models import Message
from balai.notifications.sms import get_sms_backend


class DeliveryError(Exception):
    """The channel refused the message. `permanent` errors are not worth retrying."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def send_through_channel(message: Message) -> str:
    """Send the message now and return the provider's id for it; raise on failure."""
    if message.channel == Message.Channel.EMAIL:
        return _send_email(message)
    if message.channel == Message.Channel.SMS:
        return _send_sms(message)
    raise DeliveryError(_("Kanal %(channel)s tidak dikirim oleh pekerja latar.")
                        % {"channel": message.channel}, permanent=True)


def email_address_of(message: Message) -> str:
    if message.address:
        return message.address
    return message.recipient.email if message.recipient else ""


def _send_email(message: Message) -> str:
    address = email_address_of(message)
    if not address:
        raise DeliveryError(_("Alamat email tujuan kosong."), permanent=True)
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">") or None
    message_id = make_msgid(domain=domain)
    body = render_to_string("emails/notifications/message.txt", {
        "body": message.body, "regency_name": settings.BALAI_REGENCY_NAME,
    })
    email = EmailMessage(
        subject=message.subject or _("Pemberitahuan dari Balai"),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        headers={"Message-ID": message_id},
    )
    email.send(fail_silently=False)
    return message_id[:100]


def _send_sms(message: Message) -> str:
    phone = normalize_phone(message.address)
    if not phone:
        raise DeliveryError(_("Nomor HP tujuan kosong."), permanent=True)
    return get_sms_backend().send(to=phone, body=message.body)
