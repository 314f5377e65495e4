"""The catalogue's pages, filled with the demo, weigh at most 60 KB compressed, measured like
every citizen page (balai/portal/tests/test_page_weight.py)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from balai.accounts.queries import get_user_by_username
from balai.core.testing import sign_in
from balai.innovation.models import Innovation
from balai.portal.tests.test_page_weight import _check_weight

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    from balai.accounts import demo as accounts_demo
    from balai.innovation import demo as innovation_demo

    call_command("load_regions", stdout=StringIO())
    accounts_demo.load(StringIO())
    innovation_demo.load(StringIO())


def test_pages_with_the_demo_weigh_at_most_60_kb(client, demo):
    innovation = Innovation.objects.get(name="Satu Data Kubu Raya")
    for url in ("/inovasi/", "/inovasi/?bentuk=digital", f"/inovasi/{innovation.pk}/"):
        _check_weight(client, url, 200)
    sign_in(client, get_user_by_username("petugas.dukcapil"))
    _check_weight(client, "/inovasi/baru/", 200)
