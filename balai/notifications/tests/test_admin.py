import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import reverse

from balai.core.testing import sign_in
from balai.ledger.models import LedgerEntry
from balai.notifications.actions import deliver_message, queue_message
from balai.notifications.models import Message

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:notifications_message_changelist")


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "rahasia-admin-1",
                                                      full_name="Admin Balai")


def _failed_sms(sms, body="Kode pendaftaran Balai: 482913"):
    sms.fail_with = "nomor tidak aktif"
    message = queue_message(channel=Message.Channel.SMS, address="081234567890", body=body)
    # One attempt left, and it fails.
    Message.objects.filter(pk=message.pk).update(
        attempts=settings.NOTIFICATION_MAX_ATTEMPTS - 1)
    deliver_message(message_id=message.pk)
    sms.fail_with = ""
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    return message


def test_outbox_admin_lists_messages_with_masked_addresses(client, superuser):
    queue_message(channel=Message.Channel.SMS, address="081234567890",
                  body="Kode pendaftaran Balai: 482913")
    queue_message(channel=Message.Channel.EMAIL, address="siti.aminah@example.com",
                  subject="Permohonan diterima", body="Isi")
    sign_in(client, superuser)

    response = client.get(CHANGELIST)

    html = response.content.decode()
    assert response.status_code == 200
    assert "••••••••7890" in html
    assert "081234567890" not in html
    assert "s•••@example.com" in html and "siti.aminah" not in html
    assert "Kode pendaftaran Balai: 482913" in html


def test_outbox_admin_filters_by_channel_and_status(client, superuser):
    queue_message(channel=Message.Channel.SMS, address="081234567890", body="sms satu")
    queue_message(channel=Message.Channel.EMAIL, address="a@example.com", subject="email satu",
                  body="Isi")
    sign_in(client, superuser)

    response = client.get(CHANGELIST, {"channel__exact": "sms", "status__exact": "queued"})

    html = response.content.decode()
    assert "sms satu" in html and "email satu" not in html


def test_outbox_admin_detail_shows_the_development_sms_body(client, superuser, sms):
    message = queue_message(channel=Message.Channel.SMS, address="081234567890",
                            body="Kode pendaftaran Balai: 482913")
    deliver_message(message_id=message.pk)
    sign_in(client, superuser)

    response = client.get(reverse("admin:notifications_message_change", args=[message.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Kode pendaftaran Balai: 482913" in html
    assert "••••••••7890" in html and "081234567890" not in html
    assert 'name="body"' not in html  # read-only: no form inputs for the message


def test_outbox_admin_has_no_add_or_delete(client, superuser):
    message = queue_message(channel=Message.Channel.SMS, address="081234567890", body="Halo")
    sign_in(client, superuser)
    assert client.get(reverse("admin:notifications_message_add")).status_code == 403
    assert client.get(reverse("admin:notifications_message_delete",
                              args=[message.pk])).status_code == 403
    actions = client.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert [name for name, _label in actions if name] == ["resend"]


def test_outbox_admin_resend_requeues_failed_messages_and_sends_them(
        client, superuser, sms, django_capture_on_commit_callbacks):
    failed = _failed_sms(sms)
    sent = queue_message(channel=Message.Channel.SMS, address="081234567891", body="Sudah")
    deliver_message(message_id=sent.pk)
    sign_in(client, superuser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CHANGELIST, {"action": "resend",
                                            "_selected_action": [failed.pk, sent.pk]},
                               follow=True)

    assert "1 pesan diantrekan untuk dikirim ulang." in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Message.Status.SENT, 1)
    assert sms.sent == [("6281234567891", "Sudah"),
                        ("6281234567890", "Kode pendaftaran Balai: 482913")]
    entry = LedgerEntry.objects.get(action="notifikasi.kirim_ulang")
    assert (entry.actor_id, entry.object_id) == (superuser.pk, str(failed.pk))


def test_outbox_admin_resend_needs_change_permission(client, django_user_model, sms):
    failed = _failed_sms(sms)
    viewer = django_user_model.objects.create_user("pengamat", "rahasia-pengamat-1",
                                                   full_name="Pengamat", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_message"))
    sign_in(client, viewer)

    assert client.get(CHANGELIST).status_code == 200
    client.post(CHANGELIST, {"action": "resend", "_selected_action": [failed.pk]})

    failed.refresh_from_db()
    assert failed.status == Message.Status.FAILED
    assert not LedgerEntry.objects.filter(action="notifikasi.kirim_ulang").exists()
