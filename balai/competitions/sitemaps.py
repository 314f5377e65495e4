"""The calls of the technology competitions in the sitemap (their results once published)."""

from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from balai.competitions.models import Competition


class CompetitionSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[Competition]:
        return Competition.objects.only("id", "slug", "updated_at").order_by("id")

    def location(self, item: Competition) -> str:
        return reverse("competitions:detail", args=[item.slug])

    def lastmod(self, item: Competition) -> dt.datetime:
        return item.updated_at
