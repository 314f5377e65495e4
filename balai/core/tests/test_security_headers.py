"""Headers and cookies every page carries, and templates that keep the Content-Security-Policy
strict: no inline script, no inline event handler, no style attribute."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from balai.core.testing import PASSWORD

TEMPLATE_ROOTS = [Path(settings.BASE_DIR) / "templates",
                  *sorted(Path(settings.BASE_DIR, "balai").glob("*/templates"))]
# Templates rendered to PDF by WeasyPrint only (never served as a web page): their <style>
# element is for WeasyPrint, not for browsers.
PDF_ONLY = re.compile(r"(^documents/base_document\.html$|pdf[^/]*\.html$)")
# A JSON-LD data block (schema.org on service pages) is not run, so script-src does not apply.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>",
                           re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)


def _directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:]
            for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/akun/masuk/", "/akun/daftar/", "/status/"])
def test_public_pages_carry_the_security_headers(client, path):
    response = client.get(path)
    csp = _directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_httponly_and_samesite(client, citizen):
    client.get(reverse("accounts:login"))
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(reverse("accounts:login"),
                           {"username": citizen.nik, "password": PASSWORD})
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] and session["samesite"] == "Lax"


def test_production_settings_turn_on_https_only_protections():
    # The values production mode derives (config/settings.py); `check --deploy` is run on the
    # real production settings in test_settings_from_environment.py.
    source = (Path(settings.BASE_DIR) / "config" / "settings.py").read_text()
    for line in ['SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)',
                 'CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PRODUCTION)',
                 'SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION',
                 'SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)']:
        assert line in source


def _templates() -> list[tuple[str, str]]:
    found = []
    for root in TEMPLATE_ROOTS:
        for path in sorted(root.rglob("*.html")):
            name = path.relative_to(root).as_posix()
            if not PDF_ONLY.search(name):
                found.append((name, path.read_text()))
    return found


def test_templates_have_no_inline_script_handler_or_style():
    offenders = []
    for name, text in _templates():
        for label, pattern in [("inline <script>", INLINE_SCRIPT), ("on*= handler", EVENT_HANDLER),
                               ("style attribute", STYLE_ATTRIBUTE),
                               ("<style> element", STYLE_ELEMENT)]:
            if pattern.search(text):
                offenders.append(f"{name}: {label}")
    assert not offenders, "CSP forbids: " + ", ".join(offenders)
    assert len(_templates()) > 20  # the scan sees the project's templates
