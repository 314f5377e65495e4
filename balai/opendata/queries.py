"""Reads of open data: the public list and one dataset (the CKAN Action API's reads are in
ckan_queries, the DCAT catalogue is balai.opendata.dcat)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse

from balai.accounts.models import Office
from balai.opendata.licences import REGISTER
from balai.opendata.models import Dataset

LICENCES = {licence.id: (licence.title, licence.url) for licence in REGISTER}
# DCAT frequencies (the EU vocabulary CKAN's DCAT profile uses).
FREQUENCY_URIS = {
    "harian": "http://publications.europa.eu/resource/authority/frequency/DAILY",
    "bulanan": "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
    "triwulanan": "http://publications.europa.eu/resource/authority/frequency/QUARTERLY",
    "tahunan": "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
    "tidak_tentu": "http://publications.europa.eu/resource/authority/frequency/IRREG",
}


def public_datasets() -> QuerySet[Dataset]:
    return (Dataset.objects.filter(is_published=True, current__isnull=False)
            .select_related("office", "current").order_by("-modified_at", "id"))


def search_datasets(query: str = "", *, office: Office | None = None) -> QuerySet[Dataset]:
    rows = public_datasets()
    for word in query.split()[:8]:
        rows = rows.filter(Q(title__icontains=word) | Q(description__icontains=word)
                           | Q(keywords__icontains=word))
    if office is not None:
        rows = rows.filter(office=office)
    return rows


def get_dataset(slug: str) -> Dataset | None:
    return public_datasets().filter(slug=slug).first()


def publishers() -> QuerySet[Office]:
    return Office.objects.filter(datasets__is_published=True,
                                 datasets__current__isnull=False).distinct().order_by("code")


def resource_urls(request: HttpRequest, dataset: Dataset) -> dict[str, str]:
    return {fmt: request.build_absolute_uri(reverse("opendata:download", args=[dataset.slug,
                                                                                fmt]))
            for fmt in ("csv", "json")}


def offices_managed_by(user: Any) -> QuerySet[Office]:
    """Offices whose open data the user publishes (PPID or admin there)."""
    if not user.is_authenticated:
        return Office.objects.none()
    return Office.objects.filter(roles__user=user,
                                 roles__role__in=["ppid", "admin"]).distinct().order_by("name")


def managed_datasets(user: Any) -> QuerySet[Dataset]:
    return (Dataset.objects.filter(office__in=offices_managed_by(user), is_system=False)
            .select_related("office", "current").order_by("-modified_at", "id"))
