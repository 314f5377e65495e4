"""Pages of public information: the catalogue, requests and their tracking, the PPID's and the
atasan PPID's work, and the annual report. Parse, authorize, call, render."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from balai.accounts.models import Role, User
from balai.accounts.queries import calendar_feed_owner
from balai.core import ical
from balai.core.calendar import working_calendar
from balai.core.errors import DomainError
from balai.information import access, actions, forms, queries
from balai.information.calendar import requester_calendar
from balai.information.models import InformationRequest


def _file_response(stored: Any, *, inline: bool = False) -> FileResponse:
    response = FileResponse(stored.file.open("rb"), content_type=stored.content_type,
                            as_attachment=not inline, filename=stored.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- the catalogue ------------------------------------------------------------------------

def catalogue(request: HttpRequest) -> HttpResponse:
    form = forms.CatalogueFilter(request.GET or None)
    query, category, office = "", "", None
    if form.is_valid():
        query = form.cleaned_data["q"]
        category = form.cleaned_data["kategori"]
        office = form.cleaned_data["kantor"]
    items = queries.catalogue(query=query, category=category, office=office)
    page = Paginator(items, 20).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "information/catalogue.html", {
        "form": form, "page_obj": page, "query": query, "query_string": params.urlencode()})


def item(request: HttpRequest, item_id: int) -> HttpResponse:
    found = access.public_item(item_id)
    return render(request, "information/item.html", {"item": found})


def item_file(request: HttpRequest, item_id: int, file_id: int) -> FileResponse:
    return _file_response(access.public_file(item_id, file_id))


# --- requests -----------------------------------------------------------------------------

def request_form(request: HttpRequest) -> HttpResponse:
    anonymous = not request.user.is_authenticated
    initial = {}
    if request.GET.get("informasi"):
        try:
            found = access.public_item(int(request.GET["informasi"]))
        except (ValueError, Http404):
            found = None
        if found is not None:
            initial = {"office": found.office.code, "information": found.title}
    form = forms.RequestForm(request.POST or None, anonymous=anonymous, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created, code = actions.submit_request(
                actor=None if anonymous else request.user,  # type: ignore[arg-type]
                office=data["office"], information=data["information"],
                purpose=data["purpose"], format=data["format"], delivery=data["delivery"],
                name=data.get("name", ""), nik=data.get("nik", ""),
                address=data.get("address", ""), phone=data.get("phone", ""),
                email=data.get("email", ""))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if code:
                access.remember_access(request, created)
                request.session["informasi_kode_baru"] = code
            messages.success(request, _("Permohonan informasi Anda tercatat dengan nomor "
                                        "%(number)s.") % {"number": created.number})
            return redirect("information:request_detail", created.number)
    return render(request, "information/request_form.html", {"form": form,
                                                             "anonymous": anonymous})


@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.requests_of(request.user), 20).get_page(  # type: ignore[arg-type]
        request.GET.get("page"))
    return render(request, "information/my_requests.html", {"page_obj": page})


def lookup(request: HttpRequest) -> HttpResponse:
    form = forms.LookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        found = access.request_by_access_code(number=form.cleaned_data["number"],
                                              code=form.cleaned_data["code"])
        if found is not None:
            access.remember_access(request, found)
            return redirect("information:request_detail", found.number)
        form.add_error(None, _("Nomor permohonan atau kode akses tidak cocok."))
    return render(request, "information/lookup.html", {"form": form})


def _deadlines(info: InformationRequest) -> dict[str, Any]:
    today = timezone.localdate()
    calendar = working_calendar()
    left = calendar.working_days_between(today, info.due_date) if info.is_open else None
    window = actions.objection_window(info, today=today)
    return {"days_left": left, "overdue": left is not None and left < 0,
            "objection_window": window,
            "can_object": window is not None and today <= window[1]}


def request_detail(request: HttpRequest, number: str) -> HttpResponse:
    info = access.request_for_requester(request, number)
    objection = access.objection_of(info)
    context: dict[str, Any] = {
        "info": info, "objection": objection, "files": info.files.order_by("id"),
        "new_code": request.session.pop("informasi_kode_baru", ""),
        "objection_form": forms.ObjectionForm(), "reaction_form": forms.ReactionForm(),
        **_deadlines(info)}
    if objection is not None:
        context["dispute_deadline"] = actions.dispute_deadline(objection)
    return render(request, "information/request_detail.html", context)


def request_file(request: HttpRequest, number: str, file_id: int) -> FileResponse:
    info = access.request_for_requester(request, number)
    return _file_response(access.response_file(info, file_id))


@require_POST
def object_to(request: HttpRequest, number: str) -> HttpResponse:
    info = access.request_for_requester(request, number)
    form = forms.ObjectionForm(request.POST)
    if form.is_valid():
        try:
            actions.file_objection(
                actor=request.user if request.user.is_authenticated else None,  # type: ignore[arg-type]
                request=info, ground=form.cleaned_data["ground"],
                reason=form.cleaned_data["reason"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Keberatan Anda tercatat."))
            return redirect("information:request_detail", info.number)
    else:
        messages.error(request, _("Pilih alasan keberatan dan uraikan keberatan Anda."))
    return redirect("information:request_detail", info.number)


@require_POST
def react(request: HttpRequest, number: str) -> HttpResponse:
    info = access.request_for_requester(request, number)
    objection = access.objection_of(info)
    form = forms.ReactionForm(request.POST)
    if objection is None:
        raise Http404
    if form.is_valid():
        try:
            actions.record_reaction(
                actor=request.user if request.user.is_authenticated else None,  # type: ignore[arg-type]
                objection=objection, reaction=form.cleaned_data["reaction"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Tanggapan Anda tercatat."))
    else:
        messages.error(request, _("Pilih tanggapan Anda."))
    return redirect("information:request_detail", info.number)


# --- the PPID -----------------------------------------------------------------------------

def _require(user: Any, role: Role) -> None:
    if not user.is_authenticated or not queries.offices_with_role(user, role).exists():
        raise Http404


@login_required
def ppid_queue(request: HttpRequest) -> HttpResponse:
    _require(request.user, Role.PPID)
    show_all = request.GET.get("semua") == "1"
    rows = queries.ppid_queue(request.user, open_only=not show_all)  # type: ignore[arg-type]
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(request, "information/ppid_queue.html", {
        "page_obj": page, "show_all": show_all, "today": timezone.localdate(),
        "query_string": "semua=1" if show_all else ""})


@login_required
def ppid_request(request: HttpRequest, number: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    info = access.request_for_staff(user, number, role=Role.PPID)
    extend_form = forms.ExtendForm(initial={"version": info.version})
    answer_form = forms.AnswerForm(initial={"version": info.version})
    if request.method == "POST":
        try:
            if request.POST.get("step") == "extend":
                extend_form = forms.ExtendForm(request.POST)
                if extend_form.is_valid():
                    actions.extend_request(actor=user, request=info,
                                           reason=extend_form.cleaned_data["reason"],
                                           expected_version=extend_form.cleaned_data["version"])
                    messages.success(request, _("Batas waktu diperpanjang 7 hari kerja."))
                    return redirect("information:ppid_request", info.number)
            else:
                answer_form = forms.AnswerForm(request.POST, request.FILES)
                if answer_form.is_valid():
                    data = answer_form.cleaned_data
                    actions.answer_request(actor=user, request=info, outcome=data["outcome"],
                                           answer=data["answer"],
                                           refusal_basis=data["refusal_basis"],
                                           files=answer_form.checked,
                                           expected_version=data["version"])
                    messages.success(request, _("Jawaban terkirim kepada pemohon."))
                    return redirect("information:ppid_request", info.number)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("information:ppid_request", info.number)
    return render(request, "information/ppid_request.html", {
        "info": info, "files": info.files.order_by("id"), "objection": access.objection_of(info),
        "extend_form": extend_form, "answer_form": answer_form, **_deadlines(info)})


@login_required
def ppid_file(request: HttpRequest, number: str, file_id: int) -> FileResponse:
    info = access.request_for_staff(request.user, number, role=Role.PPID)  # type: ignore[arg-type]
    return _file_response(access.response_file(info, file_id))


@login_required
def publish(request: HttpRequest) -> HttpResponse:
    _require(request.user, Role.PPID)
    user: User = request.user  # type: ignore[assignment]
    form = forms.PublishForm(request.POST or None, request.FILES or None,
                             offices=queries.offices_with_role(user, Role.PPID))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = actions.publish_item(
                actor=user, office=data["office"], title=data["title"],
                summary=data["summary"], category=data["category"], period=data["period"],
                responsible=data["responsible"], legal_basis=data["legal_basis"],
                consequence_test=data["consequence_test"], files=form.checked)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Informasi masuk ke daftar informasi publik."))
            return redirect("information:item", created.pk)
    return render(request, "information/publish.html", {"form": form})


# --- the atasan PPID ----------------------------------------------------------------------

@login_required
def objections(request: HttpRequest) -> HttpResponse:
    _require(request.user, Role.ATASAN_PPID)
    page = Paginator(queries.objections_for_atasan(request.user), 25).get_page(  # type: ignore[arg-type]
        request.GET.get("page"))
    return render(request, "information/objections.html", {"page_obj": page,
                                                            "today": timezone.localdate()})


@login_required
def objection(request: HttpRequest, number: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    info = access.request_for_staff(user, number, role=Role.ATASAN_PPID)
    found = access.objection_of(info)
    if found is None:
        raise Http404
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.decide_objection(actor=user, objection=found,
                                     decision=form.cleaned_data["decision"],
                                     note=form.cleaned_data["note"],
                                     position=form.cleaned_data["position"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Putusan keberatan terkirim kepada pemohon."))
        return redirect("information:objection", info.number)
    return render(request, "information/objection.html", {
        "info": info, "objection": found, "form": form, "files": info.files.order_by("id")})


# --- the annual report --------------------------------------------------------------------

def _report(request: HttpRequest) -> tuple[queries.AnnualReport, forms.ReportFilter]:
    form = forms.ReportFilter(request.GET or None)
    year, office = timezone.localdate().year, None
    if form.is_valid():
        year = form.cleaned_data["tahun"] or year
        office = form.cleaned_data["kantor"]
    return queries.annual_report(year=year, office=office), form


def report(request: HttpRequest) -> HttpResponse:
    data, form = _report(request)
    return render(request, "information/report.html", {"report": data, "form": form,
                                                       "query": request.GET.urlencode()})


def report_csv(request: HttpRequest) -> HttpResponse:
    data, _form = _report(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="laporan-ppid-{data.year}.csv"')
    writer = csv.writer(response)
    writer.writerow(["uraian", "jumlah"])
    for label, value in data.rows():
        writer.writerow([label, value])
    return response


def report_pdf(request: HttpRequest) -> HttpResponse:
    from balai.documents.rendering import letterhead_context, render_pdf

    data, _form = _report(request)
    pdf = render_pdf("information/report_pdf.html", {**letterhead_context(), "report": data,
                                                     "generated": timezone.now()})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="laporan-ppid-{data.year}.pdf"'
    return response


@require_safe
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The requester's deadlines for a calendar app, at the secret address of their account
    (a calendar app cannot sign in). An unknown or revoked address is not found."""
    owner = calendar_feed_owner(secret)
    if owner is None:
        raise Http404
    return ical.calendar_response(requester_calendar(owner), filename="tenggat-informasi.ics",
                                  private=True)
