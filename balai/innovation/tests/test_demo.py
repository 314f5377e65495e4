"""The demo loads realistic innovations across offices and every stage, once, and publishes the
catalogue; the demo officer of Disdukcapil can edit Disdukcapil's innovations only."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from balai.accounts.queries import get_user_by_username
from balai.innovation import actions
from balai.innovation import demo as innovation_demo
from balai.innovation.models import Innovation
from balai.opendata.models import Dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    from balai.accounts import demo as accounts_demo

    call_command("load_regions", stdout=StringIO())
    accounts_demo.load(StringIO())
    innovation_demo.load(StringIO())


def test_demo_covers_offices_and_stages_and_is_published(demo, client):
    innovations = list(Innovation.objects.select_related("office"))
    assert len(innovations) == len(innovation_demo.INNOVATIONS)
    assert all(i.is_demo for i in innovations)
    assert {i.stage for i in innovations} == {"inisiatif", "uji_coba", "penerapan"}
    assert len({i.office.code for i in innovations}) >= 5
    satu_data = Innovation.objects.get(name="Satu Data Kubu Raya")
    assert [c.to_stage for c in satu_data.stage_changes.order_by("id")] == [
        "inisiatif", "uji_coba", "penerapan"]
    assert satu_data.evidence.count() == 1
    assert Dataset.objects.get(slug=actions.DATASET).current.number == 1
    html = client.get("/inovasi/").content.decode()
    assert "data demo" in html and "Satu Data Kubu Raya" in html

    innovation_demo.load(StringIO())  # idempotent
    assert Innovation.objects.count() == len(innovation_demo.INNOVATIONS)


def test_demo_dukcapil_officer_edits_only_dukcapil_innovations(demo, client):
    from balai.core.testing import sign_in

    sign_in(client, get_user_by_username("petugas.dukcapil"))
    own = Innovation.objects.get(name="Akta Lahir dari Puskesmas")
    other = Innovation.objects.get(name="Satu Data Kubu Raya")

    assert client.get(f"/inovasi/{own.pk}/ubah/").status_code == 200
    assert client.get(f"/inovasi/{other.pk}/ubah/").status_code == 404
