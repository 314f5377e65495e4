"""The web's standard files: robots.txt, the sitemap, security.txt, change-password, the
favicon and the Atom feed, read back through HTTP."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from balai.catalogue import actions as catalogue_actions
from balai.catalogue.tests.conftest import service_data
from balai.core.testing import make_office, make_officer
from balai.information import actions as information_actions
from balai.information.models import InformationItem
from balai.opendata import actions as opendata_actions
from balai.participation import actions as participation_actions
from balai.portal.robots import is_public_path

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def _service(code: str, office_code: str) -> Any:
    make_office(code=office_code, name=f"Kantor {office_code}")
    data = service_data(code)
    data["office"] = office_code
    return catalogue_actions.publish_definition(data=data, actor="sistem:uji").service


@pytest.fixture
def records(office_a) -> dict[str, Any]:
    """Two services (one withdrawn), two information items (one unpublished), a dataset and a
    consultation."""
    shown = _service("akta-kelahiran", "disdukcapil")
    withdrawn = _service("izin-reklame", "dpmptsp")
    catalogue_actions.set_service_active(service=withdrawn, active=False, actor="sistem:uji")
    ppid = make_officer(office=office_a, role="ppid", full_name="PPID Uji")
    item = information_actions.publish_item(
        actor=ppid, office=office_a, title="Laporan keuangan 2025", category="berkala",
        summary="Laporan realisasi anggaran tahun 2025.")
    hidden = information_actions.publish_item(
        actor=ppid, office=office_a, title="Rencana kerja lama", category="berkala")
    # Withdrawn from the list in admin.
    InformationItem.objects.filter(pk=hidden.pk).update(is_published=False)
    dataset = opendata_actions.create_dataset(actor="sistem:uji", office=office_a,
                                              slug="desa-per-kecamatan", title="Desa")
    opendata_actions.publish_version(actor="sistem:uji", dataset=dataset,
                                     columns=["kecamatan", "desa"], rows=[["Sungai Raya", "20"]])
    today = timezone.localdate()
    officer = make_officer(office=office_a, role="petugas", full_name="Petugas Uji")
    consultation = participation_actions.publish_consultation(
        actor=officer, office=office_a, title="Ranperda Sampah", summary="Rancangan.",
        opens_on=today, closes_on=today + dt.timedelta(days=10), sections=[("Pasal 1", "Isi.")])
    return {"service": shown, "withdrawn": withdrawn, "item": item, "hidden": hidden,
            "dataset": dataset, "consultation": consultation, "ppid": ppid}


def _xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - the server's own response


def _sitemap_locations(client) -> list[str]:
    index = _xml(client.get("/sitemap.xml").content)
    locations = []
    for section in index.iter(f"{SITEMAP}loc"):
        response = client.get(section.text.removeprefix("http://testserver"))
        assert response.status_code == 200
        locations += [loc.text for loc in _xml(response.content).iter(f"{SITEMAP}loc")]
    return locations


# --- robots.txt ---------------------------------------------------------------------------

def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_private_areas(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in lines
    for private in ["/akun/", "/admin/", "/permohonan/", "/informasi/ppid/",
                    "/pengaduan/antrean/", "/api/v1/applications", "/informasi/kalender/"]:
        assert f"Disallow: {private}" in lines
    assert "Allow: /data-saya/pemberitahuan/" in lines


@pytest.mark.parametrize("path, public", [
    ("/", True),
    ("/layanan/akta-kelahiran/", True),
    ("/layanan/akta-kelahiran/ajukan/", False),
    ("/status/", True),
    ("/status/REG-2026-000001/", False),
    ("/data-saya/", False),
    ("/data-saya/pemberitahuan/", True),
    ("/pajak/cek/", True),
    ("/pajak/saya/", False),
    ("/akun/masuk/", False),
    ("/admin/", False),
    ("/api/v1/services", True),
    ("/api/v1/bills", False),
])
def test_robots_rules_decide_by_the_longest_match(path, public):
    assert is_public_path(path) is public


# --- sitemap ------------------------------------------------------------------------------

def test_sitemap_lists_published_records_and_not_withdrawn_ones(client, records):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200 and index["Content-Type"] == "application/xml"
    locations = _sitemap_locations(client)
    base = "http://testserver"
    assert f"{base}/layanan/akta-kelahiran/" in locations
    assert f"{base}/layanan/izin-reklame/" not in locations
    assert f"{base}/informasi/{records['item'].pk}/" in locations
    assert f"{base}/informasi/{records['hidden'].pk}/" not in locations
    assert f"{base}/data/desa-per-kecamatan/" in locations
    assert f"{base}/partisipasi/konsultasi/{records['consultation'].pk}/" in locations
    assert f"{base}/aksesibilitas/" in locations and f"{base}/" in locations


def test_every_sitemap_address_is_allowed_by_robots_and_answers(client, records):
    for location in _sitemap_locations(client):
        path = location.removeprefix("http://testserver")
        assert is_public_path(path.split("?")[0]), f"{path} is in the sitemap but disallowed"
        assert client.get(path).status_code == 200, path


def test_sitemap_gives_lastmod_and_each_language_with_alternates(client, records):
    root = _xml(client.get("/sitemap-layanan.xml").content)
    urls = root.findall(f"{SITEMAP}url")
    assert [url.find(f"{SITEMAP}loc").text for url in urls] == [
        "http://testserver/layanan/akta-kelahiran/",
        "http://testserver/layanan/akta-kelahiran/?lang=en"]
    day = timezone.localdate(records["service"].current.created_at).isoformat()
    for url in urls:
        assert url.find(f"{SITEMAP}lastmod").text == day
        alternates = {link.get("hreflang"): link.get("href")
                      for link in url.findall("{http://www.w3.org/1999/xhtml}link")}
        assert alternates == {"id": "http://testserver/layanan/akta-kelahiran/",
                              "en": "http://testserver/layanan/akta-kelahiran/?lang=en"}


def _count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-layanan.xml",
                                  "/sitemap-informasi.xml", "/sitemap-data.xml",
                                  "/sitemap-konsultasi.xml", "/terbaru.atom"])
def test_sitemap_and_feed_queries_do_not_grow_with_records(client, records, office_a, path):
    few = _count(client, path)
    for n in range(3):
        _service(["akta-kematian", "kia", "pbg"][n], f"kantor-{n}")
        information_actions.publish_item(actor=records["ppid"], office=office_a,
                                         title=f"Informasi {n}", category="setiap_saat")
        dataset = opendata_actions.create_dataset(actor="sistem:uji", office=office_a,
                                                  slug=f"data-{n}", title=f"Data {n}")
        opendata_actions.publish_version(actor="sistem:uji", dataset=dataset, columns=["a"],
                                         rows=[["1"]])
    assert _count(client, path) == few


# --- security.txt and change-password -------------------------------------------------------

def test_security_txt_has_the_fields_of_rfc_9116(client, settings):
    settings.BALAI_SECURITY_CONTACT = "mailto:csirt@kuburayakab.go.id"
    settings.BALAI_SECURITY_POLICY_URL = ""
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == "mailto:csirt@kuburayakab.go.id"
    assert fields["Preferred-Languages"] == "id, en"
    assert fields["Canonical"] == "http://127.0.0.1:8000/.well-known/security.txt"
    assert "Policy" not in fields
    expires = dt.datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    now = timezone.now()
    assert now + dt.timedelta(days=30) < expires < now + dt.timedelta(days=365)


def test_security_txt_links_the_policy_when_one_is_set(client, settings):
    settings.BALAI_SECURITY_POLICY_URL = "https://kuburayakab.go.id/keamanan"
    text = client.get("/.well-known/security.txt").content.decode()
    assert "Policy: https://kuburayakab.go.id/keamanan\n" in text


def test_change_password_well_known_address_redirects_to_the_password_page(client):
    response = client.get("/.well-known/change-password")
    assert response.status_code == 302
    assert response["Location"] == "/akun/profil/kata-sandi/"


# --- favicon ------------------------------------------------------------------------------

def test_favicon_ico_is_a_real_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO"
    assert (32, 32) in icon.info["sizes"] and (16, 16) in icon.info["sizes"]
    assert "max-age" in response["Cache-Control"]


def test_pages_link_both_icons_and_the_feed(client):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in html
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="alternate" type="application/atom+xml" href="/terbaru.atom"' in html


# --- the Atom feed ------------------------------------------------------------------------

def test_atom_feed_lists_published_information_and_services(client, records):
    response = client.get("/terbaru.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = _xml(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = {entry.find(f"{ATOM}title").text: entry for entry in feed.iter(f"{ATOM}entry")}
    assert set(entries) == {"Laporan keuangan 2025", "Akta Kelahiran"}
    item = entries["Laporan keuangan 2025"]
    assert item.find(f"{ATOM}link").get("href") == (
        f"http://testserver/informasi/{records['item'].pk}/")
    assert item.find(f"{ATOM}summary").text == "Laporan realisasi anggaran tahun 2025."
    assert item.find(f"{ATOM}id").text == f"tag:127.0.0.1,2026:informasi-{records['item'].pk}"
    service = entries["Akta Kelahiran"]
    assert service.find(f"{ATOM}link").get("href") == "http://testserver/layanan/akta-kelahiran/"
    assert service.find(f"{ATOM}category").get("term") == "Layanan"


def test_a_large_section_is_split_into_pages_listed_in_the_index(client, records, monkeypatch):
    from balai.catalogue.sitemaps import ServiceSitemap

    _service("kia", "kantor-kia")
    monkeypatch.setattr(ServiceSitemap, "limit", 2)  # one service in two languages a page
    index = [loc.text for loc in _xml(client.get("/sitemap.xml").content).iter(f"{SITEMAP}loc")]
    assert "http://testserver/sitemap-layanan.xml" in index
    assert "http://testserver/sitemap-layanan.xml?p=2" in index
    pages = [[loc.text for loc in _xml(client.get(f"/sitemap-layanan.xml?p={n}").content)
              .iter(f"{SITEMAP}loc")] for n in (1, 2)]
    assert pages == [
        ["http://testserver/layanan/akta-kelahiran/",
         "http://testserver/layanan/akta-kelahiran/?lang=en"],
        ["http://testserver/layanan/kia/", "http://testserver/layanan/kia/?lang=en"]]
    assert client.get("/sitemap-layanan.xml?p=3").status_code == 404
