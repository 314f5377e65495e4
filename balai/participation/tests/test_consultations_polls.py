"""Public consultations (comment per section while open, office answers after closing, summary
report CSV and PDF) and polls (one vote per citizen, results as the office chose)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from balai.core.testing import sign_in
from balai.participation.models import Consultation, ConsultationComment, Poll, PollVote


def _close(consultation: Consultation) -> None:
    today = timezone.localdate()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_on=today - dt.timedelta(days=20), closes_on=today - dt.timedelta(days=1))


def test_office_publishes_consultation_in_sections(client, officer, office_a):
    sign_in(client, officer)
    today = timezone.localdate()
    response = client.post("/partisipasi/konsultasi/baru/", {
        "office": office_a.pk, "title": "Ranperda Retribusi Pasar",
        "summary": "Tarif retribusi pasar rakyat.", "opens_on": today.isoformat(),
        "closes_on": (today + dt.timedelta(days=14)).isoformat(),
        "text": "## Pasal 1\nKetentuan umum.\n## Pasal 2\nTarif per meter persegi.\n"})
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert [s.heading for s in consultation.sections.all()] == ["Pasal 1", "Pasal 2"]
    bad = client.post("/partisipasi/konsultasi/baru/", {
        "office": office_a.pk, "title": "Tanpa bagian", "summary": "x",
        "opens_on": today.isoformat(), "closes_on": today.isoformat(), "text": "Teks biasa"})
    assert "paling sedikit satu bagian" in bad.content.decode()


def test_citizen_comments_per_section_while_open_only(client, citizen, open_consultation):
    section = open_consultation.sections.get(order=2)
    sign_in(client, citizen.user)
    client.post(f"/partisipasi/konsultasi/bagian/{section.pk}/tanggapi/",
                {"body": "Perlu tempat sampah terpilah di tiap RT."})
    assert ConsultationComment.objects.get().section == section
    _close(open_consultation)
    late = client.post(f"/partisipasi/konsultasi/bagian/{section.pk}/tanggapi/",
                       {"body": "Tanggapan yang terlambat."}, follow=True)
    assert "sudah ditutup" in late.content.decode()
    assert ConsultationComment.objects.count() == 1


def test_office_answers_after_close_and_report_is_produced(client, citizen, officer,
                                                           open_consultation):
    from balai.participation import actions

    section = open_consultation.sections.get(order=2)
    comment = actions.comment_on_section(actor=citizen.user, section=section,
                                         body="Perlu tempat sampah terpilah di tiap RT.")
    sign_in(client, officer)
    early = client.post(f"/partisipasi/konsultasi/tanggapan/{comment.pk}/jawab/",
                        {"response": "Terlalu dini."}, follow=True)
    assert "sesudah konsultasi ditutup" in early.content.decode()
    assert client.get(f"/partisipasi/konsultasi/{open_consultation.pk}/laporan.csv"
                      ).status_code == 404
    _close(open_consultation)
    client.post(f"/partisipasi/konsultasi/tanggapan/{comment.pk}/jawab/",
                {"response": "Diakomodasi dalam Pasal 2 ayat (3)."})
    client.logout()
    csv_text = client.get(f"/partisipasi/konsultasi/{open_consultation.pk}/laporan.csv"
                          ).content.decode()
    assert "Perlu tempat sampah terpilah" in csv_text and "Pasal 2 ayat (3)" in csv_text
    assert citizen.user.full_name not in csv_text
    pdf = client.get(f"/partisipasi/konsultasi/{open_consultation.pk}/laporan.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    import io

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Pasal 2 ayat (3)" in text


def test_other_office_cannot_answer(client, officer_other_office, citizen, open_consultation):
    from balai.participation import actions

    comment = actions.comment_on_section(actor=citizen.user,
                                         section=open_consultation.sections.first(),
                                         body="Tanggapan warga.")
    _close(open_consultation)
    sign_in(client, officer_other_office)
    assert client.post(f"/partisipasi/konsultasi/tanggapan/{comment.pk}/jawab/",
                       {"response": "x"}).status_code == 404


def test_one_vote_per_citizen_and_results_after_voting(client, citizen, poll):
    sign_in(client, citizen.user)
    page = client.get(f"/partisipasi/jajak-pendapat/{poll.pk}/").content.decode()
    assert "Hasil ditampilkan sesudah Anda memberi suara" in page
    option = poll.options.first()
    client.post(f"/partisipasi/jajak-pendapat/{poll.pk}/pilih/", {"options": option.pk})
    again = client.post(f"/partisipasi/jajak-pendapat/{poll.pk}/pilih/",
                        {"options": option.pk}, follow=True)
    assert "sudah memberi suara" in again.content.decode()
    option.refresh_from_db()
    poll.refresh_from_db()
    assert option.vote_count == 1 and poll.vote_count == 1 and PollVote.objects.count() == 1
    assert "1 pemilih" in again.content.decode()


def test_results_hidden_until_close_when_office_chooses(client, citizen, poll):
    Poll.objects.filter(pk=poll.pk).update(results_shown=Poll.Results.AFTER_CLOSE)
    sign_in(client, citizen.user)
    response = client.post(f"/partisipasi/jajak-pendapat/{poll.pk}/pilih/",
                           {"options": poll.options.first().pk}, follow=True)
    assert "sesudah jajak pendapat ditutup" in response.content.decode()


def test_single_choice_poll_refuses_two_and_closed_poll_refuses_vote(client, citizen,
                                                                     other_citizen, poll):
    from balai.core.errors import DomainError
    from balai.participation import actions

    sign_in(client, citizen.user)
    empty = client.post(f"/partisipasi/jajak-pendapat/{poll.pk}/pilih/", {})
    assert empty.status_code == 400 and "Pilih satu jawaban." in empty.content.decode()
    try:
        actions.vote(actor=citizen.user, poll=poll, options=list(poll.options.all()))
        refused = False
    except DomainError as error:
        refused = error.code == "POLL_ONE_CHOICE"
    assert refused
    today = timezone.localdate()
    Poll.objects.filter(pk=poll.pk).update(opens_on=today - dt.timedelta(days=9),
                                           closes_on=today - dt.timedelta(days=1))
    client.logout()
    sign_in(client, other_citizen.user)
    closed = client.post(f"/partisipasi/jajak-pendapat/{poll.pk}/pilih/",
                         {"options": poll.options.first().pk}, follow=True)
    assert "tidak sedang dibuka" in closed.content.decode()
    assert not PollVote.objects.exists()


def test_abusive_consultation_comment_is_held_then_moderated(client, citizen, open_consultation,
                                                              office_a):
    from balai.core.testing import make_officer

    section = open_consultation.sections.first()
    sign_in(client, citizen.user)
    held = client.post(f"/partisipasi/konsultasi/bagian/{section.pk}/tanggapi/",
                       {"body": "Pasal ini tolol sekali."}, follow=True)
    assert "ditahan dulu untuk ditinjau moderator" in held.content.decode()
    comment = ConsultationComment.objects.get()
    assert comment.visibility == "ditahan"
    client.logout()
    assert "Pasal ini tolol" not in client.get(
        f"/partisipasi/konsultasi/{open_consultation.pk}/").content.decode()
    sign_in(client, make_officer(office=office_a, role="moderator"))
    assert "Pasal ini tolol" in client.get("/partisipasi/moderasi/").content.decode()
    client.post(f"/partisipasi/moderasi/tanggapan/{comment.pk}/",
                {"decision": "disembunyikan", "reason": "Pedoman no. 1: santun."})
    comment.refresh_from_db()
    assert comment.visibility == "disembunyikan"
