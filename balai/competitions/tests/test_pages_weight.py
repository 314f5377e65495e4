"""The public competition pages, filled with the demo, weigh at most 60 KB compressed, measured
like every citizen page (balai/portal/tests/test_page_weight.py)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from balai.competitions.models import Competition
from balai.portal.tests.test_page_weight import _check_weight

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    from balai.accounts import demo as accounts_demo
    from balai.competitions import demo as competitions_demo
    from balai.innovation import demo as innovation_demo

    call_command("load_regions", stdout=StringIO())
    accounts_demo.load(StringIO())
    innovation_demo.load(StringIO())
    competitions_demo.load(StringIO())


def test_public_pages_with_the_demo_weigh_at_most_60_kb(client, demo):
    finished = Competition.objects.get(results_published_at__isnull=False)
    open_call = Competition.objects.get(results_published_at__isnull=True)
    for url in ("/kompetisi/", "/kompetisi/pemenang/", f"/kompetisi/{finished.slug}/",
                f"/kompetisi/{finished.slug}/hasil/", f"/kompetisi/{open_call.slug}/"):
        _check_weight(client, url, 200)
