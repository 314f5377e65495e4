"""The web app manifest, the service worker and the offline page, read back through HTTP."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from balai.core.testing import sign_in
from balai.portal import offline

pytestmark = pytest.mark.django_db


def _worker_constants(body: str) -> tuple[str, str, list[str]]:
    cache = re.search(r'const CACHE = "([^"]+)";', body).group(1)
    offline_url = json.loads(re.search(r"const OFFLINE_URL = (.+);", body).group(1))
    shell = json.loads(re.search(r"const SHELL = (.+);", body).group(1))
    return cache, offline_url, shell


def test_every_page_links_the_manifest_and_registers_the_worker(client):
    html = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert re.search(r'<script src="/static/js/offline\.js" data-worker="/sw\.js" defer>', html)


def test_manifest_names_the_app_in_indonesian_with_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Balai Kubu Raya" and manifest["lang"] == "id"
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    sizes = {}
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200, icon["src"]
        if icon["type"] == "image/png":
            path = finders.find(icon["src"].removeprefix("/static/"))
            with Image.open(path) as image:
                sizes[icon["sizes"]] = image.size
    assert sizes == {"192x192": (192, 192), "512x512": (512, 512)}


def test_service_worker_is_served_from_the_root_uncached_as_javascript(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    # The CSP lets the page register a worker of its own origin and nothing else.
    csp = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "worker-src" not in csp
    # A browser that already holds this version is told so in a few bytes.
    again = client.get("/sw.js", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_service_worker_caches_the_shell_and_the_offline_page_only(client):
    body = client.get("/sw.js").content.decode()
    cache, offline_url, shell = _worker_constants(body)
    version, urls = offline.shell()
    assert cache == f"balai-shell-{version}"
    assert offline_url == "/luring/"
    assert shell == ["/luring/", *urls]
    assert "/static/css/balai.css" in shell and "/static/js/apply-offline.js" in shell
    for url in shell:
        assert client.get(url).status_code == 200, url
    # No page of an account, an application or anything else personal is in the list, and
    # the worker stores nothing at run time (only the install step opens the cache to add).
    assert not any(url.startswith(("/akun/", "/permohonan/", "/layanan/")) for url in shell)
    assert body.count("cache.addAll(") == 1 and ".put(" not in body


def test_cache_version_changes_when_a_shell_file_changes(settings, tmp_path):
    before = offline._shell()[0]
    static_dir = tmp_path / "static"
    (static_dir / "css").mkdir(parents=True)
    (static_dir / "css" / "balai.css").write_text("body { color: black; }")
    settings.STATICFILES_DIRS = [static_dir, *settings.STATICFILES_DIRS]
    finders.get_finder.cache_clear()
    try:
        assert offline._shell()[0] != before
    finally:
        finders.get_finder.cache_clear()


def test_offline_page_says_what_works_and_how_to_check_status_without_internet(client):
    response = client.get("/luring/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Koneksi internet terputus</h1>" in html
    assert "Yang tetap berfungsi" in html and "kantor desa" in html
    assert "CEK KR-2026-000123" in html  # the SMS command (balai/sms, docs/howto/sms.md)
    assert 'href="/status/"' in html and ">Coba lagi</a>" in html
    # Cached by the worker for everyone: no form, no CSRF token, nobody's name.
    assert "<form" not in html and "csrfmiddlewaretoken" not in html


def test_offline_page_carries_no_personal_data_for_a_signed_in_citizen(client, citizen):
    sign_in(client, citizen.user)
    html = client.get("/luring/").content.decode()
    assert citizen.user.full_name not in html and "Keluar" not in html


def test_offline_page_is_not_for_search_engines(client):
    assert "Disallow: /luring/" in client.get("/robots.txt").content.decode()


def test_an_officer_before_two_factor_still_gets_the_worker_and_offline_page(client, officer):
    # The two-factor pages register the worker too; a redirect would make its update fail.
    from balai.core.testing import PASSWORD

    client.post("/akun/masuk/", {"username": officer.username, "password": PASSWORD})
    assert client.get("/permohonan/antrean/").status_code == 302  # two-factor still pending
    for path in ("/sw.js", "/manifest.webmanifest", "/luring/"):
        assert client.get(path).status_code == 200, path
