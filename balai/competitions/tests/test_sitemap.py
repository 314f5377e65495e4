"""Every call is in the sitemap, in each language, at a fixed number of queries; the
participants', organisers' and judges' pages are closed to crawlers, the public ones open."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from balai.competitions.tests.helpers import make_competition
from balai.portal.robots import is_public_path

pytestmark = pytest.mark.django_db


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_sitemap_lists_each_call_in_each_language_at_fixed_queries(client, kominfo):
    competition = make_competition(office=kominfo)
    body = client.get("/sitemap-kompetisi.xml").content.decode()
    assert f"/kompetisi/{competition.slug}/</loc>" in body
    assert f"/kompetisi/{competition.slug}/?lang=en</loc>" in body
    few = _count(client, "/sitemap-kompetisi.xml")
    for n in range(4):
        make_competition(office=kominfo, title=f"Kompetisi {n}")
    assert _count(client, "/sitemap-kompetisi.xml") == few


def test_robots_keep_crawlers_out_of_the_private_pages_only():
    for path in ("/kompetisi/", "/kompetisi/pemenang/", "/kompetisi/sampah/",
                 "/kompetisi/sampah/hasil/"):
        assert is_public_path(path), path
    for path in ("/kompetisi/saya/", "/kompetisi/baru/", "/kompetisi/tim/3/",
                 "/kompetisi/undangan/2/", "/kompetisi/berkas/4/", "/kompetisi/sampah/daftar/",
                 "/kompetisi/sampah/kelola/", "/kompetisi/sampah/juri/"):
        assert not is_public_path(path), path
