"""Public consultations in the sitemap."""

from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from balai.participation.models import Consultation


class ConsultationSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[Consultation]:
        return Consultation.objects.only("id", "created_at").order_by("id")

    def location(self, item: Consultation) -> str:
        return reverse("participation:consultation", args=[item.pk])

    def lastmod(self, item: Consultation) -> dt.datetime:
        return item.created_at
