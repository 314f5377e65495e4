"""Open data: /api/v1/datasets. Calls balai.opendata's queries and actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

from balai.api.auth import OPTIONAL, OPTIONAL_OPENAPI
from balai.api.errors import FieldErrors, errors
from balai.api.pagination import DEFAULT_PER_PAGE, MAX_PER_PAGE, PageOut, paginate
from balai.opendata import actions, queries
from balai.opendata.models import Dataset

router = Router(tags=["data terbuka"], auth=OPTIONAL)


class DatasetOut(Schema):
    slug: str
    title: str
    description: str
    office: str
    period: str
    licence: str
    frequency: str
    keywords: list[str]
    version: int
    rows: int
    modified_at: dt.datetime
    downloads: int
    csv_url: str
    json_url: str
    data_url: str


class DatasetListOut(Schema):
    items: list[DatasetOut]
    page: PageOut


class DatasetFilters(Schema):
    q: str = Field("", max_length=100)
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


class DataOut(Schema):
    dataset: str
    version: int
    columns: list[str]
    rows: list[list[Any]]


def _dataset(dataset: Dataset) -> dict[str, Any]:
    version = dataset.current
    assert version is not None
    return {"slug": dataset.slug, "title": dataset.title, "description": dataset.description,
            "office": dataset.office.code, "period": dataset.period,
            "licence": dataset.licence, "frequency": dataset.frequency,
            "keywords": [k.strip() for k in dataset.keywords.split(",") if k.strip()],
            "version": version.number, "rows": version.row_count,
            "modified_at": dataset.modified_at, "downloads": dataset.downloads,
            "csv_url": reverse("opendata:download", args=[dataset.slug, "csv"]),
            "json_url": reverse("opendata:download", args=[dataset.slug, "json"]),
            "data_url": reverse("api-v1:dataset_data", args=[dataset.slug])}


@router.get("/datasets", response={200: DatasetListOut, **errors(422)},
            summary="List open datasets", openapi_extra=OPTIONAL_OPENAPI,
            description="Published datasets with their metadata, newest first. Added in v1.")
def dataset_list(request: HttpRequest, filters: Query[DatasetFilters]) -> dict[str, Any]:
    if not 1 <= filters.per_page <= MAX_PER_PAGE:
        raise FieldErrors({"per_page": [f"Antara 1 dan {MAX_PER_PAGE}."]})
    rows, page = paginate(queries.search_datasets(filters.q), page=filters.page,
                          per_page=filters.per_page)
    return {"items": [_dataset(d) for d in rows], "page": page}


@router.get("/datasets/{slug}", response={200: DatasetOut, **errors(404)},
            summary="One open dataset", openapi_extra=OPTIONAL_OPENAPI,
            description="A dataset's metadata and current version. Added in v1.")
def dataset_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    dataset = queries.get_dataset(slug)
    if dataset is None:
        raise Http404
    return _dataset(dataset)


@router.get("/datasets/{slug}/data", response={200: DataOut, **errors(404, 422)},
            url_name="dataset_data", summary="A dataset's table",
            openapi_extra=OPTIONAL_OPENAPI,
            description="The columns and rows of the current version, or of `version`; counts "
                        "as a download. Added in v1.")
def dataset_data(request: HttpRequest, slug: str, version: int | None = None) -> dict[str, Any]:
    dataset = queries.get_dataset(slug)
    if dataset is None or dataset.current is None:
        raise Http404
    found = dataset.current
    if version is not None:
        found = dataset.versions.filter(number=version).first()
        if found is None:
            raise FieldErrors({"version": [f"Versi tidak ada; versi terkini "
                                           f"{dataset.current.number}."]})
    actions.count_download(version=found, fmt="json")
    return {"dataset": slug, "version": found.number, "columns": found.columns,
            "rows": found.rows}
