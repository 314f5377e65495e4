"""The innovations of the public catalogue in the sitemap."""

from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from balai.innovation.models import Innovation


class InnovationSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[Innovation]:
        return Innovation.objects.only("id", "updated_at").order_by("id")

    def location(self, item: Innovation) -> str:
        return reverse("innovation:detail", args=[item.pk])

    def lastmod(self, item: Innovation) -> dt.datetime:
        return item.updated_at
