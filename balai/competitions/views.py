"""Pages of the technology competitions: the public calls, results and winners; a
participant's teams, invitations and entry; the organiser's management page; the judges'
blind scoring. Parse, authorize, call, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts.models import User
from balai.competitions import access, actions, forms, queries
from balai.competitions.models import Screening
from balai.core.errors import DomainError
from balai.core.pagination import page_of
from balai.core.uploads import attachment_headers


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def public_list(request: HttpRequest) -> HttpResponse:
    page = page_of(queries.public_competitions(), request)
    for competition in page.items:
        competition.phase_label = queries.phase_label(competition)
    return render(request, "competitions/list.html", {
        "page": page, "demo": queries.has_demo(),
        "can_create": bool(queries.organiser_office_ids(request.user))})


def winners(request: HttpRequest) -> HttpResponse:
    return render(request, "competitions/winners.html",
                  {"page": page_of(queries.winners(), request)})


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    competition = access.competition_for_public(slug)
    user = request.user
    return render(request, "competitions/detail.html", {
        "competition": competition, "phase_label": queries.phase_label(competition),
        "registration_open": queries.registration_open(competition),
        "team": queries.team_of(user, competition),
        "is_organiser": queries.is_organiser(user, competition),
        "is_judge": queries.judge_of(user, competition) is not None})


def results(request: HttpRequest, slug: str) -> HttpResponse:
    competition = access.published_competition(slug)
    return render(request, "competitions/results.html", {
        "competition": competition, "finalists": queries.results(competition)})


# --- participants --------------------------------------------------------------------------

@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(request, "competitions/mine.html", {
        "teams": queries.teams_of_user(user), "invitations": queries.pending_invitations(user),
        "judgings": queries.judgings_of(user)})


@login_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    competition = access.competition_for_public(slug)
    form = forms.TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = actions.register_team(actor=_user(request), competition=competition,
                                         name=form.cleaned_data["name"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Tim terdaftar. Undang anggota dan isi karya Anda."))
            return redirect("competitions:team", team_id=team.pk)
    return render(request, "competitions/register.html",
                  {"competition": competition, "form": form},
                  status=400 if form.errors else 200)


def _team_page(request: HttpRequest, team: Any, *, status: int = 200,
               **forms_given: Any) -> HttpResponse:
    # The reverse one-to-one raises when the team has no entry yet.
    submission = team.submission if hasattr(team, "submission") else None
    initial = ({"title": submission.title, "summary": submission.summary,
                "demo_url": submission.demo_url} if submission else None)
    context = {
        "team": team, "competition": team.competition, "submission": submission,
        "open": queries.submissions_open(team.competition),
        "is_leader": team.leader_id == request.user.pk,
        "invite_form": forms.InviteForm(),
        "submission_form": forms.SubmissionForm(initial=initial),
        "file_form": forms.FileForm()}
    context.update(forms_given)
    return render(request, "competitions/team.html", context, status=status)


@login_required
def team(request: HttpRequest, team_id: int) -> HttpResponse:
    return _team_page(request, access.team_for_member(_user(request), team_id))


@login_required
@require_POST
def invite(request: HttpRequest, team_id: int) -> HttpResponse:
    found = access.team_for_member(_user(request), team_id)
    form = forms.InviteForm(request.POST)
    if form.is_valid():
        try:
            actions.invite_member(actor=_user(request), team=found,
                                  identifier=form.cleaned_data["identifier"])
        except DomainError as error:
            form.add_error("identifier", error.message)
        else:
            messages.success(request, _("Undangan terkirim."))
            return redirect("competitions:team", team_id=found.pk)
    return _team_page(request, found, status=400, invite_form=form)


@login_required
@require_POST
def save_submission(request: HttpRequest, team_id: int) -> HttpResponse:
    found = access.team_for_member(_user(request), team_id)
    form = forms.SubmissionForm(request.POST)
    if form.is_valid():
        try:
            actions.save_submission(actor=_user(request), team=found, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Karya tersimpan."))
            return redirect("competitions:team", team_id=found.pk)
    return _team_page(request, found, status=400, submission_form=form)


@login_required
@require_POST
def add_file(request: HttpRequest, team_id: int) -> HttpResponse:
    found = access.team_for_member(_user(request), team_id)
    form = forms.FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_submission_file(actor=_user(request), team=found,
                                        title=form.cleaned_data["document"],
                                        clean=form.cleaned_data["file"])
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("Berkas ditambahkan."))
            return redirect("competitions:team", team_id=found.pk)
    return _team_page(request, found, status=400, file_form=form)


@login_required
@require_POST
def respond(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = access.invitation_for_invitee(_user(request), invitation_id)
    answer = request.POST.get("answer")
    if answer not in ("terima", "tolak"):
        messages.error(request, _("Pilih terima atau tolak."))
        return redirect("competitions:mine")
    try:
        actions.respond_to_invitation(actor=_user(request), invitation=invitation,
                                      accept=answer == "terima")
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("competitions:mine")
    if answer == "terima":
        messages.success(request, _("Anda bergabung dengan tim %(team)s.")
                         % {"team": invitation.team.name})
        return redirect("competitions:team", team_id=invitation.team_id)
    messages.success(request, _("Undangan ditolak."))
    return redirect("competitions:mine")


@login_required
def download(request: HttpRequest, file_id: int) -> HttpResponse:
    found = access.file_for_user(_user(request), file_id)
    response = FileResponse(found.file.open("rb"), content_type=found.content_type)
    attachment_headers(response, filename=f"karya-{found.submission.code}-{found.pk}."
                                          f"{found.extension}")
    return response


# --- organiser -----------------------------------------------------------------------------

@login_required
def create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    access.require_organiser_somewhere(user)
    form = forms.CompetitionForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        office, criteria = data.pop("office"), data.pop("criteria")
        try:
            competition = actions.create_competition(actor=user, office=office,
                                                     criteria=criteria, **data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Kompetisi diumumkan."))
            return redirect("competitions:manage", slug=competition.slug)
    return render(request, "competitions/form.html", {"form": form},
                  status=400 if form.errors else 200)


def _manage_page(request: HttpRequest, competition: Any, *, status: int = 200,
                 **extra: Any) -> HttpResponse:
    teams = list(queries.teams_for_organiser(competition))
    overview = queries.score_overview(competition)
    for item in teams:
        item.raw_score, item.normalised_score = overview.get(item.pk, (None, None))
    context = {"competition": competition, "teams": teams,
               "judges": queries.judges_of(competition),
               "phase_label": queries.phase_label(competition),
               "after_deadline": not queries.submissions_open(competition)
               and queries.phase(competition) != queries.Phase.UPCOMING,
               "screening_form": forms.ScreeningForm(), "judge_form": forms.JudgeForm(),
               "link_form": forms.WinnerLinkForm(), "Screening": Screening}
    context.update(extra)
    return render(request, "competitions/manage.html", context, status=status)


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    return _manage_page(request, access.competition_for_organiser(_user(request), slug))


def _organiser_act(request: HttpRequest, slug: str, act: Any, done: str) -> HttpResponse:
    competition = access.competition_for_organiser(_user(request), slug)
    try:
        act(competition)
    except DomainError as error:
        messages.error(request, error.message)
        return _manage_page(request, competition, status=400)
    messages.success(request, done)
    return redirect("competitions:manage", slug=competition.slug)


@login_required
@require_POST
def screen(request: HttpRequest, slug: str, team_id: int) -> HttpResponse:
    user = _user(request)
    competition = access.competition_for_organiser(user, slug)
    found = access.team_for_organiser(user, competition, team_id)
    form = forms.ScreeningForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, competition, status=400, screening_form=form)
    return _organiser_act(request, slug, lambda c: actions.screen_team(
        actor=user, team=found, passed=form.cleaned_data["decision"] == "lolos",
        note=form.cleaned_data["note"]), _("Hasil seleksi administrasi tersimpan."))


@login_required
@require_POST
def add_judge(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    competition = access.competition_for_organiser(user, slug)
    form = forms.JudgeForm(request.POST)
    if form.is_valid():
        try:
            actions.assign_judge(actor=user, competition=competition,
                                 identifier=form.cleaned_data["identifier"])
        except DomainError as error:
            form.add_error("identifier", error.message)
        else:
            messages.success(request, _("Juri ditambahkan."))
            return redirect("competitions:manage", slug=competition.slug)
    return _manage_page(request, competition, status=400, judge_form=form)


@login_required
@require_POST
def shortlist(request: HttpRequest, slug: str) -> HttpResponse:
    return _organiser_act(request, slug, lambda c: actions.fix_shortlist(
        actor=_user(request), competition=c), _("Finalis ditetapkan."))


@login_required
@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    return _organiser_act(request, slug, lambda c: actions.publish_results(
        actor=_user(request), competition=c), _("Hasil kompetisi diumumkan."))


@login_required
@require_POST
def link_winner(request: HttpRequest, slug: str, team_id: int) -> HttpResponse:
    user = _user(request)
    competition = access.competition_for_organiser(user, slug)
    found = access.team_for_organiser(user, competition, team_id)
    form = forms.WinnerLinkForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, competition, status=400, link_form=form)
    return _organiser_act(request, slug, lambda c: actions.link_winner(
        actor=user, team=found, innovation=form.cleaned_data["innovation"],
        api_app=form.cleaned_data["api_app"]), _("Tautan pemenang tersimpan."))


# --- judges --------------------------------------------------------------------------------

def _judge_page(request: HttpRequest, judge: Any, *, status: int = 200,
                **extra: Any) -> HttpResponse:
    competition = judge.competition
    declared = judge.declared_at is not None
    context = {
        "judge": judge, "competition": competition, "declared": declared,
        "conflict_form": forms.ConflictForm(competition=competition,
                                            initial={"teams": list(judge.conflicts.all())}),
        "submissions": queries.submissions_for_judge(judge) if declared else [],
        "scoring_open": declared and not queries.submissions_open(competition)
        and competition.shortlisted_at is None,
        "finalists": (queries.finalists_for_judge(judge)
                      if competition.shortlisted_at and not competition.results_published_at
                      else []),
        "interview_marks": dict(judge.interview_scores.values_list("team_id", "value"))}
    context.update(extra)
    return render(request, "competitions/judge.html", context, status=status)


@login_required
def judge_home(request: HttpRequest, slug: str) -> HttpResponse:
    judge = access.judge_for_user(_user(request), slug)
    if request.method == "POST":
        form = forms.ConflictForm(request.POST, competition=judge.competition)
        if form.is_valid():
            try:
                actions.declare_conflicts(actor=_user(request), judge=judge,
                                          teams=form.cleaned_data["teams"])
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Pernyataan konflik kepentingan tersimpan."))
                return redirect("competitions:judge", slug=slug)
        return _judge_page(request, judge, status=400, conflict_form=form)
    return _judge_page(request, judge)


@login_required
def judge_submission(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    judge = access.judge_for_user(_user(request), slug)
    submission = access.submission_for_judge(judge, code)
    criteria = queries.criteria_of(judge.competition)
    form = forms.RubricForm(request.POST or None, criteria=criteria,
                            initial={f"c{k}": v for k, v in
                                     queries.judge_marks(judge, submission).items()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.score_submission(actor=_user(request), judge=judge, submission=submission,
                                     marks=form.marks())
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Nilai karya %(code)s tersimpan.")
                             % {"code": submission.code})
            return redirect("competitions:judge", slug=slug)
    return render(request, "competitions/judge_submission.html", {
        "judge": judge, "competition": judge.competition, "submission": submission,
        "form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def interview(request: HttpRequest, slug: str) -> HttpResponse:
    judge = access.judge_for_user(_user(request), slug)
    form = forms.InterviewForm(request.POST)
    if form.is_valid():
        found = queries.finalists_for_judge(judge).filter(pk=form.cleaned_data["team"]).first()
        if found is None:
            form.add_error(None, _("Finalis tidak ditemukan."))
        else:
            try:
                actions.score_interview(actor=_user(request), judge=judge, team=found,
                                        value=form.cleaned_data["value"])
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Nilai presentasi %(team)s tersimpan.")
                                 % {"team": found.name})
                return redirect("competitions:judge", slug=slug)
    return _judge_page(request, judge, status=400, interview_error=" ".join(
        str(message) for messages_ in form.errors.values() for message in messages_))
