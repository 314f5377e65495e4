"""Pages of complaints: the public list and page, reporting, the reporter's own complaints with
confirmation, reopening and rating, the officers' queue and triage, and photos. Parse,
authorize, call an action or a query, render. Everything works without JavaScript."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts.models import User
from balai.accounts.queries import is_verified_citizen
from balai.complaints import actions, forms, queries
from balai.complaints.access import (
    complaint_for_officer,
    complaint_for_public,
    complaint_for_reporter,
    photo_for_user,
)
from balai.complaints.models import Complaint, Status
from balai.core.errors import DomainError
from balai.core.pagination import page_of

# --- public -------------------------------------------------------------------------------

def public_list(request: HttpRequest) -> HttpResponse:
    form = forms.PublicFilterForm(request.GET or None)
    filters = queries.PublicFilters()
    if form.is_valid():
        filters = queries.PublicFilters(category=form.cleaned_data["kategori"],
                                        kecamatan=form.cleaned_data["kecamatan"],
                                        status=form.cleaned_data["status"])
    page = page_of(queries.public_complaints(filters), request)
    query_string = urlencode({k: v for k, v in (("kategori", filters.category),
                                                ("kecamatan", filters.kecamatan),
                                                ("status", filters.status)) if v})
    return render(request, "complaints/public_list.html",
                  {"form": form, "page": page, "query_string": query_string})


def public_detail(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_for_public(number)
    return render(request, "complaints/public_detail.html", {
        "complaint": complaint,
        "updates": queries.timeline(complaint, public_only=True),
    })


def photo(request: HttpRequest, photo_id: int) -> HttpResponse:
    found = photo_for_user(request.user, photo_id)  # type: ignore[arg-type]
    extension = "png" if found.content_type == "image/png" else "jpg"
    response = FileResponse(found.file.open("rb"), content_type=found.content_type,
                            filename=f"{found.complaint.number}-{found.pk}.{extension}")
    # Shown inline (it was decoded and re-encoded when uploaded), but never sniffed, cached by a
    # shared proxy, or given any power of a page.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- the reporter -------------------------------------------------------------------------

@login_required
def file(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not is_verified_citizen(user):
        return render(request, "complaints/not_citizen.html", status=403)
    form = forms.ComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = actions.file_complaint(
                actor=user, category=data["category"], description=data["description"],
                village=data["village"], location_note=data["location_note"],
                latitude=data["latitude"], longitude=data["longitude"],
                anonymous=data["anonymous"], confidential=data["confidential"],
                photos=data["photos"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("complaints:filed", number=complaint.number)
    return render(request, "complaints/file.html", {"form": form})


@login_required
def filed(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_for_reporter(request.user, number)  # type: ignore[arg-type]
    return render(request, "complaints/filed.html", {"complaint": complaint})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    page = page_of(queries.complaints_of_reporter(request.user), request)  # type: ignore[arg-type]
    return render(request, "complaints/mine.html", {"page": page})


@login_required
def reporter_detail(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_for_reporter(request.user, number)  # type: ignore[arg-type]
    return render(request, "complaints/reporter_detail.html", {
        "complaint": complaint,
        "updates": queries.timeline(complaint, public_only=True),
        "photos": queries.report_photos(complaint),
        "reopen_form": forms.ReopenForm(), "rate_form": forms.RateForm(),
    })


def _reporter_step(request: HttpRequest, number: str, form_class: Any, call: Any,
                   done: str) -> HttpResponse:
    complaint = complaint_for_reporter(request.user, number)  # type: ignore[arg-type]
    form = form_class(request.POST) if form_class else None
    if form is None or form.is_valid():
        try:
            call(complaint, form.cleaned_data if form else {})
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
            return redirect("complaints:reporter_detail", number=number)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("complaints:reporter_detail", number=number)


@login_required
@require_POST
def confirm(request: HttpRequest, number: str) -> HttpResponse:
    return _reporter_step(
        request, number, None,
        lambda c, d: actions.confirm_complaint(actor=request.user, complaint=c),
        _("Terima kasih. Pengaduan dinyatakan selesai."))


@login_required
@require_POST
def reopen(request: HttpRequest, number: str) -> HttpResponse:
    return _reporter_step(
        request, number, forms.ReopenForm,
        lambda c, d: actions.reopen_complaint(actor=request.user, complaint=c,
                                              reason=d["reason"]),
        _("Pengaduan dibuka kembali; petugas akan menindaklanjutinya."))


@login_required
@require_POST
def rate(request: HttpRequest, number: str) -> HttpResponse:
    return _reporter_step(
        request, number, forms.RateForm,
        lambda c, d: actions.rate_complaint(actor=request.user, complaint=c,
                                            rating=d["rating"], comment=d["comment"]),
        _("Terima kasih atas penilaian Anda."))


# --- officers -----------------------------------------------------------------------------

@login_required
def queue(request: HttpRequest) -> HttpResponse:
    office_ids = queries.officer_office_ids(request.user)  # type: ignore[arg-type]
    if not office_ids:
        raise Http404
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    page = page_of(queries.office_queue(office_ids=office_ids, status=status), request)
    return render(request, "complaints/queue.html",
                  {"page": page, "status": status, "statuses": Status.choices,
                   "query_string": urlencode({"status": status}) if status else ""})


OFFICER_FORMS: dict[str, Any] = {
    "verifikasi": forms.VerifyForm, "teruskan": forms.ForwardForm, "tolak": forms.RejectForm,
    "gabung": forms.MergeForm, "tanggapi": forms.RespondForm, "tutup": forms.CloseForm,
}


def _officer_forms(bound: dict[str, Any] | None = None) -> dict[str, Any]:
    made = {name: form_class(prefix=name) for name, form_class in OFFICER_FORMS.items()}
    made.update(bound or {})
    return made


@login_required
def officer_detail(request: HttpRequest, number: str,
                   bound: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    complaint = complaint_for_officer(request.user, number)  # type: ignore[arg-type]
    return render(request, "complaints/officer_detail.html", {
        "complaint": complaint,
        "updates": queries.timeline(complaint, public_only=False),
        "photos": queries.report_photos(complaint),
        "forms": _officer_forms(bound),
        "can_triage": complaint.status in (Status.BARU, Status.DIPROSES),
        "can_close": complaint.status == Status.DIPROSES,
    }, status=status)


def _call_officer_action(action: str, user: User, complaint: Complaint,
                         data: dict[str, Any]) -> Complaint:
    if action == "verifikasi":
        return actions.verify_complaint(actor=user, complaint=complaint, note=data["note"])
    if action == "teruskan":
        return actions.forward_complaint(actor=user, complaint=complaint,
                                         office=data["office"], note=data["note"])
    if action == "tolak":
        return actions.reject_complaint(actor=user, complaint=complaint, reason=data["reason"])
    if action == "gabung":
        into = queries.merge_target(number=data["into"], office_id=complaint.office_id)
        if into is None:
            raise DomainError(_("Pengaduan utama tidak ditemukan di kantor Anda."),
                              code="COMPLAINT_MERGE_TARGET")
        return actions.merge_complaint(actor=user, complaint=complaint, into=into,
                                       note=data["note"])
    if action == "tanggapi":
        return actions.respond_to_complaint(actor=user, complaint=complaint,
                                            public_note=data["public_note"],
                                            internal_note=data["internal_note"],
                                            photos=data["photos"])
    return actions.close_complaint(actor=user, complaint=complaint, note=data["note"])


DONE_MESSAGES = {
    "verifikasi": _("Pengaduan diverifikasi."), "teruskan": _("Pengaduan diteruskan."),
    "tolak": _("Pengaduan ditolak."), "gabung": _("Pengaduan digabung."),
    "tanggapi": _("Tanggapan disimpan."), "tutup": _("Pengaduan ditutup."),
}


@login_required
@require_POST
def officer_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    if action not in OFFICER_FORMS:
        raise Http404
    user: User = request.user  # type: ignore[assignment]
    complaint = complaint_for_officer(user, number)
    form = OFFICER_FORMS[action](request.POST, request.FILES, prefix=action)
    if form.is_valid():
        try:
            updated = _call_officer_action(action, user, complaint, form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, str(DONE_MESSAGES[action]))
            # A forwarded complaint leaves the officer's hands: back to the queue then.
            if queries.is_handling_officer(user=user, office_id=updated.office_id):
                return redirect("complaints:officer_detail", number=number)
            return redirect("complaints:queue")
    return officer_detail(request, number, bound={action: form}, status=400)
