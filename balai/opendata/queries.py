"""Reads of open data: the public list, one dataset and CKAN packages (the DCAT catalogue is
balai.opendata.dcat)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse

from balai.accounts.models import Office
from balai.opendata.models import Dataset

LICENCES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0",
                  "https://creativecommons.org/licenses/by/4.0/"),
    "CC0-1.0": ("Creative Commons CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODC-BY-1.0": ("Open Data Commons Attribution", "https://opendatacommons.org/licenses/by/1-0/"),
}
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


def ckan_package(request: HttpRequest, dataset: Dataset) -> dict[str, Any]:
    """A dataset in the shape of CKAN's package_show result (the fields harvesters read)."""
    licence_title, licence_url = LICENCES.get(dataset.licence, (dataset.licence, ""))
    urls = resource_urls(request, dataset)
    version = dataset.current
    created = dataset.created_at.isoformat()
    modified = dataset.modified_at.isoformat()
    org = ckan_organization(dataset.office)
    return {
        "id": f"balai-{dataset.pk}", "name": dataset.slug, "title": dataset.title,
        "notes": dataset.description, "type": "dataset", "state": "active", "private": False,
        "license_id": dataset.licence, "license_title": licence_title,
        "license_url": licence_url, "version": str(version.number if version else ""),
        "metadata_created": created, "metadata_modified": modified,
        "owner_org": org["id"], "organization": org,
        "url": request.build_absolute_uri(reverse("opendata:dataset", args=[dataset.slug])),
        "tags": [{"name": tag.strip()} for tag in dataset.keywords.split(",") if tag.strip()],
        "num_tags": len([t for t in dataset.keywords.split(",") if t.strip()]),
        "extras": [{"key": "frequency", "value": dataset.frequency},
                   {"key": "period", "value": dataset.period},
                   {"key": "downloads", "value": str(dataset.downloads)}],
        "resources": [
            {"id": f"balai-{dataset.pk}-{fmt}", "package_id": f"balai-{dataset.pk}",
             "name": f"{dataset.title} ({fmt.upper()})", "format": fmt.upper(),
             "mimetype": "text/csv" if fmt == "csv" else "application/json",
             "url": url, "created": created, "last_modified": modified, "position": i,
             "description": f"Versi {version.number if version else ''}"}
            for i, (fmt, url) in enumerate(urls.items())],
        "num_resources": 2,
    }


def ckan_organization(office: Office) -> dict[str, Any]:
    return {"id": f"balai-office-{office.pk}", "name": office.code, "title": office.name,
            "type": "organization", "state": "active", "is_organization": True,
            "description": office.name, "image_url": ""}


def offices_managed_by(user: Any) -> QuerySet[Office]:
    """Offices whose open data the user publishes (PPID or admin there)."""
    if not user.is_authenticated:
        return Office.objects.none()
    return Office.objects.filter(roles__user=user,
                                 roles__role__in=["ppid", "admin"]).distinct().order_by("name")


def managed_datasets(user: Any) -> QuerySet[Dataset]:
    return (Dataset.objects.filter(office__in=offices_managed_by(user), is_system=False)
            .select_related("office", "current").order_by("-modified_at", "id"))
