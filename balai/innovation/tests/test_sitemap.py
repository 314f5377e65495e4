"""Every innovation of the catalogue is in the sitemap, in each language, at a fixed number of
queries; the officers' pages are closed to crawlers, the public ones open."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from balai.innovation.tests.helpers import make_innovation
from balai.portal.robots import is_public_path

pytestmark = pytest.mark.django_db


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_sitemap_lists_each_innovation_in_each_language(client, dukcapil):
    innovation = make_innovation(dukcapil)

    body = client.get("/sitemap-inovasi.xml").content.decode()

    assert f"/inovasi/{innovation.pk}/</loc>" in body
    assert f"/inovasi/{innovation.pk}/?lang=en</loc>" in body
    assert "/sitemap-inovasi.xml" in client.get("/sitemap.xml").content.decode()


def test_sitemap_queries_do_not_grow_with_innovations(client, dukcapil):
    make_innovation(dukcapil)
    few = _count(client, "/sitemap-inovasi.xml")
    for n in range(5):
        make_innovation(dukcapil, name=f"Inovasi {n}")
    assert _count(client, "/sitemap-inovasi.xml") == few


def test_robots_keep_crawlers_out_of_the_officers_pages_only():
    assert is_public_path("/inovasi/") and is_public_path("/inovasi/12/")
    assert is_public_path("/inovasi/bukti/3/")
    for path in ("/inovasi/baru/", "/inovasi/12/ubah/", "/inovasi/12/tahap/",
                 "/inovasi/12/bukti/"):
        assert not is_public_path(path), path
