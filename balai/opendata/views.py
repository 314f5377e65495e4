"""Pages of open data: the list, a dataset with its versions, downloads (CSV, JSON) and the
DCAT catalogue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from balai.core.errors import DomainError
from balai.opendata import actions, dcat, forms, queries, resources
from balai.opendata.models import DatasetVersion


def index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    page = Paginator(queries.search_datasets(query), 20).get_page(request.GET.get("page"))
    return render(request, "opendata/index.html", {
        "page_obj": page, "query": query,
        "query_string": f"q={query}" if query else ""})


def dataset(request: HttpRequest, slug: str) -> HttpResponse:
    found = queries.get_dataset(slug)
    if found is None:
        raise Http404
    versions = found.versions.defer("rows", "columns").order_by("-number")[:20]
    preview = found.current.rows[:10] if found.current else []
    return render(request, "opendata/dataset.html", {"dataset": found, "versions": versions,
                                                     "preview": preview})


def _version(slug: str, number: str | None) -> DatasetVersion:
    found = queries.get_dataset(slug)
    if found is None or found.current is None:
        raise Http404
    if not number:
        return found.current
    try:
        version = found.versions.filter(number=int(number)).first()
    except ValueError:
        version = None
    if version is None:
        raise Http404
    return version


def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "json"):
        raise Http404
    version = _version(slug, request.GET.get("versi"))
    actions.count_download(version=version, fmt=fmt)
    filename = f"{slug}-v{version.number}.{fmt}"
    content = resources.render(fmt, slug=slug, number=version.number, columns=version.columns,
                               rows=version.rows)
    response = HttpResponse(content, content_type=f"{resources.MIMETYPES[fmt]}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _catalog_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message,
                                   "formats": sorted(dcat.MEDIA_TYPES)}}, status=status)


def catalog(request: HttpRequest, fmt: str = "") -> HttpResponse:
    """The DCAT-AP catalogue: /data/catalog in the format the Accept header asks for (JSON-LD
    by default), /data/catalog.jsonld|.ttl|.rdf in that format; ?page=N for the next pages."""
    if fmt and fmt not in dcat.FORMATS:
        raise Http404
    if not fmt:
        preferred = request.get_preferred_type(list(dcat.MEDIA_TYPES))
        if preferred is None:
            response: HttpResponse = _catalog_error(
                406, "CATALOG_NOT_ACCEPTABLE",
                _("Katalog tersedia sebagai JSON-LD, Turtle atau RDF/XML."))
            response["Vary"] = "Accept"
            return response
        fmt = dcat.MEDIA_TYPES[preferred]
    page = request.GET.get("page", "1")
    try:
        graph = dcat.catalog_graph(request, page=int(page))
    except (ValueError, dcat.PageNotFound):
        response = _catalog_error(404, "CATALOG_PAGE_NOT_FOUND",
                                  _("Halaman katalog tidak ada."))
    else:
        data, media_type = dcat.serialise(graph, fmt)
        response = HttpResponse(data, content_type=f"{media_type}; charset=utf-8")
    response["Vary"] = "Accept"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """The office's datasets, and a new one from a CSV file (PPID or admin of the office)."""
    offices = queries.offices_managed_by(request.user)
    if not offices.exists():
        raise Http404
    form = forms.DatasetForm(request.POST or None, request.FILES or None, offices=offices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dataset = actions.create_dataset_from_csv(
                actor=request.user, office=data["office"], title=data["title"],  # type: ignore[arg-type]
                slug=data["slug"], data=data["file"], description=data["description"],
                period=data["period"], licence=data["licence"], frequency=data["frequency"],
                keywords=data["keywords"], topics=list(data.get("topics", [])),
                maintainer=data["maintainer"], maintainer_email=data["maintainer_email"])
        except DomainError as error:
            form.add_error("slug" if error.code == "DATASET_SLUG_TAKEN" else "file",
                           error.message)
        else:
            messages.success(request, _("Dataset terbit."))
            return redirect("opendata:dataset", dataset.slug)
    page = Paginator(queries.managed_datasets(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "opendata/manage.html", {"form": form, "page_obj": page})


@login_required
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = queries.managed_datasets(request.user).filter(slug=slug).first()
    if dataset is None:
        raise Http404
    form = forms.VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.upload_version(actor=request.user, dataset=dataset,  # type: ignore[arg-type]
                                             data=form.cleaned_data["file"],
                                             note=form.cleaned_data["note"])
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("Versi baru terbit.") if version else
                             _("Isi tabel sama dengan versi terkini; tidak ada versi baru."))
            return redirect("opendata:dataset", dataset.slug)
    return render(request, "opendata/upload.html", {"form": form, "dataset": dataset})
