"""Published open datasets in the sitemap."""

from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from balai.opendata.models import Dataset
from balai.opendata.queries import public_datasets


class DatasetSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[Dataset]:
        return (public_datasets().select_related(None).only("slug", "modified_at")
                .order_by("slug"))

    def location(self, item: Dataset) -> str:
        return reverse("opendata:dataset", args=[item.slug])

    def lastmod(self, item: Dataset) -> dt.datetime:
        return item.modified_at
