import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from balai.core.testing import sign_in
from balai.ledger.models import LedgerEntry
from balai.notifications.actions import queue_message
from balai.notifications.models import Message

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox")


def _note(user, subject, *, minutes_ago=0, body="Isi pesan."):
    message = queue_message(channel=Message.Channel.IN_APP, recipient=user, subject=subject,
                            body=body)
    if minutes_ago:
        Message.objects.filter(pk=message.pk).update(
            created_at=timezone.now() - dt.timedelta(minutes=minutes_ago))
    return message


def test_inbox_requires_login(client):
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_inbox_lists_own_messages_newest_first_with_unread_marked(client, citizen):
    _note(citizen, "Permohonan diterima", minutes_ago=30)
    read = _note(citizen, "Dokumen siap diambil", minutes_ago=10)
    Message.objects.filter(pk=read.pk).update(read_at=timezone.now())
    _note(citizen, "Pembayaran lunas", minutes_ago=1)
    sign_in(client, citizen)

    response = client.get(INBOX)

    assert response.status_code == 200
    subjects = [note.subject for note in response.context["page_obj"]]
    assert subjects == ["Pembayaran lunas", "Dokumen siap diambil", "Permohonan diterima"]
    html = response.content.decode()
    assert html.count("Belum dibaca") == 2
    assert html.count("Tandai sudah dibaca") == 2
    assert "2 notifikasi belum dibaca." in html


def test_inbox_never_shows_other_peoples_messages(client, citizen, other_citizen):
    _note(other_citizen, "Rahasia orang lain", body="Tagihan PBB Budi")
    queue_message(channel=Message.Channel.SMS, recipient=citizen, address="081234567890",
                  body="SMS bukan bagian kotak masuk")
    _note(citizen, "Milik saya")
    sign_in(client, citizen)

    response = client.get(INBOX)

    html = response.content.decode()
    assert "Milik saya" in html
    assert "Rahasia orang lain" not in html and "Tagihan PBB Budi" not in html
    assert "SMS bukan bagian" not in html


def test_inbox_shows_empty_state(client, citizen):
    sign_in(client, citizen)
    response = client.get(INBOX)
    assert "Belum ada notifikasi untuk Anda." in response.content.decode()


def test_inbox_paginates_twenty_per_page(client, citizen):
    for n in range(25):
        _note(citizen, f"Pesan nomor {n:02d}", minutes_ago=100 - n)
    sign_in(client, citizen)

    first = client.get(INBOX)
    second = client.get(INBOX, {"page": 2})

    assert [note.subject for note in first.context["page_obj"]] == [
        f"Pesan nomor {n:02d}" for n in range(24, 4, -1)]
    assert [note.subject for note in second.context["page_obj"]] == [
        f"Pesan nomor {n:02d}" for n in range(4, -1, -1)]
    assert "Halaman 1 dari 2" in first.content.decode()
    assert 'rel="next"' in first.content.decode()


@pytest.mark.parametrize("count", [1, 25])
def test_inbox_query_count_does_not_grow_with_messages(client, citizen, count,
                                                       django_assert_num_queries):
    for n in range(count):
        _note(citizen, f"Pesan {n}")
    sign_in(client, citizen)
    # session, user, page count, page rows, unread count
    with django_assert_num_queries(5):
        response = client.get(INBOX)
    assert response.status_code == 200


def test_mark_read_marks_own_message_and_records_it(client, citizen):
    message = _note(citizen, "Dokumen siap")
    sign_in(client, citizen)

    response = client.post(reverse("notifications:mark_read", args=[message.pk]), {"page": "2"})

    assert response.status_code == 302
    assert response["Location"] == f"{INBOX}?page=2#pesan-{message.pk}"
    message.refresh_from_db()
    assert message.read_at is not None
    entry = LedgerEntry.objects.get(action="notifikasi.dibaca")
    assert (entry.actor_id, entry.object_id) == (citizen.pk, str(message.pk))
    assert "Belum dibaca" not in client.get(INBOX).content.decode()


def test_mark_read_twice_changes_nothing_the_second_time(client, citizen):
    message = _note(citizen, "Dokumen siap")
    sign_in(client, citizen)
    url = reverse("notifications:mark_read", args=[message.pk])
    client.post(url)
    first_read_at = Message.objects.get(pk=message.pk).read_at
    client.post(url)
    assert Message.objects.get(pk=message.pk).read_at == first_read_at
    assert LedgerEntry.objects.filter(action="notifikasi.dibaca").count() == 1


def test_mark_read_of_another_persons_message_is_not_found(client, citizen, other_citizen):
    message = _note(other_citizen, "Milik Budi")
    sign_in(client, citizen)

    response = client.post(reverse("notifications:mark_read", args=[message.pk]))

    assert response.status_code == 404
    assert Message.objects.get(pk=message.pk).read_at is None


def test_mark_read_needs_post_and_login(client, citizen):
    message = _note(citizen, "Dokumen siap")
    url = reverse("notifications:mark_read", args=[message.pk])
    assert client.post(url).status_code == 302  # to the login page
    sign_in(client, citizen)
    assert client.get(url).status_code == 405
    assert Message.objects.get(pk=message.pk).read_at is None
