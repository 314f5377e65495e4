"""Pages of digital literacy: parse, authorize, call an action or a query, render. Everything
works without JavaScript."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from balai.accounts.models import Role, User
from balai.accounts.queries import find_citizen_by_nik, is_verified_citizen
from balai.core import ical
from balai.core.errors import DomainError
from balai.core.pagination import page_of
from balai.literacy import actions, calendar, forms, queries
from balai.literacy.access import (
    programme_for_organiser,
    registration_for_organiser,
    registration_for_participant,
    session_for_organiser,
)
from balai.literacy.models import Registration, Session
from balai.privacy.actions import record_access
from balai.regions.queries import get_kecamatan, get_village


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _session_or_404(session_id: int) -> Session:
    session = queries.get_session(session_id)
    if session is None:
        raise Http404
    return session


# --- public ---------------------------------------------------------------------------------

@require_safe
def session_list(request: HttpRequest) -> HttpResponse:
    form = forms.SessionFilterForm(request.GET or None)
    filters = queries.SessionFilters()
    if form.is_valid():
        filters = queries.SessionFilters(kecamatan=form.cleaned_data["kecamatan"],
                                         pillar=form.cleaned_data["pilar"],
                                         target_group=form.cleaned_data["sasaran"])
    page = page_of(queries.upcoming_sessions(filters), request)
    query_string = urlencode({k: v for k, v in form.data.items() if k != "page" and v}) \
        if form.is_bound else ""
    return render(request, "literacy/session_list.html",
                  {"form": form, "page": page, "query_string": query_string})


@require_safe
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    user = _user(request)
    session = _session_or_404(session_id)
    return render(request, "literacy/session_detail.html", {
        "session": session,
        "registration": queries.registration_of(user, session),
        "is_citizen": is_verified_citizen(user) if user.is_authenticated else False,
        "is_operator": queries.is_operator(user),
        "is_organiser": queries.is_organiser(user, session.programme.office),
        "open": session.starts_at > timezone.now(),
    })


@require_safe
def ical_feed(request: HttpRequest) -> HttpResponse:
    return ical.calendar_response(calendar.sessions_calendar(now=timezone.now()),
                                  filename="literasi-digital.ics", private=False)


# --- participants ---------------------------------------------------------------------------

@login_required
@require_POST
def register(request: HttpRequest, session_id: int) -> HttpResponse:
    user = _user(request)
    session = _session_or_404(session_id)
    if not is_verified_citizen(user):
        return render(request, "complaints/not_citizen.html", status=403)
    try:
        registration = actions.register_for_session(session=session, participant=user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("literacy:session", session_id=session.pk)
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("Anda terdaftar. Tunjukkan tiket ini saat datang."))
    else:
        messages.info(request, _("Kursi sudah penuh. Anda masuk daftar tunggu dan akan diberi "
                                 "tahu jika mendapat kursi."))
    return redirect("literacy:registration", registration_id=registration.pk)


@login_required
@require_safe
def my_registrations(request: HttpRequest) -> HttpResponse:
    page = page_of(queries.registrations_of(_user(request)), request)
    return render(request, "literacy/my_registrations.html", {"page": page,
                                                               "query_string": ""})


def _own_registration(request: HttpRequest, registration_id: int) -> Registration:
    registration = registration_for_participant(_user(request), registration_id)
    if registration is None:
        raise Http404
    return registration


@login_required
@require_safe
def registration_detail(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = _own_registration(request, registration_id)
    check_in_url = settings.BALAI_PUBLIC_URL + reverse(
        "literacy:check_in", args=[registration.check_in_token])
    feedback = getattr(registration, "feedback", None) if registration.attended_at else None
    return render(request, "literacy/registration.html", {
        "registration": registration,
        "session": registration.session,
        "check_in_url": check_in_url,
        "position": queries.waitlist_position(registration),
        "feedback": feedback,
        "feedback_form": forms.FeedbackForm(),
    })


@login_required
@require_POST
def cancel(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = _own_registration(request, registration_id)
    try:
        actions.cancel_registration(registration=registration, actor=_user(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Pendaftaran Anda dibatalkan."))
    return redirect("literacy:registration", registration_id=registration.pk)


@login_required
@require_POST
def feedback(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = _own_registration(request, registration_id)
    form = forms.FeedbackForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("literacy:registration", registration_id=registration.pk)
    try:
        actions.give_feedback(registration=registration, actor=_user(request),
                              rating=form.cleaned_data["rating"],
                              comment=form.cleaned_data["comment"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Terima kasih atas umpan balik Anda."))
    return redirect("literacy:registration", registration_id=registration.pk)


# --- officers -------------------------------------------------------------------------------

@login_required
def check_in(request: HttpRequest, token: str) -> HttpResponse:
    """The address in the ticket's QR code: an officer of the organising office confirms the
    participant's attendance (a GET only shows who it is; the button posts)."""
    user = _user(request)
    registration = queries.registration_by_token(token)
    if registration is None or not queries.is_organiser(user,
                                                        registration.session.programme.office):
        raise Http404
    if request.method == "POST":
        try:
            actions.check_in(registration=registration, actor=user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Kehadiran %(name)s tercatat.") % {
                "name": registration.participant.get_full_name()})
        return redirect("literacy:participants", session_id=registration.session_id)
    return render(request, "literacy/check_in.html", {"registration": registration,
                                                      "session": registration.session})


