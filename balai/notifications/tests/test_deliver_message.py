import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from balai.ledger.models import LedgerEntry
from balai.notifications.actions import (
    CLAIM_LEASE,
    Outcome,
    deliver_message,
    queue_message,
    retry_delay,
)
from balai.notifications.models import Message
from balai.notifications.tasks import deliver_message as deliver_task

pytestmark = pytest.mark.django_db


class BrokenSmtpBackend:
    """A mail server that refuses every message."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def _queued_sms(body="Kode Anda 123456", address="081234567890"):
    # Queued inside the test's transaction: the after-commit task never runs, as after a crash.
    return queue_message(channel=Message.Channel.SMS, address=address, body=body)


def _make_due(message):
    # Time passes: the next attempt of a queued message falls due.
    Message.objects.filter(pk=message.pk, status=Message.Status.QUEUED).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1))


def test_retry_delay_doubles_from_one_minute_and_is_capped():
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [
        dt.timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert retry_delay(30) == dt.timedelta(hours=6)


def test_deliver_message_failure_is_recorded_and_retried_with_backoff(sms):
    sms.fail_with = "Penyedia SMS menjawab HTTP 503: sedang sibuk"
    message = _queued_sms()
    for attempt in (1, 2, 3):
        before = timezone.now()
        assert deliver_message(message_id=message.pk) == Outcome.RETRY
        message.refresh_from_db()
        assert message.status == Message.Status.QUEUED
        assert message.attempts == attempt
        assert message.last_error == "Penyedia SMS menjawab HTTP 503: sedang sibuk"
        wait = message.next_attempt_at - before
        assert retry_delay(attempt) <= wait < retry_delay(attempt) + dt.timedelta(seconds=5)
        _make_due(message)
    assert LedgerEntry.objects.filter(action="notifikasi.dijadwalkan_ulang",
                                      object_id=str(message.pk)).count() == 3
    sms.fail_with = ""
    assert deliver_message(message_id=message.pk) == Outcome.SENT
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (Message.Status.SENT, 4, "")
    assert message.next_attempt_at is None


def test_deliver_message_is_not_retried_before_it_is_due(sms):
    sms.fail_with = "timeout"
    message = _queued_sms()
    assert deliver_message(message_id=message.pk) == Outcome.RETRY
    sms.fail_with = ""
    assert deliver_message(message_id=message.pk) == Outcome.SKIPPED
    assert sms.sent == []
    message.refresh_from_db()
    assert message.attempts == 1


def test_deliver_message_fails_for_good_after_the_last_attempt(sms, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    sms.fail_with = "nomor tidak aktif"
    message = _queued_sms()
    outcomes = []
    for _ in range(3):
        outcomes.append(deliver_message(message_id=message.pk))
        _make_due(message)
    assert outcomes == [Outcome.RETRY, Outcome.RETRY, Outcome.FAILED]
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.FAILED, 3)
    assert message.next_attempt_at is None
    assert message.last_error == "nomor tidak aktif"
    assert deliver_message(message_id=message.pk) == Outcome.SKIPPED
    assert LedgerEntry.objects.filter(action="notifikasi.gagal",
                                      object_id=str(message.pk)).count() == 1


def test_deliver_message_never_sends_a_sent_message_twice(sms):
    message = _queued_sms()
    assert deliver_message(message_id=message.pk) == Outcome.SENT
    _make_due(message)
    assert deliver_message(message_id=message.pk) == Outcome.SKIPPED
    assert deliver_task.enqueue(message_id=message.pk).return_value == "skipped"
    assert len(sms.sent) == 1


def test_second_worker_arriving_during_a_send_does_not_send_again(sms):
    message = _queued_sms()
    second_worker = []
    sms.during_send = lambda: second_worker.append(deliver_message(message_id=message.pk))
    assert deliver_message(message_id=message.pk) == Outcome.SENT
    assert second_worker == [Outcome.SKIPPED]
    assert len(sms.sent) == 1


def test_message_claimed_by_a_crashed_worker_is_retried_after_the_lease(sms):
    message = _queued_sms()
    # A worker claimed it, then died before the provider answered.
    Message.objects.filter(pk=message.pk).update(
        attempts=1, next_attempt_at=timezone.now() + CLAIM_LEASE)
    assert deliver_message(message_id=message.pk) == Outcome.SKIPPED
    _make_due(message)
    assert deliver_message(message_id=message.pk) == Outcome.SENT
    message.refresh_from_db()
    assert message.attempts == 2
    assert len(sms.sent) == 1


def test_message_whose_last_attempt_crashed_is_marked_failed(sms, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    message = _queued_sms()
    Message.objects.filter(pk=message.pk).update(attempts=2)
    assert deliver_message(message_id=message.pk) == Outcome.SKIPPED
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert "percobaan habis" in message.last_error
    assert sms.sent == []


def test_sms_without_a_number_fails_without_retries(sms):
    message = _queued_sms(address="")
    assert deliver_message(message_id=message.pk) == Outcome.FAILED
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert message.last_error == "Nomor HP tujuan kosong."


def test_email_without_address_goes_to_the_recipients_email(django_user_model):
    user = django_user_model.objects.create_user("warga9", "x", full_name="Dewi",
                                                 email="dewi@example.com")
    message = queue_message(channel=Message.Channel.EMAIL, recipient=user,
                            subject="Halo", body="Isi")
    assert deliver_message(message_id=message.pk) == Outcome.SENT
    assert mail.outbox[0].to == ["dewi@example.com"]


def test_email_refused_by_the_mail_server_is_retried(settings):
    settings.EMAIL_BACKEND = "balai.notifications.tests.test_deliver_message.BrokenSmtpBackend"
    message = queue_message(channel=Message.Channel.EMAIL, address="siti@example.com",
                            subject="Halo", body="Isi")
    assert deliver_message(message_id=message.pk) == Outcome.RETRY
    message.refresh_from_db()
    assert message.last_error == "Connection unexpectedly closed"
    assert message.status == Message.Status.QUEUED


def test_retry_is_enqueued_for_later_when_the_task_backend_can_defer(
        sms, settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    sms.fail_with = "sibuk"
    message = _queued_sms()
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver_message(message_id=message.pk) == Outcome.RETRY
    message.refresh_from_db()
    task = DBTaskResult.objects.get(task_path="balai.notifications.tasks.deliver_message")
    assert task.task_path == "balai.notifications.tasks.deliver_message"
    assert task.args_kwargs == {"args": [], "kwargs": {"message_id": message.pk}}
    assert task.run_after == message.next_attempt_at


def test_retry_is_left_to_the_sweep_when_the_task_backend_cannot_defer(
        sms, django_capture_on_commit_callbacks):
    sms.fail_with = "sibuk"
    message = _queued_sms()
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver_message(message_id=message.pk) == Outcome.RETRY
    message.refresh_from_db()
    # The immediate backend would have retried at once; the message waits for its time.
    assert message.attempts == 1
    assert message.next_attempt_at > timezone.now()
