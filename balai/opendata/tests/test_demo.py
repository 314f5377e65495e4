"""The demo open data loads with its topics (CKAN groups), and loads again without change."""

from __future__ import annotations

import json

import pytest

from balai.accounts import demo as accounts_demo
from balai.opendata import demo
from balai.opendata.models import Dataset, Topic


@pytest.mark.django_db
def test_demo_loads_twice_and_groups_datasets_by_topic(kubu_raya, client):
    accounts_demo.load()
    demo.load()
    demo.load()
    assert Topic.objects.count() == 3
    assert Dataset.objects.count() == 5
    assert set(Dataset.objects.filter(topics__isnull=True).values_list("slug", flat=True)) == set()
    groups = json.loads(client.get("/api/3/action/group_list",
                                   {"all_fields": "true"}).content)["result"]
    assert {g["name"]: g["package_count"] for g in groups} == {
        "keuangan-daerah": 1, "pelayanan-publik": 3, "wilayah": 1}
    package = json.loads(client.get("/api/3/action/package_show",
                                    {"id": demo.SLUG}).content)["result"]
    assert package["maintainer"] == "Bidang Statistik Diskominfo"
    assert package["resources"][0]["size"] > 0