@login_required
@require_safe
def manage(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not queries.organiser_offices(user).exists():
        raise Http404
    page = page_of(queries.sessions_of_offices(user), request)
    return render(request, "literacy/manage.html", {
        "page": page, "query_string": "", "programmes": queries.programmes_of_offices(user)})


@login_required
def programme_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    offices = {str(o.pk): o for o in queries.organiser_offices(user).order_by("name")}
    if not offices:
        raise Http404
    form = forms.ProgrammeForm(request.POST or None,
                               offices=[(pk, o.name) for pk, o in offices.items()])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = actions.create_programme(
                actor=user, office=offices[data["office"]], title=data["title"],
                description=data["description"], kind=data["kind"], pillar=data["pillar"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Program dibuat. Tambahkan sesinya."))
            return redirect("literacy:session_new", programme_id=programme.pk)
    return render(request, "literacy/programme_new.html", {"form": form},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
def session_new(request: HttpRequest, programme_id: int) -> HttpResponse:
    user = _user(request)
    programme = programme_for_organiser(user, programme_id)
    if programme is None:
        raise Http404
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at, ends_at = form.times()
        try:
            session = actions.schedule_session(
                actor=user, programme=programme, starts_at=starts_at, ends_at=ends_at,
                capacity=data["capacity"], target_groups=data["target_groups"],
                kecamatan=get_kecamatan(data["kecamatan"]) if data["kecamatan"] else None,
                village=get_village(data["village"]) if data["village"] else None,
                address=data["address"], online_url=data["online_url"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Sesi dijadwalkan."))
            return redirect("literacy:session", session_id=session.pk)
    return render(request, "literacy/session_new.html", {"form": form, "programme": programme},
                  status=400 if form.is_bound and form.errors else 200)


def _organised_session(request: HttpRequest, session_id: int) -> Session:
    session = session_for_organiser(_user(request), session_id)
    if session is None:
        raise Http404
    return session


@login_required
@require_safe
def participants(request: HttpRequest, session_id: int) -> HttpResponse:
    user = _user(request)
    session = _organised_session(request, session_id)
    rows = list(queries.participants(session))
    return render(request, "literacy/participants.html", {
        "session": session, "rows": rows, "import_form": forms.AttendanceImportForm(),
        "can_sign": queries.is_organiser(user, session.programme.office,
                                         role=Role.PEJABAT_PENANDATANGAN),
    })


@login_required
@require_POST
def mark_attended(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = registration_for_organiser(_user(request), registration_id)
    if registration is None:
        raise Http404
    try:
        actions.check_in(registration=registration, actor=_user(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Kehadiran %(name)s tercatat.") % {
            "name": registration.participant.get_full_name()})
    return redirect("literacy:participants", session_id=registration.session_id)


@login_required
@require_safe
def participants_csv(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _organised_session(request, session_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["nomor", "nama", "status", "hadir"])
    for registration in queries.participants(session):
        if registration.status == Registration.Status.CANCELLED:
            continue
        writer.writerow([registration.pk, registration.participant.get_full_name(),
                         registration.get_status_display(),
                         "ya" if registration.attended_at else "tidak"])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="peserta-sesi-{session.pk}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def import_attendance(request: HttpRequest, session_id: int) -> HttpResponse:
    user = _user(request)
    session = _organised_session(request, session_id)
    form = forms.AttendanceImportForm(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        try:
            marked = actions.import_attendance(session=session, actor=user,
                                               rows=form.cleaned_data["file"])
        except actions.AttendanceImportError as error:
            errors = list(error.details.get("errors", [])) or [error.message]
        except DomainError as error:
            errors = [error.message]
        else:
            messages.success(request, _("Kehadiran diimpor: %(n)d peserta baru ditandai hadir.")
                             % {"n": marked})
            return redirect("literacy:participants", session_id=session.pk)
    else:
        errors = [str(e) for e in form.errors.get("file", [])]
    return render(request, "literacy/participants.html", {
        "session": session, "rows": list(queries.participants(session)),
        "import_form": form, "import_errors": errors,
        "can_sign": queries.is_organiser(user, session.programme.office,
                                         role=Role.PEJABAT_PENANDATANGAN),
    }, status=400)


@login_required
@require_POST
def issue_certificates(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _organised_session(request, session_id)
    try:
        issued = actions.issue_certificates(session=session, signer=_user(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(n)d sertifikat diterbitkan.") % {"n": issued})
    return redirect("literacy:participants", session_id=session.pk)


@login_required
def assisted(request: HttpRequest, session_id: int) -> HttpResponse:
    """An operator layanan registers a citizen present at the counter, with their consent."""
    operator = _user(request)
    if not queries.is_operator(operator):
        raise Http404
    session = _session_or_404(session_id)
    form = forms.AssistedRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        citizen = find_citizen_by_nik(form.cleaned_data["nik"])
        if citizen is None or citizen.verified_at is None:
            form.add_error("nik", _("Warga dengan NIK ini belum terdaftar di Balai. Daftarkan "
                                    "warga lebih dahulu di layanan bantuan."))
        else:
            record_access(officer=operator, citizen=citizen.user,
                          what=_("Data diri, dicari dengan NIK untuk pendaftaran literasi "
                                 "digital"))
            try:
                registration = actions.register_assisted(session=session, operator=operator,
                                                         participant=citizen.user)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("%(name)s: %(status)s.") % {
                    "name": citizen.user.get_full_name(),
                    "status": registration.get_status_display()})
                return redirect("literacy:session", session_id=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "literacy/assisted.html", {"session": session, "form": form},
                  status=status)
