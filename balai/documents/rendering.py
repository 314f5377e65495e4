"""HTML templates to PDF with WeasyPrint, without any network access.

Templates reference static files with `{% static %}` as web pages do; the fetcher below serves
them from the static files on disk and allows data: URIs, and refuses everything else, so a
template can never make the server fetch a remote URL.
"""

from __future__ import annotations

import logging
import mimetypes
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils._os import safe_join

from balai.core.errors import DomainError

# Relative URLs in templates resolve against this address; it is never contacted.
BASE_URL = "https://balai.invalid/"

# Seven progress lines per PDF would drown the server log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class PdfRenderingUnavailable(DomainError):
    code = "DOCUMENT_PDF_UNAVAILABLE"
    message = ("Dokumen PDF belum dapat dibuat di server ini: pustaka sistem Pango belum "
               "terpasang. Hubungi pengelola Balai.")


@lru_cache(maxsize=1)
def _weasyprint() -> tuple[Any, type]:
    """WeasyPrint and the fetcher class, imported on first use: WeasyPrint needs the Pango
    system library (Debian: libpango-1.0-0 libpangoft2-1.0-0), and only PDF rendering should
    depend on it, not every page of the portal."""
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher, URLFetcherResponse
    except (OSError, ImportError) as exc:
        raise PdfRenderingUnavailable(details={"reason": str(exc)}) from exc

    class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Serves static files and data: URIs; refuses every other URL."""

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _static_path(url)
            if path is None:
                raise ValueError(f"PDF rendering fetches no external resources: {url}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    return HTML, LocalOnlyFetcher


def _static_path(url: str) -> Path | None:
    prefix = BASE_URL + settings.STATIC_URL.lstrip("/")
    if not url.startswith(prefix):
        return None
    relative = unquote(urlsplit(url).path)[len(urlsplit(prefix).path):]
    if not relative or ".." in relative.split("/") or relative.startswith("/"):
        return None
    found = finders.find(relative)
    if found is None and settings.STATIC_ROOT:
        found = safe_join(str(settings.STATIC_ROOT), relative)
    if not isinstance(found, str) or not Path(found).is_file():
        return None
    return Path(found)


def local_only_fetcher_class() -> type:
    """The URL fetcher that PDF rendering uses (see _weasyprint)."""
    return _weasyprint()[1]


def letterhead_context() -> dict[str, Any]:
    """What base_document.html needs for the letterhead, besides the office."""
    return {
        "regency_name": settings.BALAI_REGENCY_NAME,
        "regency_address": settings.BALAI_REGENCY_ADDRESS,
    }


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a Django template (usually extending documents/base_document.html) to PDF bytes."""
    # Official documents are in Bahasa Indonesia whatever the reader's UI language
    # (UU 24/2009 Pasal 27: official state documents use the Indonesian language).
    html_class, fetcher_class = _weasyprint()
    with translation.override("id"):
        html = render_to_string(template_name, {**letterhead_context(), **context})
    return html_class(string=html, base_url=BASE_URL, url_fetcher=fetcher_class()).write_pdf()
