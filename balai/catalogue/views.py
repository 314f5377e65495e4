"""Public catalogue pages (no sign-in): the catalogue by category, a category, a service, and
search. Views parse, call a query, render."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from balai.catalogue import queries
from balai.catalogue.forms import ServiceSearchForm
from balai.catalogue.structured_data import government_service
from balai.core.pagecache import public_page


@public_page("catalogue")
def index(request: HttpRequest) -> HttpResponse:
    categories = queries.catalogue_by_category()
    return render(request, "catalogue/index.html", {
        "categories": categories,
        "service_count": sum(category.count for category in categories),
        "search_form": ServiceSearchForm(),
    })


@public_page("catalogue")
def category(request: HttpRequest, category: str) -> HttpResponse:
    found = queries.category_services(category)
    if found is None:
        raise Http404(_("Kategori layanan tidak ditemukan."))
    return render(request, "catalogue/category.html", {"category": found})


@public_page("catalogue")
def service(request: HttpRequest, code: str) -> HttpResponse:
    found = queries.get_public_service(code)
    if found is None or found.current is None:
        raise Http404(_("Layanan tidak ditemukan."))
    spec = found.current.spec
    return render(request, "catalogue/service.html", {
        "service": found,
        "spec": spec,
        "steps": queries.workflow_steps(spec, get_language() or "id"),
        "initial_state": spec.workflow.label(spec.workflow.initial, get_language() or "id"),
        "structured_data": government_service(found, language=get_language() or "id"),
    })


def search(request: HttpRequest) -> HttpResponse:
    form = ServiceSearchForm(request.GET or None)
    query = ""
    results = []
    if form.is_valid():
        query = form.cleaned_data["q"]
        results = queries.search_services(query)
    return render(request, "catalogue/search.html", {
        "form": form, "query": query, "results": results,
    })
