"""Registrations and attendance per kecamatan, target group and pillar, on the public
transparency dashboard."""

from __future__ import annotations

import pytest

from balai.core.testing import make_citizen
from balai.literacy import actions, queries
from balai.literacy.tests.conftest import make_session

pytestmark = pytest.mark.django_db


def _figures(rows):
    return {r.label: (r.registered, r.attended) for r in rows}


def test_statistics_count_registrations_and_attendance(session, programme, organiser):
    a, b, _c = (actions.register_for_session(session=session, participant=make_citizen().user)
               for _ in range(3))
    actions.check_in(registration=a, actor=organiser)
    actions.cancel_registration(registration=b, actor=b.participant)  # c is promoted
    online = make_session(programme, organiser, kecamatan=None, address="",
                          online_url="https://meet.example.org/x", target_groups=["asn"])
    actions.register_for_session(session=online, participant=make_citizen().user)

    figures = queries.statistics()
    assert _figures(figures.kecamatan) == {"Sungai Raya": (2, 1), "Daring": (1, 0)}
    groups = _figures(figures.target_group)
    assert groups["UMKM"] == (2, 1) and groups["Perempuan"] == (2, 1)
    assert groups["ASN"] == (1, 0) and groups["Lansia"] == (0, 0)
    assert _figures(figures.pillar)["Aman digital"] == (3, 1)


def test_dashboard_shows_literacy_figures(client, session, organiser):
    registration = actions.register_for_session(session=session,
                                                participant=make_citizen().user)
    actions.check_in(registration=registration, actor=organiser)
    page = client.get("/transparansi/dasbor/").content.decode()
    assert 'id="literasi-digital"' in page
    assert "Per kelompok sasaran" in page and "Sungai Raya" in page and "Aman digital" in page


def test_dashboard_without_literacy_registrations_says_so(client, db):
    page = client.get("/transparansi/dasbor/").content.decode()
    assert "Belum ada pendaftar literasi digital" in page
