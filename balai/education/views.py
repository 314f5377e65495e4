"""Pages of school admission (SPMB): parse, authorize, call an action or a query, render.
Everything works without JavaScript, the waiting room included (it refreshes itself)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from balai.accounts.models import User
from balai.accounts.queries import is_verified_citizen
from balai.core.errors import DomainError
from balai.core.pagination import page_of
from balai.core.uploads import attachment_headers
from balai.education import actions, forms, queries
from balai.education.access import registration_for_operator, registration_for_parent
from balai.education.models import QueueTicket, Registration, Track
from balai.privacy.actions import record_access

TICKET_KEY = "spmb_ticket"
# Seconds between two refreshes of the waiting-room page: often near the front, seldom far
# back (a queue of thousands refreshing every 10 s would be a load of its own).
WAITING_REFRESH = 10
WAITING_REFRESH_MAX = 60


def waiting_refresh(position: int, slots: int) -> int:
    if position <= slots:
        return WAITING_REFRESH
    return min(WAITING_REFRESH_MAX, WAITING_REFRESH * (1 + position // max(slots, 1)))


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


# --- public ---------------------------------------------------------------------------------

@require_safe
def home(request: HttpRequest) -> HttpResponse:
    year = queries.current_year()
    quotas = []
    if year is not None:
        for level, label in queries.levels():
            quotas.append((label, [(Track(t).label, share) for t, share
                                   in year.quotas[level].items() if share]))
    return render(request, "education/home.html", {
        "year": year, "open": queries.is_open(year), "quotas": quotas,
        "published": queries.published_runs(year)})


@require_safe
def school_list(request: HttpRequest) -> HttpResponse:
    page = page_of(queries.schools(), request)
    return render(request, "education/school_list.html", {"page": page, "query_string": ""})


@require_safe
def results(request: HttpRequest) -> HttpResponse:
    year = queries.current_year()
    page = page_of(queries.schools_with_published_results(year), request)
    return render(request, "education/results.html", {"year": year, "page": page,
                                                       "query_string": ""})


@require_safe
def ranking(request: HttpRequest, npsn: str) -> HttpResponse:
    school = queries.school_by_npsn(npsn)
    if school is None:
        raise Http404
    run = queries.published_run(queries.current_year(), school.level)
    if run is None:
        raise Http404
    tracks = [(Track(track).label, queries.public_ranking(run, school, track))
              for track in actions.TRACK_ORDER]
    return render(request, "education/ranking.html", {
        "school": school, "run": run, "tracks": [t for t in tracks if t[1]]})


# --- parents --------------------------------------------------------------------------------

def _ticket(request: HttpRequest) -> QueueTicket | None:
    return queries.ticket_by_token(request.session.get(TICKET_KEY))


@login_required
@require_safe
def waiting_room(request: HttpRequest) -> HttpResponse:
    """Opening day: admits a bounded number of sessions to the form; the others see their
    place, and the page refreshes itself (a meta refresh, no JavaScript)."""
    year = queries.current_year()
    if not queries.is_open(year):
        messages.info(request, _("Pendaftaran SPMB sedang tidak dibuka."))
        return redirect("spmb:home")
    ticket = actions.enter_waiting_room(token=request.session.get(TICKET_KEY))
    request.session[TICKET_KEY] = ticket.token
    if queries.is_admitted(ticket):
        return redirect("spmb:register")
    position = queries.queue_position(ticket)
    return render(request, "education/waiting.html", {
        "position": position,
        "refresh": waiting_refresh(position, settings.SPMB_WAITING_ROOM_SLOTS)})


@login_required
def register(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not is_verified_citizen(user):
        return render(request, "complaints/not_citizen.html", status=403)
    year = queries.current_year()
    if not queries.is_open(year) or year is None:
        messages.info(request, _("Pendaftaran SPMB sedang tidak dibuka."))
        return redirect("spmb:home")
    key = request.POST.get("idempotency_key", "")
    if request.method == "POST" and key:
        # The same form sent again (a double click, a retry): show what the first one made.
        done = queries.registration_by_idempotency_key(user, key)
        if done is not None:
            return redirect("spmb:registration", number=done.number)
    ticket = _ticket(request)
    admitted = queries.is_admitted(ticket) or (
        request.method == "POST" and ticket is not None and ticket.admitted_at is not None)
    if not admitted:
        return redirect("spmb:waiting")
    if request.method == "POST":
        form = forms.RegistrationForm(request.POST, request.FILES, max_choices=year.max_choices)
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration, _created = actions.submit_registration(
                    parent=user, year=year, idempotency_key=data["idempotency_key"],
                    level=data["level"], track=data["track"], child_name=data["child_name"],
                    child_nik=data["child_nik"], child_birth_date=data["child_birth_date"],
                    home_village=data["home_village"], home_latitude=data["home_latitude"],
                    home_longitude=data["home_longitude"], kk_issued_on=data["kk_issued_on"],
                    schools=data["schools"], documents=data["documents"],
                    transfer_letter_date=data["transfer_letter_date"], score=data["score"])
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if ticket is not None:
                    actions.leave_waiting_room(token=ticket.token)
                request.session.pop(TICKET_KEY, None)
                messages.success(request, _("Pendaftaran terkirim. Simpan nomor pendaftaran "
                                            "Anda."))
                return redirect("spmb:registration", number=registration.number)
        status = 400
    else:
        form = forms.RegistrationForm(initial={"idempotency_key": forms.new_idempotency_key()},
                                      max_choices=year.max_choices)
        status = 200
    return render(request, "education/register.html", {"form": form, "year": year},
                  status=status)


@login_required
@require_safe
def my_registrations(request: HttpRequest) -> HttpResponse:
    page = page_of(queries.registrations_of_parent(_user(request)), request)
    return render(request, "education/my_registrations.html", {"page": page,
                                                                "query_string": ""})


@login_required
@require_safe
def registration_detail(request: HttpRequest, number: str) -> HttpResponse:
    registration = registration_for_parent(_user(request), number)
    if registration is None:
        raise Http404
    return render(request, "education/registration.html", {
        "registration": registration,
        "choices": registration.choices.select_related("school").order_by("rank"),
        "documents": registration.documents.order_by("kind"),
        "entries": queries.entries_of_registration(registration),
        "now": timezone.now()})


@login_required
@require_POST
def reregister(request: HttpRequest, entry_id: int) -> HttpResponse:
    user = _user(request)
    entry = queries.entry_for_parent(user, entry_id)
    if entry is None:
        raise Http404
    try:
        actions.confirm_reregistration(entry=entry, actor=user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Daftar ulang berhasil. Kursi di %(school)s sudah menjadi "
                                    "milik anak Anda.") % {"school": entry.school.name})
    return redirect("spmb:registration", number=entry.registration.number)


# --- school operators -----------------------------------------------------------------------

@login_required
@require_safe
def operator_queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    schools = list(queries.operated_schools(user))
    if not schools:
        raise Http404
    school = next((s for s in schools if s.npsn == request.GET.get("sekolah")), schools[0])
    status = request.GET.get("status", Registration.Status.SUBMITTED)
    if status not in Registration.Status.values:
        status = Registration.Status.SUBMITTED
    page = page_of(queries.registrations_for_school(school, status=status), request)
    return render(request, "education/operator_queue.html", {
        "schools": schools, "school": school, "status": status, "page": page,
        "statuses": Registration.Status.choices,
        "query_string": f"sekolah={school.npsn}&status={status}"})


@login_required
def verify(request: HttpRequest, number: str) -> HttpResponse:
    user = _user(request)
    registration = registration_for_operator(user, number)
    if registration is None:
        raise Http404
    form = forms.VerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.verify_registration(registration=registration, actor=user,
                                        accept=form.cleaned_data["decision"] == "terima",
                                        note=form.cleaned_data["note"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Verifikasi %(number)s tersimpan.") % {
                "number": registration.number})
            return redirect("spmb:operator")
    elif request.method == "GET":
        record_access(officer=user, citizen=registration.parent,
                      what=_("Data anak pada pendaftaran SPMB %(number)s") % {
                          "number": registration.number})
    return render(request, "education/verify.html", {
        "registration": registration, "form": form,
        "choices": registration.choices.select_related("school").order_by("rank"),
        "documents": registration.documents.order_by("kind")},
        status=400 if request.method == "POST" else 200)


@login_required
@require_safe
def document(request: HttpRequest, number: str, kind: str) -> HttpResponse:
    """A document of a registration, for the operator of its first-choice school or for the
    parent who sent it; always downloaded, never shown inline."""
    user = _user(request)
    registration = (registration_for_operator(user, number)
                    or registration_for_parent(user, number))
    found = registration.documents.filter(kind=kind).first() if registration else None
    if found is None:
        raise Http404
    response = FileResponse(found.file.open("rb"), content_type=found.content_type)
    attachment_headers(response, filename=f"{registration.number}-{kind}."  # type: ignore[union-attr]
                       f"{found.file.name.rsplit('.', 1)[-1]}")
    return response
