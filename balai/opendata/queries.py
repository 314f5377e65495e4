"""Reads of open data: the public list, one dataset and the DCAT catalogue (the CKAN Action
API's reads are in ckan_queries)."""

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


def dcat_catalog(request: HttpRequest) -> dict[str, Any]:
    """The catalogue as DCAT in JSON-LD (what CKAN's ckanext-dcat harvester reads)."""
    from django.conf import settings

    datasets = []
    for dataset in public_datasets():
        urls = resource_urls(request, dataset)
        page = request.build_absolute_uri(reverse("opendata:dataset", args=[dataset.slug]))
        datasets.append({
            "@id": page, "@type": "dcat:Dataset", "dct:identifier": dataset.slug,
            "dct:title": dataset.title, "dct:description": dataset.description,
            "dct:issued": dataset.created_at.isoformat(),
            "dct:modified": dataset.modified_at.isoformat(),
            "dct:publisher": {"@type": "foaf:Organization", "foaf:name": dataset.office.name},
            "dct:accrualPeriodicity": {"@id": FREQUENCY_URIS.get(dataset.frequency, "")},
            "dct:temporal": dataset.period,
            "dct:license": {"@id": LICENCES.get(dataset.licence, ("", dataset.licence))[1]},
            "dcat:keyword": [k.strip() for k in dataset.keywords.split(",") if k.strip()],
            "dcat:landingPage": {"@id": page},
            "owl:versionInfo": str(dataset.current.number if dataset.current else ""),
            "dcat:distribution": [
                {"@type": "dcat:Distribution", "dct:title": f"{dataset.title} ({fmt.upper()})",
                 "dcat:accessURL": {"@id": url}, "dcat:downloadURL": {"@id": url},
                 "dcat:mediaType": "text/csv" if fmt == "csv" else "application/json",
                 "dct:format": fmt.upper()}
                for fmt, url in urls.items()],
        })
    return {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                     "foaf": "http://xmlns.com/foaf/0.1/",
                     "owl": "http://www.w3.org/2002/07/owl#"},
        "@id": request.build_absolute_uri(reverse("opendata:catalog")),
        "@type": "dcat:Catalog",
        "dct:title": f"Data terbuka {settings.BALAI_REGENCY_NAME}",
        "dct:language": "id",
        "dcat:dataset": datasets,
    }


def offices_managed_by(user: Any) -> QuerySet[Office]:
    """Offices whose open data the user publishes (PPID or admin there)."""
    if not user.is_authenticated:
        return Office.objects.none()
    return Office.objects.filter(roles__user=user,
                                 roles__role__in=["ppid", "admin"]).distinct().order_by("name")


def managed_datasets(user: Any) -> QuerySet[Dataset]:
    return (Dataset.objects.filter(office__in=offices_managed_by(user), is_system=False)
            .select_related("office", "current").order_by("-modified_at", "id"))
