"""The public service catalogue: /api/v1/services. Calls balai.catalogue.queries."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from ninja import Query, Router, Schema

from balai.api.auth import OPTIONAL, OPTIONAL_OPENAPI
from balai.api.errors import FieldErrors, errors
from balai.api.pagination import DEFAULT_PER_PAGE, MAX_PER_PAGE, PageOut, paginate
from balai.catalogue import queries
from balai.catalogue.models import Service
from balai.catalogue.spec import CATEGORIES
from balai.core import pagecache

router = Router(tags=["layanan"], auth=OPTIONAL)


class OfficeOut(Schema):
    code: str
    name: str


class ServiceSummaryOut(Schema):
    code: str
    name: str
    category: str
    category_label: str
    office: OfficeOut
    description: str
    deadline_working_days: int
    fee: int
    version: int
    url: str
    page_url: str


class ServiceListOut(Schema):
    items: list[ServiceSummaryOut]
    page: PageOut


class RequirementOut(Schema):
    code: str
    name: str
    description: str
    formats: list[str]
    max_mb: float
    required: bool


class ChoiceOut(Schema):
    value: str
    label: str


class FieldOut(Schema):
    name: str
    type: str
    label: str
    required: bool
    help: str
    max_length: int | None
    min: float | None
    max: float | None
    choices: list[ChoiceOut]
    not_after: str | None
    not_before: str | None


class StepOut(Schema):
    label: str
    actors: str
    from_states: list[str]
    to_state: str
    comment_required: bool
    issues_document: bool


class StepsOut(Schema):
    main: list[StepOut]
    other: list[StepOut]


class StateOut(Schema):
    name: str
    label: str
    final: bool


class ServiceDetailOut(ServiceSummaryOut):
    legal_basis: str
    requirements: list[RequirementOut]
    fields: list[FieldOut]
    states: list[StateOut]
    initial_state: str
    steps: StepsOut
    output_title: str | None
    apply_url: str


class ServiceFilters(Schema):
    category: str = ""
    q: str = ""
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


def _language() -> str:
    return get_language() or "id"


def _summary(service: Service) -> dict[str, Any]:
    spec = service.current.spec  # type: ignore[union-attr]
    language = _language()
    return {
        "code": service.code, "name": spec.name.get(language), "category": service.category,
        "category_label": str(CATEGORIES.get(service.category, service.category)),
        "office": {"code": service.office.code, "name": service.office.name},
        "description": spec.description.get(language),
        "deadline_working_days": spec.deadline_working_days, "fee": spec.fee,
        "version": spec.version,
        "url": reverse("api-v1:service_detail", kwargs={"code": service.code}),
        "page_url": reverse("catalogue:service", kwargs={"code": service.code}),
    }


@router.get("/services", response={200: ServiceListOut, **errors(401, 422)},
            summary="List public services", openapi_extra=OPTIONAL_OPENAPI,
            description="The public services in force, by name, optionally of one category or "
                        "matching a search (Indonesian words match their root). Added in v1.")
def service_list(request: HttpRequest, filters: Query[ServiceFilters]) -> dict[str, Any]:
    # Cached for anonymous callers; the anonymous rate limit still counts every call.
    pagecache.mark(request, "catalogue", guard="balai.api.throttling.anonymous_allowed")
    if filters.category and filters.category not in CATEGORIES:
        raise FieldErrors({"category": [f"Kategori tidak dikenal. Pilihan: "
                                        f"{', '.join(CATEGORIES)}."]})
    if not 1 <= filters.per_page <= MAX_PER_PAGE:
        raise FieldErrors({"per_page": [f"Antara 1 dan {MAX_PER_PAGE}."]})
    rows: Any
    if filters.q.strip():
        rows = [s for s in queries.search_services(filters.q)
                if not filters.category or s.category == filters.category]
    else:
        rows = queries.public_services().order_by("name", "id")
        if filters.category:
            rows = rows.filter(category=filters.category)
    items, page = paginate(rows, page=max(filters.page, 1), per_page=filters.per_page)
    return {"items": [_summary(service) for service in items], "page": page}


@router.get("/services/{code}", response={200: ServiceDetailOut, **errors(401, 404)},
            summary="One public service", url_name="service_detail",
            openapi_extra=OPTIONAL_OPENAPI,
            description="A service's requirements, form fields, workflow steps, deadline in "
                        "working days, fee and office. Added in v1.")
def service_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    service = queries.get_public_service(code)
    if service is None or service.current is None:
        raise Http404
    spec = service.current.spec
    language = _language()
    steps = queries.workflow_steps(spec, language)
    return {
        **_summary(service),
        "legal_basis": spec.legal_basis,
        "requirements": [{"code": r.code, "name": r.name.get(language),
                          "description": r.description.get(language),
                          "formats": list(r.formats), "max_mb": r.max_mb,
                          "required": r.required} for r in spec.requirements],
        "fields": [{"name": f.name, "type": f.type, "label": f.label.get(language),
                    "required": f.required, "help": f.help.get(language),
                    "max_length": f.max_length, "min": f.min_value, "max": f.max_value,
                    "choices": [{"value": value, "label": label.get(language)}
                                for value, label in f.choices],
                    "not_after": f.not_after, "not_before": f.not_before}
                   for f in spec.fields if f.type != "file"],
        "states": [{"name": state, "label": spec.workflow.label(state, language),
                    "final": state in spec.workflow.final_states}
                   for state in spec.workflow.states],
        "initial_state": spec.workflow.initial,
        "steps": {"main": [asdict(step) for step in steps.main],
                  "other": [asdict(step) for step in steps.other]},
        "output_title": spec.output.title.get(language) if spec.output else None,
        "apply_url": reverse("api-v1:application_create"),
    }
