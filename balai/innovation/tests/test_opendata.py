"""The catalogue is published as an open dataset automatically: every change publishes a new
version, under Setda, downloadable as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from balai.innovation import actions
from balai.innovation.tests.helpers import make_innovation
from balai.opendata.models import Dataset

pytestmark = pytest.mark.django_db


def _csv(client):
    response = client.get(f"/data/{actions.DATASET}/unduh.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_each_change_publishes_a_new_version(client, setda, dukcapil, dukcapil_officer):
    innovation = make_innovation(dukcapil, name="Adminduk Keliling", evidence=True)
    rows = _csv(client)
    assert rows[0][:5] == ["id", "nama", "perangkat_daerah", "kode_perangkat_daerah", "tahap"]
    assert [(r[1], r[3], r[4], r[11]) for r in rows[1:]] == [
        ("Adminduk Keliling", "disdukcapil", "inisiatif", "1")]

    actions.advance_stage(actor=dukcapil_officer, innovation=innovation,
                          changed_on=dt.date(2024, 6, 1))
    actions.update_innovation(actor=dukcapil_officer, innovation=innovation,
                              name="Adminduk Keliling Perairan")

    assert [(r[1], r[4]) for r in _csv(client)[1:]] == [("Adminduk Keliling Perairan",
                                                         "uji_coba")]
    dataset = Dataset.objects.get(slug=actions.DATASET)
    assert dataset.office == setda and dataset.current.number == 3


def test_an_edit_that_changes_nothing_publishes_no_new_version(setda, dukcapil):
    innovation = make_innovation(dukcapil)
    actions.update_innovation(actor="sistem:uji", innovation=innovation, name=innovation.name)

    assert Dataset.objects.get(slug=actions.DATASET).current.number == 1


def test_without_the_publishing_office_nothing_is_published(dukcapil):
    from balai.accounts.models import Office

    Office.objects.filter(code="setda").delete()
    make_innovation(dukcapil)

    assert not Dataset.objects.filter(slug=actions.DATASET).exists()
