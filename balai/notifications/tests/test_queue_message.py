import logging

import pytest
from django.core import mail
from django.db import transaction

from balai.ledger.models import LedgerEntry
from balai.notifications.actions import queue_message
from balai.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_queue_message_sends_email_only_after_commit(citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        message = queue_message(channel=Message.Channel.EMAIL, recipient=citizen,
                                address="siti@example.com", subject="Permohonan diterima",
                                body="Permohonan Anda nomor AKL-001 sudah kami terima.")
        assert mail.outbox == []
    # The message's delivery (and the ledger's sequencer, after the entry it recorded).
    assert len([c for c in callbacks if getattr(c, "__name__", "") != "request_sequencing"]) == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["siti@example.com"]
    assert email.subject == "Permohonan diterima"
    assert "AKL-001" in email.body
    assert "Mohon tidak membalas" in email.body
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.sent_at is not None
    assert message.provider_id == email.extra_headers["Message-ID"]
    assert message.attempts == 1
    assert LedgerEntry.objects.filter(action="notifikasi.terkirim",
                                      object_id=str(message.pk)).exists()


def test_queue_message_in_rolled_back_transaction_sends_nothing(
        citizen, sms, django_capture_on_commit_callbacks):
    with (django_capture_on_commit_callbacks(execute=True) as callbacks,
          pytest.raises(RuntimeError), transaction.atomic()):
        queue_message(channel=Message.Channel.EMAIL, address="siti@example.com",
                      subject="Kode", body="Kode Anda 123456")
        queue_message(channel=Message.Channel.SMS, address="081234567890",
                      body="Kode Anda 123456")
        raise RuntimeError("the domain action failed after queueing")
    assert callbacks == []
    assert mail.outbox == []
    assert sms.sent == []
    assert not Message.objects.exists()


def test_queue_message_marks_in_app_message_sent_at_once(citizen,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = queue_message(channel=Message.Channel.IN_APP, recipient=citizen,
                                subject="Dokumen siap", body="Akta Anda sudah terbit.")
    assert callbacks == []
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.sent_at is not None
    assert message.read_at is None


def test_queue_message_sends_sms_to_normalized_number(sms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_message(channel=Message.Channel.SMS, address="0812-3456-7890",
                                body="Kode pendaftaran Balai: 482913")
    assert sms.sent == [("6281234567890", "Kode pendaftaran Balai: 482913")]
    message.refresh_from_db()
    assert (message.status, message.provider_id) == (Message.Status.SENT, "rec-1")


def test_development_sms_is_logged_and_kept_readable_in_the_outbox(
        caplog, django_capture_on_commit_callbacks):
    with caplog.at_level(logging.INFO, logger="balai.notifications.sms"), \
            django_capture_on_commit_callbacks(execute=True):
        message = queue_message(channel=Message.Channel.SMS, address="+62 812 3456 7890",
                                body="Kode pendaftaran Balai: 482913")
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.provider_id.startswith("dev-")
    assert message.body == "Kode pendaftaran Balai: 482913"
    assert "6281234567890" in caplog.text
    assert "482913" in caplog.text
    assert message.provider_id in caplog.text


def test_queue_message_keeps_the_address_encrypted_at_rest(citizen):
    from django.db import connection

    message = queue_message(channel=Message.Channel.SMS, address="081234567890", body="Halo")
    with connection.cursor() as cursor:
        cursor.execute("SELECT address FROM notifications_message WHERE id = %s", [message.pk])
        (stored,) = cursor.fetchone()
    assert "081234567890" not in stored
    assert Message.objects.get(pk=message.pk).address == "081234567890"
