"""Every published service in the sitemap, with the date its version in force was published."""

from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from balai.catalogue.models import Service
from balai.catalogue.queries import public_services


class ServiceSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[Service]:
        return public_services().order_by("code")

    def location(self, item: Service) -> str:
        return reverse("catalogue:service", args=[item.code])

    def lastmod(self, item: Service) -> dt.datetime:
        return item.current.created_at  # type: ignore[union-attr]
