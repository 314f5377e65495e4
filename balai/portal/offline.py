"""Offline tolerance: the web app manifest, the service worker and the offline page.

The service worker keeps only the shell (the stylesheet, the small scripts, the icons) and the
offline page, which it shows when a navigation fails. It never stores a page: personal pages
(accounts, applications) stay on the server and in no cache. Its cache is named after a digest
of the shell's files, so a deploy that changes any of them installs a new worker, which drops
the old cache.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import override
from django.views.decorators.cache import cache_control
from django.views.decorators.http import etag, require_safe

BRAND_COLOUR = "#00594f"  # --brand in static/css/balai.css
# Static files every page may need while the connection is down.
SHELL_FILES = [
    "css/balai.css",
    "js/offline.js",
    "js/apply-offline.js",
    "js/region-picker.js",
    "img/logo.svg",
    "img/favicon.svg",
    "img/app/icon-192.png",
]
OFFLINE_TEMPLATE = "portal/offline.html"


def _file_bytes(name: str) -> bytes:
    found = finders.find(name)
    if found:
        return Path(str(found)).read_bytes()
    from django.contrib.staticfiles.storage import staticfiles_storage

    with staticfiles_storage.open(name) as handle:
        return handle.read()


def _shell() -> tuple[str, list[str]]:
    """The shell's version and its URLs: the version digests each file's URL (hashed in
    production) and content, and the offline page's template."""
    urls = [static(name) for name in SHELL_FILES]
    digest = hashlib.sha256()
    for name, url in zip(SHELL_FILES, urls, strict=True):
        digest.update(url.encode() + b"\0" + hashlib.sha256(_file_bytes(name)).digest())
    template = get_template(OFFLINE_TEMPLATE).template.source  # type: ignore[attr-defined]
    digest.update(template.encode())
    return digest.hexdigest()[:16], urls


_cached_shell = lru_cache(maxsize=1)(_shell)


def shell() -> tuple[str, list[str]]:
    # In development static files change under a running server; in production only a deploy
    # (a restart) changes them.
    return _shell() if settings.DEBUG else _cached_shell()


def _app_name() -> str:
    regency = settings.BALAI_REGENCY_NAME.removeprefix("Kabupaten ")
    return f"Balai {regency}"


@require_safe
@cache_control(max_age=24 * 3600, public=True)
def manifest(request: HttpRequest) -> HttpResponse:
    with override("id"):
        data = {
            "name": _app_name(),
            "short_name": "Balai",
            "description": "Layanan publik Pemerintah " + settings.BALAI_REGENCY_NAME
                           + " secara daring.",
            "lang": "id",
            "dir": "ltr",
            "id": "/",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": BRAND_COLOUR,
            "icons": [
                {"src": static("img/app/icon-192.png"), "sizes": "192x192",
                 "type": "image/png", "purpose": "any maskable"},
                {"src": static("img/app/icon-512.png"), "sizes": "512x512",
                 "type": "image/png", "purpose": "any maskable"},
                {"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
            ],
        }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


def _worker_etag(request: HttpRequest) -> str:
    return shell()[0]


@require_safe
@etag(_worker_etag)
def service_worker(request: HttpRequest) -> HttpResponse:
    version, urls = shell()
    offline_url = reverse("portal:offline")
    response = render(request, "portal/sw.js", {
        "version": version,
        "offline_url_json": json.dumps(offline_url),
        "shell_json": json.dumps([offline_url, *urls]),
    }, content_type="application/javascript; charset=utf-8")
    # Browsers check the worker for updates on navigation; they must always ask the server.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, OFFLINE_TEMPLATE, {
        "status_url": reverse("applications:status"),
        "contact_url": reverse("portal:contact"),
    })
