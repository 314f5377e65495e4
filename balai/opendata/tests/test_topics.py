"""Topics (CKAN groups) kept in admin: a dataset that joins or leaves a topic counts as
changed, so harvesters that ask for recently modified datasets see it."""

import pytest

from balai.core.testing import sign_in
from balai.ledger.models import LedgerEntry
from balai.opendata import actions

pytestmark = pytest.mark.django_db


def test_admin_puts_datasets_under_a_topic_and_they_count_as_changed(client, admin_user,
                                                                     office_a):
    datasets = []
    for slug in ("jalan", "jembatan"):
        found = actions.create_dataset(actor="sistem:uji", office=office_a, slug=slug,
                                       title=slug.title())
        actions.publish_version(actor="sistem:uji", dataset=found, columns=["a"], rows=[["1"]])
        datasets.append(found)
    jalan, jembatan = datasets
    before = client.get("/api/3/action/package_show", {"id": "jalan"}).json()["result"]
    sign_in(client, admin_user)
    response = client.post("/admin/opendata/topic/add/", {
        "slug": "infrastruktur", "title": "Infrastruktur", "description": "",
        "datasets": [jalan.pk]})
    assert response.status_code == 302, response.content.decode()[:2000]
    group = client.get("/api/3/action/group_show", {"id": "infrastruktur",
                                                    "include_datasets": "true"}).json()
    assert [p["name"] for p in group["result"]["packages"]] == ["jalan"]
    after = client.get("/api/3/action/package_show", {"id": "jalan"}).json()["result"]
    assert after["metadata_modified"] > before["metadata_modified"]
    assert [g["name"] for g in after["groups"]] == ["infrastruktur"]
    newest = client.get("/api/3/action/recently_changed_packages_activity_list",
                        {"limit": 1}).json()["result"][0]
    assert (newest["activity_type"], newest["object_id"]) == ("changed package",
                                                              f"balai-{jalan.pk}")
    assert not LedgerEntry.objects.filter(action="data.topik_diubah",
                                          object_id=str(jembatan.pk)).exists()
