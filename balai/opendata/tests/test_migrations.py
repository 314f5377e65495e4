"""Versions published before sizes and hashes were recorded get them from the migration."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from balai.opendata import actions
from balai.opendata.models import DatasetVersion

BEFORE = ("opendata", "0001_initial")
AFTER = ("opendata", "0002_ckan_groups_resource_files")


@pytest.mark.django_db(transaction=True)
def test_the_migration_records_size_and_hash_of_existing_versions(client, office_a):
    dataset = actions.create_dataset(actor="sistem:uji", office=office_a, slug="jalan",
                                     title="Panjang jalan")
    actions.publish_version(actor="sistem:uji", dataset=dataset, columns=["ruas", "km"],
                            rows=[["Jalan Arteri", 8], ["Jalan Adisucipto", "12,5"]])
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([BEFORE])
    finally:
        executor.loader.build_graph()
        executor.migrate([AFTER])
    version = DatasetVersion.objects.get()
    for fmt in ("csv", "json"):
        content = client.get(f"/data/jalan/unduh.{fmt}").content
        assert getattr(version, f"{fmt}_size") == len(content)
        assert getattr(version, f"{fmt}_sha256") == hashlib.sha256(content).hexdigest()
