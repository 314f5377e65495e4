"""The health queue's citizen pages weigh at most 60 KB compressed on first load (HTML plus
CSS and JS), measured as balai/portal/tests/test_page_weight.py measures every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from balai.core.testing import make_citizen, sign_in
from balai.health import actions
from balai.portal.tests.test_page_weight import _check_weight

pytestmark = pytest.mark.django_db


def test_public_health_pages_weigh_at_most_60_kb(client, polyclinic, desk_officer):
    for n in range(8):  # a busy board
        actions.book_visit(polyclinic=polyclinic, date=timezone.localdate(), channel="loket",
                           actor=desk_officer, patient_name=f"Pasien {n}", walk_in=True)
    code = polyclinic.facility.code
    for url in ("/kesehatan/", f"/kesehatan/{code}/", f"/kesehatan/{code}/antrean/",
                f"/kesehatan/{code}/statistik/"):
        _check_weight(client, url, 200)


def test_signed_in_health_pages_weigh_at_most_60_kb(client, polyclinic):
    citizen = make_citizen().user
    visit = actions.book_visit(polyclinic=polyclinic,
                               date=timezone.localdate() + dt.timedelta(days=1),
                               channel="daring", actor=citizen, patient=citizen)
    sign_in(client, citizen)
    for url in (f"/kesehatan/poli/{polyclinic.pk}/ambil/", f"/kesehatan/kunjungan/{visit.pk}/",
                "/kesehatan/saya/"):
        _check_weight(client, url, 200)
