"""The aspirations forum: posting, one support per citizen, threaded comments, official
answers, idea status, abuse reports, and moderation under the community guidelines."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from balai.core.testing import sign_in
from balai.ledger.models import LedgerEntry
from balai.notifications.models import Message
from balai.participation.models import AbuseReport, Idea, IdeaComment, IdeaStat, IdeaSupport
from balai.participation.wordlist import flagged_words


def test_citizen_posts_idea_and_it_is_listed(client, citizen, topic, kubu_raya):
    sign_in(client, citizen.user)
    response = client.post("/partisipasi/aspirasi/baru/", {
        "kind": "saran", "topic": "jalan", "kecamatan": "61.12.01",
        "title": "Lampu jalan di Rasau Jaya",
        "body": "Banyak lampu jalan padam di jalan poros; mohon diperbaiki bertahap."},
        follow=True)
    idea = Idea.objects.get()
    assert "Aspirasi Anda sudah tampil" in response.content.decode()
    assert idea.kecamatan_id == "61.12.01" and idea.visibility == "tampil"
    assert IdeaStat.objects.get().count == 1
    listing = client.get("/partisipasi/aspirasi/?kecamatan=61.12.01").content.decode()
    assert "Lampu jalan di Rasau Jaya" in listing


def test_empty_and_oversized_ideas_are_refused(client, citizen, topic):
    sign_in(client, citizen.user)
    empty = client.post("/partisipasi/aspirasi/baru/", {"kind": "ide", "topic": "jalan",
                                                        "title": "", "body": ""})
    assert "Tuliskan judul." in empty.content.decode()
    long = client.post("/partisipasi/aspirasi/baru/", {"kind": "ide", "topic": "jalan",
                                                       "title": "Judul yang pas",
                                                       "body": "x" * 4001})
    assert "Isi terlalu panjang" in long.content.decode()
    assert not Idea.objects.exists()


def test_abusive_text_is_held_with_a_clear_message(client, citizen, topic):
    sign_in(client, citizen.user)
    response = client.post("/partisipasi/aspirasi/baru/", {
        "kind": "kritik", "topic": "jalan", "title": "Dinas PU g0bl0k",
        "body": "Sudah setahun jalan rusak dan tidak ada yang peduli sama sekali."},
        follow=True)
    idea = Idea.objects.get()
    assert idea.visibility == "ditahan"
    assert "ditahan dulu untuk ditinjau moderator" in response.content.decode()
    client.logout()
    assert client.get(f"/partisipasi/aspirasi/{idea.pk}/").status_code == 404
    assert "Dinas PU" not in client.get("/partisipasi/aspirasi/").content.decode()
    assert flagged_words("Dasar G0BL0K!") == ["goblok"]
    assert flagged_words("Setandar pelayanan") == []  # whole words only


def test_one_support_per_citizen(client, citizen, other_citizen, idea):
    sign_in(client, other_citizen.user)
    client.post(f"/partisipasi/aspirasi/{idea.pk}/dukung/")
    again = client.post(f"/partisipasi/aspirasi/{idea.pk}/dukung/", follow=True)
    assert "sudah mendukung aspirasi ini" in again.content.decode()
    idea.refresh_from_db()
    assert idea.support_count == 1
    try:
        with transaction.atomic():
            IdeaSupport.objects.create(idea=idea, user=other_citizen.user)
        raised = False
    except IntegrityError:
        raised = True
    assert raised  # the database holds the rule too


def test_officer_cannot_support_as_citizen(client, officer, idea):
    sign_in(client, officer)
    response = client.post(f"/partisipasi/aspirasi/{idea.pk}/dukung/", follow=True)
    assert "warga yang akunnya sudah dikonfirmasi" in response.content.decode()


def test_threaded_comments_and_official_answer(client, citizen, other_citizen, officer, idea):
    sign_in(client, other_citizen.user)
    client.post(f"/partisipasi/aspirasi/{idea.pk}/komentar/", {"body": "Setuju, perlu."})
    parent = IdeaComment.objects.get()
    client.post(f"/partisipasi/aspirasi/{idea.pk}/komentar/",
                {"body": "Juga di depan puskesmas.", "parent": parent.pk})
    client.logout()
    sign_in(client, officer)
    client.post(f"/partisipasi/aspirasi/{idea.pk}/komentar/",
                {"body": "Masuk usulan Musrenbang 2027.", "official": "on"})
    client.post(f"/partisipasi/aspirasi/{idea.pk}/status/",
                {"status": "direncanakan", "reason": "Musrenbang 2027"})
    page = client.get(f"/partisipasi/aspirasi/{idea.pk}/").content.decode()
    assert "Jawaban resmi" in page and "Dinas Kependudukan (uji)" in page
    assert IdeaComment.objects.get(body="Juga di depan puskesmas.").parent == parent
    idea.refresh_from_db()
    assert idea.status == "direncanakan" and idea.comment_count == 3
    assert Message.objects.filter(recipient=citizen.user, subject__contains="Jawaban resmi")


def test_declining_needs_a_reason(client, officer, idea):
    sign_in(client, officer)
    refused = client.post(f"/partisipasi/aspirasi/{idea.pk}/status/", {"status": "ditolak"},
                          follow=True)
    assert "alasan aspirasi tidak dilanjutkan" in refused.content.decode()
    idea.refresh_from_db()
    assert idea.status == "ditinjau"


def test_citizen_cannot_post_official_answer(client, other_citizen, idea):
    sign_in(client, other_citizen.user)
    client.post(f"/partisipasi/aspirasi/{idea.pk}/komentar/",
                {"body": "Saya pejabat.", "official": "on"})
    assert not IdeaComment.objects.filter(is_official=True).exists()


def test_report_and_moderation_with_reason(client, citizen, other_citizen, moderator, idea):
    sign_in(client, other_citizen.user)
    client.post(f"/partisipasi/aspirasi/{idea.pk}/laporkan/", {"reason": "Promosi usaha"})
    twice = client.post(f"/partisipasi/aspirasi/{idea.pk}/laporkan/",
                        {"reason": "Promosi usaha"}, follow=True)
    assert "sudah melaporkan" in twice.content.decode()
    assert client.get("/partisipasi/moderasi/").status_code == 404
    client.logout()
    sign_in(client, moderator)
    queue = client.get("/partisipasi/moderasi/").content.decode()
    assert idea.title in queue
    no_reason = client.post(f"/partisipasi/moderasi/aspirasi/{idea.pk}/",
                            {"decision": "disembunyikan", "reason": ""}, follow=True)
    assert "Tuliskan alasan menurut pedoman komunitas." in no_reason.content.decode()
    client.post(f"/partisipasi/moderasi/aspirasi/{idea.pk}/",
                {"decision": "disembunyikan", "reason": "Pedoman no. 5: promosi."})
    idea.refresh_from_db()
    assert idea.visibility == "disembunyikan"
    assert AbuseReport.objects.get().resolved_at is not None
    assert Message.objects.filter(recipient=citizen.user, body__contains="promosi").exists()
    assert LedgerEntry.objects.filter(action="aspirasi.dimoderasi").exists()


def test_guidelines_page_is_published(client):
    response = client.get("/partisipasi/pedoman-komunitas/")
    assert response.status_code == 200 and "Pedoman komunitas" in response.content.decode()


def test_idea_list_query_count(client, citizen, topic, django_assert_max_num_queries):
    from balai.participation import actions

    for n in range(5):
        actions.post_idea(actor=citizen.user, kind="ide", topic=topic, title=f"Ide nomor {n}",
                          body="Isi aspirasi yang cukup panjang untuk lolos batas.")
    with django_assert_max_num_queries(6):
        response = client.get("/partisipasi/aspirasi/")
    assert response.content.decode().count("Ide nomor") == 5
