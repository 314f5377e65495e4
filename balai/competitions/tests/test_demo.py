"""The demo loads a finished call whose finalists the normalisation decided, its winner linked
to the catalogue, and an open call; a second load adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from balai.competitions import demo as competitions_demo
from balai.competitions.models import Competition, Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    from balai.accounts import demo as accounts_demo
    from balai.innovation import demo as innovation_demo

    call_command("load_regions", stdout=StringIO())
    accounts_demo.load(StringIO())
    innovation_demo.load(StringIO())
    competitions_demo.load(StringIO())


def test_demo_has_a_published_and_an_open_call_once(demo, client):
    assert Competition.objects.count() == 2
    finished = Competition.objects.get(results_published_at__isnull=False)
    finalists = list(Team.objects.filter(competition=finished, is_finalist=True)
                     .order_by("rank").values_list("name", flat=True))
    assert finalists == ["Cakrawala", "Bentang"]  # Andalas had the best raw marks
    winner = Team.objects.get(competition=finished, rank=1)
    assert winner.innovation is not None and winner.api_app
    competitions_demo.load(StringIO())
    assert Competition.objects.count() == 2
    html = client.get("/kompetisi/pemenang/").content.decode()
    assert "Loket Keliling Terjadwal" in html and winner.innovation.name in html
