"""Participation pages read a fixed number of queries however many ideas, comments,
consultations, sections and polls there are (no N+1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from balai.core.testing import make_citizen, sign_in
from balai.participation import actions

BODY = "Isi yang cukup panjang untuk lolos batas minimal tulisan."


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _consultation(officer, office, n: int):
    today = timezone.localdate()
    return actions.publish_consultation(
        actor=officer, office=office, title=f"Ranperda nomor {n}", summary="Ringkasan rancangan.",
        opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=10),
        sections=[(f"Pasal {i}", "Isi pasal.") for i in range(1, 4)])


def _poll(officer, office, n: int):
    today = timezone.localdate()
    return actions.create_poll(actor=officer, office=office, question=f"Pertanyaan nomor {n}?",
                               options=["Pilihan A", "Pilihan B", "Pilihan C"],
                               opens_on=today, closes_on=today + dt.timedelta(days=7))


@pytest.mark.parametrize("signed_in", [False, True])
def test_idea_page_with_threaded_comments(client, citizen, officer, idea, signed_in):
    if signed_in:
        sign_in(client, citizen.user)
    path = f"/partisipasi/aspirasi/{idea.pk}/"
    first = actions.comment_on_idea(actor=citizen.user, idea=idea, body=BODY)
    few = _queries(client, path)
    for _ in range(4):
        other = make_citizen()
        comment = actions.comment_on_idea(actor=other.user, idea=idea, body=BODY)
        actions.comment_on_idea(actor=citizen.user, idea=idea, body=BODY, parent=comment)
        actions.support_idea(actor=other.user, idea=idea)
    actions.comment_on_idea(actor=officer, idea=idea, body=BODY, parent=first, official=True)
    assert _queries(client, path) == few


def test_consultation_list_and_page(client, citizen, officer, office_a):
    consultations = [_consultation(officer, office_a, n) for n in range(2)]
    list_few = _queries(client, "/partisipasi/konsultasi/")
    page = f"/partisipasi/konsultasi/{consultations[0].pk}/"
    page_few = _queries(client, page)
    consultations += [_consultation(officer, office_a, n) for n in range(2, 6)]
    for section in consultations[0].sections.all():
        for _ in range(3):
            actions.comment_on_section(actor=make_citizen().user, section=section, body=BODY)
    assert _queries(client, "/partisipasi/konsultasi/") == list_few
    assert _queries(client, page) == page_few


def test_poll_list_and_page(client, citizen, officer, office_a):
    polls = [_poll(officer, office_a, n) for n in range(2)]
    sign_in(client, citizen.user)
    list_few = _queries(client, "/partisipasi/jajak-pendapat/")
    page = f"/partisipasi/jajak-pendapat/{polls[0].pk}/"
    actions.vote(actor=citizen.user, poll=polls[0], options=[polls[0].options.first()])
    page_few = _queries(client, page)
    polls += [_poll(officer, office_a, n) for n in range(2, 6)]
    for _ in range(4):
        actions.vote(actor=make_citizen().user, poll=polls[0],
                     options=[polls[0].options.last()])
    assert _queries(client, "/partisipasi/jajak-pendapat/") == list_few
    assert _queries(client, page) == page_few


def test_moderation_queue(client, moderator, idea):
    sign_in(client, moderator)
    for _ in range(2):
        actions.report_abuse(actor=make_citizen().user, idea=idea, reason="Menyinggung.")
    few = _queries(client, "/partisipasi/moderasi/")
    for n in range(4):
        other = make_citizen()
        mine = actions.post_idea(actor=other.user, kind="ide", topic=idea.topic,
                                 title=f"Ide lain {n}", body=BODY)
        actions.report_abuse(actor=make_citizen().user, idea=mine, reason="Menyinggung.")
    assert _queries(client, "/partisipasi/moderasi/") == few
