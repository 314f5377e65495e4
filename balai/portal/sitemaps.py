"""The sitemap (django.contrib.sitemaps): the portal's public pages and every domain's public
records, one section each, paged by Django when a section passes its limit."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from balai.catalogue.sitemaps import ServiceSitemap
from balai.competitions.sitemaps import CompetitionSitemap
from balai.information.sitemaps import InformationItemSitemap
from balai.innovation.sitemaps import InnovationSitemap
from balai.opendata.sitemaps import DatasetSitemap
from balai.participation.sitemaps import ConsultationSitemap
from balai.portal.middleware import LANGUAGE_PARAMETER

# Public pages that are not records: the entry points of every domain.
PAGES = [
    "portal:home", "portal:about", "portal:help", "portal:contact", "portal:accessibility",
    "catalogue:index", "applications:status", "documents:verify", "complaints:list",
    "participation:ideas", "participation:consultations", "participation:polls",
    "participation:guidelines", "information:catalogue", "information:report",
    "opendata:index", "transparency:dashboard", "taxes:lookup", "ledger:public",
    "privacy:notice", "innovation:list", "developers:index", "developers:guide",
    "developers:versioning", "developers:changelog",
    "competitions:list", "competitions:winners",
    "health:list",
]


class PageSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return PAGES

    def location(self, item: Any) -> str:
        return reverse(item)


class LanguageAlternates(Sitemap):
    """Every address once per language, with hreflang alternates: the English page is the
    same address with ?lang=en (balai.portal.middleware), as the pages' own alternates say."""

    i18n = True
    alternates = True

    def _location(self, item: Any, force_lang_code: str | None = None) -> str:
        path = super()._location(item, force_lang_code)
        language = force_lang_code or item[1]
        if language == settings.LANGUAGE_CODE:
            return path
        return f"{path}?{urlencode({LANGUAGE_PARAMETER: language})}"


def _in_every_language(sitemap: type[Sitemap]) -> type[Sitemap]:
    return type(sitemap.__name__, (LanguageAlternates, sitemap), {})


SITEMAPS: dict[str, type[Sitemap]] = {
    "halaman": _in_every_language(PageSitemap),
    "layanan": _in_every_language(ServiceSitemap),
    "informasi": _in_every_language(InformationItemSitemap),
    "data": _in_every_language(DatasetSitemap),
    "konsultasi": _in_every_language(ConsultationSitemap),
    "inovasi": _in_every_language(InnovationSitemap),
    "kompetisi": _in_every_language(CompetitionSitemap),
}
