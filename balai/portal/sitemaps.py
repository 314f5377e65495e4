"""The sitemap (django.contrib.sitemaps): the portal's public pages and every domain's public
records, one section each, paged by Django when a section passes its limit."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from balai.catalogue.sitemaps import ServiceSitemap
from balai.information.sitemaps import InformationItemSitemap
from balai.opendata.sitemaps import DatasetSitemap
from balai.participation.sitemaps import ConsultationSitemap

# Public pages that are not records: the entry points of every domain.
PAGES = [
    "portal:home", "portal:about", "portal:help", "portal:contact", "portal:accessibility",
    "catalogue:index", "applications:status", "documents:verify", "complaints:list",
    "participation:ideas", "participation:consultations", "participation:polls",
    "participation:guidelines", "information:catalogue", "information:report",
    "opendata:index", "transparency:dashboard", "taxes:lookup", "ledger:public",
    "privacy:notice",
]


class PageSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return PAGES

    def location(self, item: Any) -> str:
        return reverse(item)


SITEMAPS: dict[str, type[Sitemap]] = {
    "halaman": PageSitemap,
    "layanan": ServiceSitemap,
    "informasi": InformationItemSitemap,
    "data": DatasetSitemap,
    "konsultasi": ConsultationSitemap,
}
