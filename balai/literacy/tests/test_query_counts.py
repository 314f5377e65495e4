"""Literacy list pages read a fixed number of queries however many sessions and
registrations there are (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from balai.core.testing import make_citizen, sign_in
from balai.literacy import actions
from balai.literacy.tests.conftest import make_session

pytestmark = pytest.mark.django_db


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _grow(programme, organiser, n: int) -> None:
    for _ in range(n):
        session = make_session(programme, organiser)
        actions.register_for_session(session=session, participant=make_citizen().user)


@pytest.mark.parametrize("path", ["/literasi-digital/",
                                  "/literasi-digital/?kecamatan=61.12.01&sasaran=umkm",
                                  "/literasi-digital/kalender.ics"])
def test_public_lists(client, session, programme, organiser, path):
    few = _queries(client, path)
    _grow(programme, organiser, 5)
    assert _queries(client, path) == few


def test_public_list_query_count(client, session, django_assert_num_queries):
    # kecamatan choices of the filter form, the page of sessions (session and messages
    # middleware read nothing for an anonymous visitor)
    with django_assert_num_queries(2):
        client.get("/literasi-digital/")


def test_participants_table_and_my_registrations(client, session, programme, organiser):
    actions.register_for_session(session=session, participant=make_citizen().user)
    sign_in(client, organiser)
    table = f"/literasi-digital/kelola/sesi/{session.pk}/"
    few_table = _queries(client, table)
    few_csv = _queries(client, f"/literasi-digital/kelola/sesi/{session.pk}/peserta.csv")
    few_manage = _queries(client, "/literasi-digital/kelola/")
    for _ in range(5):
        actions.register_for_session(session=session, participant=make_citizen().user)
    _grow(programme, organiser, 3)
    assert _queries(client, table) == few_table
    assert _queries(client, f"/literasi-digital/kelola/sesi/{session.pk}/peserta.csv") == \
        few_csv
    assert _queries(client, "/literasi-digital/kelola/") == few_manage


def test_my_registrations(client, kubu_raya, programme, organiser):
    citizen = make_citizen()
    sign_in(client, citizen.user)
    session = make_session(programme, organiser)
    actions.register_for_session(session=session, participant=citizen.user)
    few = _queries(client, "/literasi-digital/saya/")
    for _ in range(4):
        actions.register_for_session(session=make_session(programme, organiser),
                                     participant=citizen.user)
    assert _queries(client, "/literasi-digital/saya/") == few
