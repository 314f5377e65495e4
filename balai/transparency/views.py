"""The public dashboard (no login), its CSV tables, and the citizen's satisfaction survey."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import DomainError
from balai.core.pagecache import public_page
from balai.transparency import actions, charts, queries
from balai.transparency.access import survey_for_respondent
from balai.transparency.forms import DashboardFilter, SurveyForm
from balai.transparency.models import SKM_ELEMENTS


def _board(request: HttpRequest) -> tuple[queries.Dashboard, DashboardFilter]:
    years = queries.available_years()
    form = DashboardFilter(request.GET or None, years=years)
    year, office = years[0], None
    if form.is_valid():
        year = form.cleaned_data["tahun"] or year
        office = form.cleaned_data["kantor"]
    return queries.dashboard(year=year, office=office), form


@public_page("dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    board, form = _board(request)
    months = board.months
    cases_chart = charts.bar_chart(
        title=_("Permohonan diterima dan selesai per bulan"),
        categories=[m.label for m in months],
        series=[(_("Diterima"), [m.received for m in months]),
                (_("Selesai"), [m.completed for m in months])])
    payments_chart = charts.bar_chart(
        title=_("Penerimaan pembayaran per bulan (Rp)"),
        categories=[m.label for m in months], series=[(_("Rupiah"), [m.amount for m in months])])
    query = request.GET.urlencode()
    literacy = board.literacy
    literacy_tables = [(_("Per kecamatan"), literacy.kecamatan),
                       (_("Per kelompok sasaran"), literacy.target_group),
                       (_("Per pilar literasi digital"), literacy.pillar)] if literacy else []
    return render(request, "transparency/dashboard.html", {
        "board": board, "form": form, "cases_chart": cases_chart,
        "payments_chart": payments_chart, "query": query, "literacy_tables": literacy_tables})


CSV_TABLES = {"layanan", "pengaduan", "bulanan"}


def dashboard_csv(request: HttpRequest, table: str) -> HttpResponse:
    if table not in CSV_TABLES:
        raise Http404
    board, _form = _board(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dasbor-{table}-{board.year}.csv"'
    writer = csv.writer(response)
    if table == "bulanan":
        writer.writerow(["bulan", "permohonan_diterima", "permohonan_selesai",
                         "pengaduan_diterima", "pembayaran", "penerimaan_rp"])
        for m in board.months:
            writer.writerow([m.month.strftime("%Y-%m"), m.received, m.completed, m.complaints,
                             m.payments, m.amount])
        return response
    rows = board.services if table == "layanan" else board.complaints
    writer.writerow(["kantor", "topik", "nama", "diterima", "selesai", "selesai_dengan_hasil",
                     "tepat_waktu_persen", "median_hari_kerja", "p90_hari_kerja", "ikm",
                     "mutu", "responden", "sampel_dianjurkan"])
    for r in rows:
        writer.writerow([r.office, r.topic, r.label, r.received, r.closed, r.completed,
                         r.on_time_rate if r.on_time_rate is not None else "",
                         _blank(r.median_days), _blank(r.p90_days),
                         r.ikm.converted if r.ikm else "", r.ikm.grade if r.ikm else "",
                         r.ikm.respondents if r.ikm else 0, r.sample])
    return response


def _blank(value: Any) -> Any:
    return "" if value is None else value


@login_required
def my_surveys(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.surveys_for_user(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "transparency/surveys.html", {"page_obj": page})


@login_required
def survey(request: HttpRequest, survey_id: int) -> HttpResponse:
    item = survey_for_respondent(request.user, survey_id)  # type: ignore[arg-type]
    if item.is_answered:
        messages.info(request, _("Survei untuk layanan ini sudah Anda isi. Terima kasih; satu "
                                 "layanan hanya dinilai satu kali."))
        return render(request, "transparency/survey_done.html", {"survey": item}, status=200)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_survey(actor=request.user, survey=item,  # type: ignore[arg-type]
                                  scores=form.scores(),
                                  suggestion=form.cleaned_data["suggestion"])
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("transparency:survey", item.pk)
        messages.success(request, _("Terima kasih. Penilaian Anda sudah kami terima."))
        return redirect("transparency:surveys")
    return render(request, "transparency/survey.html", {
        "survey": item, "form": form, "elements": SKM_ELEMENTS, "now": timezone.now()})
