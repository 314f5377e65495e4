"""Writing messages to the outbox and delivering them. Delivery happens after commit, in a
background task, with retries.

How a message is delivered exactly once in the normal case: a worker first *claims* the message
with one conditional UPDATE (status still queued, due, attempts left), which pushes its
next_attempt_at to the end of a lease. Only the worker whose UPDATE matched sends it; no row
lock is held during the network call (on SQLite that would block every writer). If the worker
dies mid-send the lease expires and the sweep tries again: delivery is at-least-once only when a
process crashes between the provider's answer and our UPDATE.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Iterable
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import User
from balai.ledger.actions import record_event
from balai.notifications import queries
from balai.notifications.delivery import DeliveryError, send_through_channel
from balai.notifications.models import Message
from balai.notifications.sms import SmsError

logger = logging.getLogger(__name__)

# A claimed message is left alone this long: longer than any SMTP or SMS provider timeout.
CLAIM_LEASE = dt.timedelta(minutes=10)
# Retries wait 1, 2, 4, 8… minutes, never more than six hours.
RETRY_BASE = dt.timedelta(minutes=1)
RETRY_CAP = dt.timedelta(hours=6)
SWEEP_BATCH_SIZE = 100
# Refusals and network trouble: logged in one line. Anything else is a bug and gets a traceback.
EXPECTED_ERRORS = (DeliveryError, SmsError, smtplib.SMTPException, OSError)


class Outcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    SKIPPED = "skipped"
    OPTED_OUT = "opted_out"


def retry_delay(attempts: int) -> dt.timedelta:
    """Exponential backoff after the given number of failed attempts (1 → one minute)."""
    return min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_CAP)


def queue_message(*, channel: str, body: str, recipient: User | None = None, address: str = "",
                  subject: str = "", ignore_opt_out: bool = False) -> Message:
    """Put a message in the outbox, in the caller's transaction; it is sent once that commits.

    `address` is the phone number (SMS) or email address; for in-app messages the recipient
    alone is enough, and they count as sent at once (being in the inbox is their delivery). If
    the caller's transaction rolls back, the message is never sent.

    An SMS to a number that sent STOP is not sent (balai.sms); `ignore_opt_out` is only for
    the transactional answer to STOP or MULAI itself.

    The caller's own action records the domain event in the ledger; the outbox row is the
    record of the message itself, and each delivery outcome is recorded when it happens.
    """
    now = timezone.now()
    if channel == Message.Channel.IN_APP:
        return Message.objects.create(channel=channel, recipient=recipient, address=address,
                                      subject=subject, body=body, status=Message.Status.SENT,
                                      sent_at=now)
    message = Message.objects.create(channel=channel, recipient=recipient, address=address,
                                     subject=subject, body=body, next_attempt_at=now,
                                     ignore_opt_out=ignore_opt_out)
    transaction.on_commit(lambda: _enqueue_delivery(message_id=message.pk))
    return message


def deliver_message(*, message_id: int) -> Outcome:
    """Send one queued message through its channel, unless another worker already has.

    Deliberately not atomic as a whole: the claim commits before the network call, and the
    outcome is written in its own transaction afterwards.
    """
    now = timezone.now()
    if not _claim(message_id=message_id, now=now):
        _fail_if_out_of_attempts(message_id=message_id, now=now)
        return Outcome.SKIPPED
    message = Message.objects.select_related("recipient").get(pk=message_id)
    if _opted_out(message):
        return _record_opted_out(message=message)
    try:
        provider_id = send_through_channel(message)
    except Exception as exc:
        # Any error (provider, network, a bug) is recorded on the message rather than lost in
        # the worker log, and retried: the message must not stay claimed forever.
        logger.warning("Delivery of message %s failed: %s", message_id, exc,
                       exc_info=not isinstance(exc, EXPECTED_ERRORS))
        return _record_failure(message=message, error=exc)
    return _record_sent(message=message, provider_id=provider_id)


def deliver_due_messages(*, batch_size: int = SWEEP_BATCH_SIZE) -> int:
    """Deliver every queued message whose next attempt is due; return how many were tried.

    The safety net behind the tasks enqueued after commit: it finds messages whose task was
    lost (a crash between commit and enqueue, a worker killed mid-send) and retries when the
    task backend cannot defer work. Claims keep it from sending what a task already sent.
    """
    started = timezone.now()
    cursor: tuple[dt.datetime, int] | None = None
    tried = 0
    while True:
        batch = queries.due_message_keys(now=started, after=cursor, limit=batch_size)
        for message_id, _due in batch:
            deliver_message(message_id=message_id)
        tried += len(batch)
        if len(batch) < batch_size:
            return tried
        cursor = (batch[-1][1], batch[-1][0])


@transaction.atomic
def resend_messages(*, messages: Iterable[Message], actor: User) -> int:
    """Queue failed messages again with a fresh set of attempts; return how many."""
    ids = [message.pk for message in messages if message.status == Message.Status.FAILED]
    now = timezone.now()
    requeued = 0
    for message_id in ids:
        updated = Message.objects.filter(pk=message_id, status=Message.Status.FAILED).update(
            status=Message.Status.QUEUED, attempts=0, next_attempt_at=now)
        if not updated:
            continue
        requeued += 1
        message = Message(pk=message_id)
        record_event(actor=actor, action="notifikasi.kirim_ulang", obj=message, payload={})
        transaction.on_commit(lambda pk=message_id: _enqueue_delivery(message_id=pk))
    return requeued


@transaction.atomic
def mark_read(*, message: Message, actor: User) -> bool:
    """The recipient has read an in-app message; False if it was already marked read."""
    now = timezone.now()
    updated = Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=now)
    if not updated:
        return False
    message.read_at = now
    record_event(actor=actor, action="notifikasi.dibaca", obj=message, payload={})
    return True


def _opted_out(message: Message) -> bool:
    # Checked at delivery, not when queued: a STOP sent after a message was queued still
    # silences it.
    if message.channel != Message.Channel.SMS or message.ignore_opt_out:
        return False
    from balai.sms.queries import is_opted_out

    return is_opted_out(message.address)


@transaction.atomic
def _record_opted_out(*, message: Message) -> Outcome:
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.OPTED_OUT, next_attempt_at=None, last_error="")
    record_event(actor=None, action="notifikasi.tidak_dikirim_berhenti", obj=message,
                 payload={"channel": message.channel})
    return Outcome.OPTED_OUT


def _enqueue_delivery(*, message_id: int) -> None:
    from balai.notifications.tasks import deliver_message as deliver_task

    deliver_task.enqueue(message_id=message_id)


def _due(now: dt.datetime) -> Q:
    return Q(status=Message.Status.QUEUED, next_attempt_at__lte=now)


def _claim(*, message_id: int, now: dt.datetime) -> bool:
    claimed = Message.objects.filter(
        _due(now), pk=message_id, attempts__lt=settings.NOTIFICATION_MAX_ATTEMPTS,
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + CLAIM_LEASE)
    return claimed == 1


@transaction.atomic
def _fail_if_out_of_attempts(*, message_id: int, now: dt.datetime) -> None:
    # A worker died mid-send on the last attempt: the lease expired with no attempts left.
    failed = Message.objects.filter(
        _due(now), pk=message_id, attempts__gte=settings.NOTIFICATION_MAX_ATTEMPTS,
    ).update(status=Message.Status.FAILED, next_attempt_at=None,
             last_error=_("Pengiriman terputus sebelum selesai; percobaan habis."))
    if failed:
        record_event(actor=None, action="notifikasi.gagal", obj=Message(pk=message_id),
                     payload={"reason": "lease_expired"})


@transaction.atomic
def _record_sent(*, message: Message, provider_id: str) -> Outcome:
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENT, sent_at=timezone.now(), provider_id=provider_id,
        next_attempt_at=None, last_error="")
    record_event(actor=None, action="notifikasi.terkirim", obj=message,
                 payload={"channel": message.channel, "provider_id": provider_id,
                          "attempts": message.attempts})
    return Outcome.SENT


@transaction.atomic
def _record_failure(*, message: Message, error: Exception) -> Outcome:
    error_text = str(error) or error.__class__.__name__
    permanent = isinstance(error, DeliveryError) and error.permanent
    if permanent or message.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.FAILED, next_attempt_at=None, last_error=error_text)
        record_event(actor=None, action="notifikasi.gagal", obj=message,
                     payload={"channel": message.channel, "attempts": message.attempts})
        return Outcome.FAILED
    next_attempt_at = timezone.now() + retry_delay(message.attempts)
    Message.objects.filter(pk=message.pk).update(next_attempt_at=next_attempt_at,
                                                 last_error=error_text)
    record_event(actor=None, action="notifikasi.dijadwalkan_ulang", obj=message,
                 payload={"channel": message.channel, "attempts": message.attempts,
                          "next_attempt_at": next_attempt_at.isoformat()})
    transaction.on_commit(lambda: _schedule_retry(message_id=message.pk, when=next_attempt_at))
    return Outcome.RETRY


def _schedule_retry(*, message_id: int, when: dt.datetime) -> None:
    from balai.notifications.tasks import deliver_message as deliver_task

    # A backend that cannot defer (the immediate backend) would retry at once, in this very
    # call stack: leave the message to the sweep (`send_outbox`) instead.
    if deliver_task.get_backend().supports_defer:
        deliver_task.using(run_after=when).enqueue(message_id=message_id)
