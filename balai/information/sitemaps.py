"""Published items of the Daftar Informasi Publik in the sitemap."""

from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from balai.information.models import InformationItem
from balai.information.queries import public_items


class InformationItemSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[InformationItem]:
        return (public_items().select_related(None).prefetch_related(None)
                .only("id", "updated_at").order_by("id"))

    def location(self, item: InformationItem) -> str:
        return reverse("information:item", args=[item.pk])

    def lastmod(self, item: InformationItem) -> dt.datetime:
        return item.updated_at
