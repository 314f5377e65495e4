"""Pages of the health queue: parse, authorize, call an action or a query, render. Everything
works without JavaScript; the queue board refreshes itself, faster with a small script."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST, require_safe

from balai.accounts.models import User
from balai.accounts.queries import is_verified_citizen
from balai.core.errors import DomainError
from balai.core.pagination import page_of
from balai.health import actions, forms, queries
from balai.health.access import polyclinic_for_desk, visit_for_desk, visit_for_patient
from balai.health.models import Facility, Polyclinic, Task, Visit

BOARD_REFRESH_SECONDS = 30
# The desk's button for each stage it records next (task 4 is "Panggil berikutnya", task 5
# has two buttons: to the pharmacy or done without a prescription).
STAGE_BUTTONS = {
    Task.WAIT_ADMISSION: _lazy("Catat kedatangan"),
    Task.ADMISSION: _lazy("Mulai pendaftaran"),
    Task.WAIT_POLI: _lazy("Selesai pendaftaran"),
    Task.PHARMACY: _lazy("Mulai layani farmasi"),
    Task.DONE_PHARMACY: _lazy("Obat diserahkan"),
}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _facility_or_404(code: str) -> Facility:
    facility = queries.get_facility(code)
    if facility is None:
        raise Http404
    return facility


# --- public ---------------------------------------------------------------------------------

@require_safe
def facility_list(request: HttpRequest) -> HttpResponse:
    form = forms.FacilityFilterForm(request.GET or None)
    kecamatan = form.cleaned_data["kecamatan"] if form.is_valid() else ""
    page = page_of(queries.facilities(kecamatan=kecamatan), request)
    query_string = urlencode({"kecamatan": kecamatan}) if kecamatan else ""
    return render(request, "health/facility_list.html",
                  {"form": form, "page": page, "query_string": query_string},
                  status=400 if form.is_bound and form.errors else 200)


@require_safe
def facility_detail(request: HttpRequest, code: str) -> HttpResponse:
    facility = _facility_or_404(code)
    polyclinics = [{"polyclinic": polyclinic, "schedules": list(polyclinic.schedules.all())}
                   for polyclinic in facility.polyclinics.all()]
    return render(request, "health/facility_detail.html",
                  {"facility": facility, "polyclinics": polyclinics})


def _board_rows(facility: Facility) -> list[queries.BoardRow]:
    return queries.board(facility, timezone.localdate())


@require_safe
def queue_board(request: HttpRequest, code: str) -> HttpResponse:
    facility = _facility_or_404(code)
    return render(request, "health/board.html", {
        "facility": facility, "rows": _board_rows(facility), "now": timezone.now(),
        "refresh": BOARD_REFRESH_SECONDS})


@require_safe
def queue_board_json(request: HttpRequest, code: str) -> JsonResponse:
    facility = _facility_or_404(code)
    response = JsonResponse(queries.board_json(_board_rows(facility), now=timezone.now()))
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def facility_statistics(request: HttpRequest, code: str) -> HttpResponse:
    facility = _facility_or_404(code)
    return render(request, "health/statistics.html", {
        "facility": facility, "days": queries.STATISTICS_DAYS,
        "rows": queries.statistics(facility, today=timezone.localdate())})


# --- patients -------------------------------------------------------------------------------

def _polyclinic_or_404(polyclinic_id: int) -> Polyclinic:
    polyclinic = queries.get_polyclinic(polyclinic_id)
    if polyclinic is None:
        raise Http404
    return polyclinic


@login_required
def book(request: HttpRequest, polyclinic_id: int) -> HttpResponse:
    user = _user(request)
    polyclinic = _polyclinic_or_404(polyclinic_id)
    if not is_verified_citizen(user):
        return render(request, "complaints/not_citizen.html", status=403)
    days = queries.availability(polyclinic, today=timezone.localdate())
    form = forms.BookingForm(request.POST or None, days=days)
    if request.method == "POST" and form.is_valid():
        try:
            visit = actions.book_visit(
                polyclinic=polyclinic, date=dt.date.fromisoformat(form.cleaned_data["date"]),
                channel=Visit.Channel.ONLINE, actor=user, patient=user,
                bpjs_number=form.cleaned_data["bpjs_number"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Nomor antrean Anda: %(ticket)s.") % {
                "ticket": visit.ticket})
            return redirect("health:visit", visit_id=visit.pk)
    return render(request, "health/book.html",
                  {"polyclinic": polyclinic, "form": form, "days": days},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
@require_safe
def my_visits(request: HttpRequest) -> HttpResponse:
    page = page_of(queries.visits_of(_user(request)), request)
    return render(request, "health/my_visits.html", {"page": page, "query_string": ""})


def _own_visit(request: HttpRequest, visit_id: int) -> Visit:
    visit = visit_for_patient(_user(request), visit_id)
    if visit is None:
        raise Http404
    return visit


@login_required
@require_safe
def visit_detail(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = _own_visit(request, visit_id)
    return render(request, "health/visit.html", {
        "visit": visit, "ahead": queries.people_ahead(visit) if visit.is_open else 0})


@login_required
@require_POST
def cancel(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = _own_visit(request, visit_id)
    try:
        actions.cancel_visit(visit=visit, actor=_user(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Antrean Anda dibatalkan."))
    return redirect("health:visit", visit_id=visit.pk)


# --- the desk -------------------------------------------------------------------------------

@login_required
@require_safe
def desk_home(request: HttpRequest) -> HttpResponse:
    facilities = list(queries.desk_facilities(_user(request)))
    if not facilities:
        raise Http404
    return render(request, "health/desk.html", {"facilities": facilities})


def _desk_polyclinic(request: HttpRequest, polyclinic_id: int) -> Polyclinic:
    polyclinic = polyclinic_for_desk(_user(request), polyclinic_id)
    if polyclinic is None:
        raise Http404
    return polyclinic


def _desk_visit(request: HttpRequest, visit_id: int) -> Visit:
    visit = visit_for_desk(_user(request), visit_id)
    if visit is None:
        raise Http404
    return visit


def _back_to_desk(visit: Visit) -> HttpResponse:
    response = redirect("health:desk_day", polyclinic_id=visit.polyclinic_id)
    if visit.date != timezone.localdate():
        response["Location"] += "?" + urlencode({"tanggal": visit.date.isoformat()})
    return response


@login_required
@require_safe
def desk_day(request: HttpRequest, polyclinic_id: int) -> HttpResponse:
    polyclinic = _desk_polyclinic(request, polyclinic_id)
    today = timezone.localdate()
    try:
        day = dt.date.fromisoformat(request.GET.get("tanggal", "")) if request.GET.get(
            "tanggal") else today
    except ValueError:
        day = today
    visits = queries.desk_day(polyclinic, day)
    next_stage = {visit.pk: actions.NEXT_STAGE.get(visit.stage) for visit in visits
                  if visit.is_open and visit.status != Visit.Status.WAITING}
    return render(request, "health/desk_day.html", {
        "polyclinic": polyclinic, "day": day, "is_today": day == today, "is_future": day > today,
        "visits": [(v, next_stage.get(v.pk), STAGE_BUTTONS.get(next_stage.get(v.pk)))
                   for v in visits],
        "plan": queries.day_plan(polyclinic, day),
        "waiting": sum(1 for v in visits if v.status == Visit.Status.WAITING),
        "previous_day": day - dt.timedelta(days=1), "next_day": day + dt.timedelta(days=1)})


@login_required
def desk_book(request: HttpRequest, polyclinic_id: int) -> HttpResponse:
    user = _user(request)
    polyclinic = _desk_polyclinic(request, polyclinic_id)
    today = timezone.localdate()
    days = queries.availability(polyclinic, today=today)
    form = forms.DeskBookingForm(request.POST or None, days=days,
                                 initial={"date": today.isoformat()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        walk_in = data["kind"] == "datang"
        try:
            visit = actions.book_visit(
                polyclinic=polyclinic, date=dt.date.fromisoformat(data["date"]),
                channel=Visit.Channel.DESK if walk_in else Visit.Channel.PHONE, actor=user,
                patient_name=data["patient_name"], phone=data["phone"],
                bpjs_number=data["bpjs_number"], walk_in=walk_in)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(name)s mendapat nomor %(ticket)s, perkiraan "
                                        "%(time)s.") % {
                "name": visit.patient_name, "ticket": visit.ticket,
                "time": timezone.localtime(visit.estimated_at).strftime("%H.%M")})
            return _back_to_desk(visit)
    return render(request, "health/desk_book.html", {"polyclinic": polyclinic, "form": form},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
@require_POST
def call_next(request: HttpRequest, polyclinic_id: int) -> HttpResponse:
    polyclinic = _desk_polyclinic(request, polyclinic_id)
    try:
        visit = actions.call_next(polyclinic=polyclinic, actor=_user(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if visit is None:
            messages.info(request, _("Tidak ada pasien yang menunggu."))
        else:
            messages.success(request, _("Memanggil nomor %(ticket)s.") % {
                "ticket": visit.ticket})
    return redirect("health:desk_day", polyclinic_id=polyclinic.pk)


@login_required
@require_POST
def stage(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = _desk_visit(request, visit_id)
    try:
        task = int(request.POST.get("task", ""))
    except ValueError:
        task = 0
    try:
        visit = actions.record_stage(visit=visit, actor=_user(request), task=task,
                                     pharmacy=request.POST.get("farmasi") != "tidak")
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Nomor %(ticket)s: %(status)s.") % {
            "ticket": visit.ticket, "status": visit.get_status_display()})
    return _back_to_desk(visit)


@login_required
@require_POST
def skip(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = _desk_visit(request, visit_id)
    try:
        visit = actions.skip_visit(visit=visit, actor=_user(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Nomor %(ticket)s dicatat tidak hadir.") % {
            "ticket": visit.ticket})
    return _back_to_desk(visit)


@login_required
@require_POST
def desk_cancel(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = _desk_visit(request, visit_id)
    try:
        visit = actions.cancel_visit(visit=visit, actor=_user(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Nomor %(ticket)s dibatalkan.") % {"ticket": visit.ticket})
    return _back_to_desk(visit)
