"""The SPMB pages weigh at most the budget of every citizen page (60 KB compressed, measured as
balai/portal/tests/test_page_weight.py does), the form and a ranking of 40 rows included."""

from __future__ import annotations

import pytest

from balai.core.testing import make_citizen, sign_in
from balai.education import actions
from balai.education.tests.helpers import register, verify_all
from balai.portal.tests.test_page_weight import _check_weight

pytestmark = pytest.mark.django_db


def test_public_pages_weigh_at_most_the_budget(client, year, smp):
    registrations = [register(make_citizen().user, year, [smp], home_latitude=-0.09 - i * 0.001)
                     for i in range(40)]
    verify_all(registrations)
    actions.publish_selection(run=actions.run_selection(year=year, level="smp", seed="berat",
                                                        actor="uji"), actor="uji")
    for url in ("/spmb/", "/spmb/sekolah/", "/spmb/hasil/", f"/spmb/hasil/{smp.npsn}/"):
        _check_weight(client, url, 200)


def test_registration_form_and_waiting_room_weigh_at_most_the_budget(client, settings, year,
                                                                    smp, citizen):
    settings.SPMB_WAITING_ROOM_SLOTS = 0  # everyone waits: the waiting room is shown
    sign_in(client, citizen.user)
    _check_weight(client, "/spmb/antrean/", 200)
    settings.SPMB_WAITING_ROOM_SLOTS = 5
    assert client.get("/spmb/antrean/").status_code == 302
    _check_weight(client, "/spmb/daftar/", 200)
