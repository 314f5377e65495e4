"""Pages of public internet access: the public list and map (no JavaScript needed), a point's
page, citizens' outage reports, and the Diskominfo officers' pages (points, reports, coverage,
the planning list and the report table as HTML and CSV). Parse, authorize, call, render."""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.access_points import actions, basemap, forms, queries
from balai.access_points.access import (
    desa_for_officer,
    point_for_officer,
    point_for_public,
    report_for_officer,
    require_officer,
)
from balai.accounts.models import User
from balai.accounts.queries import is_verified_citizen
from balai.core.errors import DomainError
from balai.core.pagination import page_of
from balai.core.ratelimit import throttle


def _filters(request: HttpRequest) -> tuple[forms.PointFilterForm, queries.PointFilters, str]:
    form = forms.PointFilterForm(request.GET or None)
    filters = queries.PointFilters()
    if form.is_valid():
        filters = queries.PointFilters(kecamatan=form.cleaned_data["kecamatan"],
                                       kind=form.cleaned_data["jenis"],
                                       status=form.cleaned_data["status"])
    query_string = urlencode({k: v for k, v in (("kecamatan", filters.kecamatan),
                                                ("jenis", filters.kind),
                                                ("status", filters.status)) if v})
    return form, filters, query_string


# --- public -------------------------------------------------------------------------------

def public_list(request: HttpRequest) -> HttpResponse:
    form, filters, query_string = _filters(request)
    page = page_of(queries.public_points(filters), request)
    return render(request, "access_points/list.html", {
        "form": form, "page": page, "query_string": query_string,
        "demo": queries.has_demo_points()})


def public_map(request: HttpRequest) -> HttpResponse:
    form, filters, query_string = _filters(request)
    placed, tiles = queries.map_points(filters)
    response = render(request, "access_points/map.html", {
        "form": form, "placed": placed, "tiles": tiles, "query_string": query_string,
        "attribution": settings.BALAI_MAP_TILE_ATTRIBUTION})
    if tiles:
        # The base map's images come from the configured tile server, on this page only.
        response._csp_update = {"img-src": [basemap.tile_origin()]}  # type: ignore[attr-defined]
    return response


def detail(request: HttpRequest, point_id: int) -> HttpResponse:
    point = point_for_public(point_id)
    return render(request, "access_points/detail.html", {
        "point": point, "is_officer": queries.is_officer(request.user)})  # type: ignore[arg-type]


def _reporter(request: HttpRequest) -> str | None:
    return str(request.user.pk) if request.user.is_authenticated else None


@login_required
@throttle("outage_report", account=_reporter)
def report(request: HttpRequest, point_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    point = point_for_public(point_id)
    if not is_verified_citizen(user):
        return render(request, "access_points/not_citizen.html", status=403)
    form = forms.ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.report_outage(actor=user, point=point, problem=form.cleaned_data["problem"],
                                  description=form.cleaned_data["description"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Terima kasih. Laporan Anda diterima dan akan diperiksa "
                                        "petugas Diskominfo."))
            return redirect("access_points:detail", point_id=point.pk)
    return render(request, "access_points/report.html", {"form": form, "point": point},
                  status=400 if form.errors else 200)


# --- officers -----------------------------------------------------------------------------

@login_required
def officer_home(request: HttpRequest) -> HttpResponse:
    require_officer(request.user)  # type: ignore[arg-type]
    return render(request, "access_points/officer_home.html", {
        "reports": list(queries.open_reports()), "decided": queries.recent_decisions(),
        "decision_form": forms.DecisionForm()})


@login_required
def point_form(request: HttpRequest, point_id: int | None = None) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if point_id is None:
        require_officer(user)
    point = point_for_officer(user, point_id) if point_id is not None else None
    form = forms.AccessPointForm(request.POST or None, instance=point)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if point is None:
                point = actions.create_access_point(actor=user, **data)
            else:
                point = actions.update_access_point(actor=user, point=point, **data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Titik akses tersimpan."))
            return redirect("access_points:detail", point_id=point.pk)
    return render(request, "access_points/point_form.html", {"form": form, "point": point},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def decide(request: HttpRequest, report_id: int, decision: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    found = report_for_officer(user, report_id)
    if decision not in ("konfirmasi", "tolak"):
        raise Http404
    form = forms.DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        actions.decide_report(actor=user, report=found, confirm=decision == "konfirmasi",
                              note=note)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Hasil pemeriksaan laporan tersimpan."))
    return redirect("access_points:officer_home")


@login_required
def coverage_add(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    require_officer(user)
    form = forms.CoverageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_coverage(actor=user, observations=[actions.Observation(
                desa=data["desa"], dusun=data["dusun"], operator=data["operator"],
                technology=data["technology"], signal=data["signal"], source=data["source"],
                source_note=data["source_note"], observed_on=data["observed_on"])])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Pengamatan sinyal dicatat."))
            return redirect("access_points:coverage_add")
    return render(request, "access_points/coverage_form.html", {"form": form},
                  status=400 if form.errors else 200)


@login_required
def desa_profile(request: HttpRequest, code: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    desa = desa_for_officer(user, code)
    profile = queries.desa_profile(desa)
    initial = {}
    if profile is not None:
        initial = {name: getattr(profile, name) for name in forms.DesaProfileForm.base_fields}
    form = forms.DesaProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.update_desa_profile(actor=user, desa=desa, **form.cleaned_data)
        messages.success(request, _("Data desa tersimpan."))
        return redirect("access_points:planning")
    return render(request, "access_points/desa_profile.html", {"form": form, "desa": desa},
                  status=400 if form.errors else 200)


@login_required
def planning(request: HttpRequest) -> HttpResponse:
    require_officer(request.user)  # type: ignore[arg-type]
    rows = queries.desa_coverage()
    table, totals = queries.report_table(rows)
    return render(request, "access_points/planning.html", {
        "planning": queries.planning_list(rows), "table": table, "totals": totals,
        "surveyed": sum(r.klass != queries.NOT_SURVEYED for r in rows), "desa_count": len(rows)})


@login_required
def report_csv(request: HttpRequest) -> HttpResponse:
    require_officer(request.user)  # type: ignore[arg-type]
    table, totals = queries.report_table()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="rekap-sinyal-desa-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(queries.REPORT_COLUMNS)
    writer.writerows(table)
    writer.writerow(totals)
    return response
