"""Pages of the aspirations forum, public consultations, polls and the officials' analytics.
Parse, authorize, call an action or a query, render. Everything works without JavaScript."""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from balai.accounts.models import User
from balai.accounts.queries import is_verified_citizen
from balai.core import ical
from balai.core.errors import DomainError
from balai.core.pagination import page_of
from balai.participation import actions, analytics, forms, queries
from balai.participation.access import (
    comment_for_office,
    consultation_or_404,
    poll_or_404,
    section_or_404,
)
from balai.participation.calendar import consultations_calendar
from balai.participation.models import ConsultationComment, Idea, IdeaComment, Visibility
from balai.participation.reports import consultation_csv, consultation_pdf
from balai.regions.queries import get_kecamatan


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _flash_errors(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def guidelines(request: HttpRequest) -> HttpResponse:
    return render(request, "participation/guidelines.html")


# --- the forum ----------------------------------------------------------------------------

def idea_list(request: HttpRequest) -> HttpResponse:
    form = forms.IdeaFilterForm(request.GET or None)
    filters = queries.IdeaFilters()
    if form.is_valid():
        filters = queries.IdeaFilters(topic=form.cleaned_data["topik"],
                                      kecamatan=form.cleaned_data["kecamatan"],
                                      kind=form.cleaned_data["jenis"],
                                      status=form.cleaned_data["status"])
    page = page_of(queries.public_ideas(filters), request)
    query_string = urlencode({k: v for k, v in form.data.items() if k != "page" and v}) \
        if form.is_bound else ""
    return render(request, "participation/idea_list.html",
                  {"form": form, "page": page, "query_string": query_string})


@login_required
def idea_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not is_verified_citizen(user):
        return render(request, "complaints/not_citizen.html", status=403)
    form = forms.IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kecamatan = get_kecamatan(data["kecamatan"]) if data["kecamatan"] else None
        try:
            idea = actions.post_idea(actor=user, kind=data["kind"], topic=data["topic"],
                                     kecamatan=kecamatan, title=data["title"], body=data["body"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if idea.visibility == Visibility.HELD:
                messages.warning(request, actions.HELD_MESSAGE)
            else:
                messages.success(request, _("Aspirasi Anda sudah tampil. Terima kasih."))
            return redirect("participation:idea", idea_id=idea.pk)
    return render(request, "participation/idea_new.html", {"form": form})


def idea_detail(request: HttpRequest, idea_id: int) -> HttpResponse:
    user = _user(request)
    idea = queries.idea_for_viewer(user, idea_id)
    if idea is None:
        raise Http404
    return render(request, "participation/idea_detail.html", {
        "idea": idea, "comments": queries.comment_thread(idea, user),
        "supported": queries.has_supported(user, idea),
        "comment_form": forms.CommentForm(), "report_form": forms.ReportForm(),
        "can_answer": queries.answering_office(user) is not None,
        "status_form": forms.StatusForm(initial={"status": idea.status}),
    })


def _shown_idea(request: HttpRequest, idea_id: int) -> Idea:
    idea = queries.idea_for_viewer(_user(request), idea_id)
    if idea is None:
        raise Http404
    return idea


@login_required
@require_POST
def idea_support(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = _shown_idea(request, idea_id)
    try:
        actions.support_idea(actor=_user(request), idea=idea)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Dukungan Anda tercatat."))
    return redirect("participation:idea", idea_id=idea_id)


@login_required
@require_POST
def idea_comment(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = _shown_idea(request, idea_id)
    form = forms.CommentForm(request.POST)
    if not form.is_valid():
        _flash_errors(request, form)
        return redirect("participation:idea", idea_id=idea_id)
    parent = None
    if form.cleaned_data["parent"]:
        parent = queries.comment_of(idea, form.cleaned_data["parent"])
    try:
        comment = actions.comment_on_idea(actor=_user(request), idea=idea,
                                          body=form.cleaned_data["body"], parent=parent,
                                          official=form.cleaned_data["official"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if comment.visibility == Visibility.HELD:
            messages.warning(request, actions.HELD_MESSAGE)
        else:
            messages.success(request, _("Komentar Anda tampil."))
    return redirect("participation:idea", idea_id=idea_id)


@login_required
@require_POST
def report(request: HttpRequest, idea_id: int, comment_id: int | None = None) -> HttpResponse:
    idea = _shown_idea(request, idea_id)
    comment = None
    if comment_id is not None:
        comment = queries.comment_of(idea, comment_id)
        if comment is None:
            raise Http404
    form = forms.ReportForm(request.POST)
    if form.is_valid():
        try:
            actions.report_abuse(actor=_user(request), reason=form.cleaned_data["reason"],
                                 idea=None if comment else idea, comment=comment)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Terima kasih. Moderator akan meninjau laporan Anda."))
    else:
        _flash_errors(request, form)
    return redirect("participation:idea", idea_id=idea_id)


@login_required
@require_POST
def idea_status(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = _shown_idea(request, idea_id)
    if queries.answering_office(_user(request)) is None:
        raise Http404
    form = forms.StatusForm(request.POST)
    if form.is_valid():
        try:
            actions.set_idea_status(actor=_user(request), idea=idea,
                                    status=form.cleaned_data["status"],
                                    reason=form.cleaned_data["reason"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Status aspirasi diperbarui."))
    else:
        _flash_errors(request, form)
    return redirect("participation:idea", idea_id=idea_id)


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    if not queries.is_moderator(_user(request)):
        raise Http404
    return render(request, "participation/moderation.html",
                  {**queries.moderation_queue(), "form": forms.ModerationForm()})


@login_required
@require_POST
def moderate(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if not queries.is_moderator(_user(request)):
        raise Http404
    target = queries.moderation_target(kind, pk)
    if target is None:
        raise Http404
    form = forms.ModerationForm(request.POST)
    if form.is_valid():
        try:
            actions.moderate(actor=_user(request), decision=form.cleaned_data["decision"],
                             reason=form.cleaned_data["reason"],
                             idea=target if isinstance(target, Idea) else None,
                             comment=target if isinstance(target, IdeaComment) else None,
                             consultation_comment=(target if isinstance(target,
                                                                        ConsultationComment)
                                                   else None))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Keputusan moderasi disimpan."))
    else:
        _flash_errors(request, form)
    return redirect("participation:moderation")


# --- consultations ------------------------------------------------------------------------

def consultation_list(request: HttpRequest) -> HttpResponse:
    page = page_of(queries.consultations(), request)
    return render(request, "participation/consultation_list.html",
                  {"page": page, "today": timezone.localdate(),
                   "can_publish": queries.officer_offices(_user(request)).exists()})


@require_safe
def consultation_calendar(request: HttpRequest) -> HttpResponse:
    calendar = consultations_calendar(today=timezone.localdate())
    return ical.calendar_response(calendar, filename="konsultasi.ics", private=False)


@login_required
def consultation_new(request: HttpRequest) -> HttpResponse:
    offices = queries.officer_offices(_user(request))
    if not offices.exists():
        raise Http404
    form = forms.ConsultationForm(request.POST or None, offices=offices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = actions.publish_consultation(
                actor=_user(request), office=data["office"], title=data["title"],
                summary=data["summary"], opens_on=data["opens_on"],
                closes_on=data["closes_on"], sections=data["text"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Konsultasi publik diterbitkan."))
            return redirect("participation:consultation", consultation_id=consultation.pk)
    return render(request, "participation/consultation_new.html", {"form": form})


def consultation_detail(request: HttpRequest, consultation_id: int) -> HttpResponse:
    user = _user(request)
    consultation = queries.consultation_with_sections(consultation_id, user)
    if consultation is None:
        raise Http404
    today = timezone.localdate()
    return render(request, "participation/consultation_detail.html", {
        "consultation": consultation, "is_open": queries.is_open(consultation, today),
        "is_closed": today > consultation.closes_on,
        "is_office": queries.is_officer_of(user, consultation.office_id),
        "comment_form": forms.SectionCommentForm(), "response_form": forms.ResponseForm(),
    })


@login_required
@require_POST
def section_comment(request: HttpRequest, section_id: int) -> HttpResponse:
    section = section_or_404(section_id)
    form = forms.SectionCommentForm(request.POST)
    if form.is_valid():
        try:
            comment = actions.comment_on_section(actor=_user(request), section=section,
                                                 body=form.cleaned_data["body"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if comment.visibility == Visibility.HELD:
                messages.warning(request, actions.HELD_MESSAGE)
            else:
                messages.success(request, _("Tanggapan Anda tercatat."))
    else:
        _flash_errors(request, form)
    return redirect("participation:consultation", consultation_id=section.consultation_id)


@login_required
@require_POST
def comment_response(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = comment_for_office(_user(request), comment_id)
    form = forms.ResponseForm(request.POST)
    if form.is_valid():
        try:
            actions.respond_to_comment(actor=_user(request), comment=comment,
                                       response=form.cleaned_data["response"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Jawaban disimpan."))
    else:
        _flash_errors(request, form)
    return redirect("participation:consultation",
                    consultation_id=comment.section.consultation_id)


def consultation_report_csv(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = consultation_or_404(consultation_id, closed=True)
    response = HttpResponse(consultation_csv(consultation), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="konsultasi-{consultation.pk}.csv"'
    return response


def consultation_report_pdf(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = consultation_or_404(consultation_id, closed=True)
    response = HttpResponse(consultation_pdf(consultation), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="konsultasi-{consultation.pk}.pdf"'
    return response


# --- polls --------------------------------------------------------------------------------

def poll_list(request: HttpRequest) -> HttpResponse:
    page = page_of(queries.polls(), request)
    return render(request, "participation/poll_list.html",
                  {"page": page, "today": timezone.localdate(),
                   "can_publish": queries.officer_offices(_user(request)).exists()})


@login_required
def poll_new(request: HttpRequest) -> HttpResponse:
    offices = queries.officer_offices(_user(request))
    if not offices.exists():
        raise Http404
    form = forms.PollForm(request.POST or None, offices=offices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            poll = actions.create_poll(
                actor=_user(request), office=data["office"], question=data["question"],
                description=data["description"], kind=data["kind"],
                results_shown=data["results_shown"], opens_on=data["opens_on"],
                closes_on=data["closes_on"], options=data["options"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Jajak pendapat dibuka."))
            return redirect("participation:poll", poll_id=poll.pk)
    return render(request, "participation/poll_new.html", {"form": form})


def poll_detail(request: HttpRequest, poll_id: int, form: Any = None,
                status: int = 200) -> HttpResponse:
    poll = poll_or_404(poll_id)
    user = _user(request)
    today = timezone.localdate()
    voted = queries.has_voted(user, poll)
    options = list(poll.options.all())
    return render(request, "participation/poll_detail.html", {
        "poll": poll, "options": options, "voted": voted,
        "is_open": queries.is_open(poll, today),
        "show_results": queries.results_visible(poll, voted=voted, today=today),
        "form": form or forms.VoteForm(poll=poll),
    }, status=status)


@login_required
@require_POST
def poll_vote(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = poll_or_404(poll_id)
    form = forms.VoteForm(request.POST, poll=poll)
    if not form.is_valid():
        return poll_detail(request, poll_id, form=form, status=400)
    chosen = list(poll.options.filter(pk__in=form.chosen_ids()))
    try:
        actions.vote(actor=_user(request), poll=poll, options=chosen)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Suara Anda tercatat."))
    return redirect("participation:poll", poll_id=poll_id)


# --- analytics ----------------------------------------------------------------------------

def _analytics_tables(request: HttpRequest) -> tuple[list[analytics.Table], int]:
    user = _user(request)
    scope = analytics.scope_office_ids(user)
    if scope is not None and not scope:
        raise Http404
    try:
        months = max(1, min(int(request.GET.get("bulan", "12")), 36))
    except ValueError:
        months = 12
    return analytics.build(user, months=months, today=timezone.localdate()), months


@login_required
def analytics_page(request: HttpRequest) -> HttpResponse:
    tables, months = _analytics_tables(request)
    return render(request, "participation/analytics.html", {
        "tables": tables, "months": months, "choices": [3, 6, 12, 24, 36],
        "all_offices": analytics.is_admin(_user(request))})


@login_required
def analytics_csv(request: HttpRequest) -> HttpResponse:
    tables, months = _analytics_tables(request)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(analytics.csv_rows(tables))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="analitik-{months}-bulan.csv"'
    return response
