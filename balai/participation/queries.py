"""Reads of the forum, consultations and polls. Nothing here writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from balai.accounts.models import Office, OfficeRole, Role, User
from balai.participation.models import (
    AbuseReport,
    Consultation,
    ConsultationComment,
    ConsultationSection,
    Idea,
    IdeaComment,
    IdeaSupport,
    Poll,
    PollVote,
    Visibility,
)

# Roles that speak for an office in the forum and publish consultations and polls.
OFFICE_ROLES = [r for r in Role.values if r not in (Role.AUDITOR, Role.MODERATOR)]




def is_moderator(user: User) -> bool:
    return user.is_authenticated and OfficeRole.objects.filter(
        user=user, role=Role.MODERATOR).exists()


def officer_offices(user: User) -> QuerySet[Office]:
    if not user.is_authenticated:
        return Office.objects.none()
    return Office.objects.filter(roles__user=user, roles__role__in=OFFICE_ROLES,
                                 is_active=True).distinct().order_by("name")


def answering_office(user: User) -> Office | None:
    """The office an officer speaks for in the forum (their first, by name)."""
    return officer_offices(user).first()


def is_officer_of(user: User, office_id: int) -> bool:
    return user.is_authenticated and OfficeRole.objects.filter(
        user=user, office_id=office_id, role__in=OFFICE_ROLES).exists()


def is_open(item: Consultation | Poll, today: dt.date) -> bool:
    return item.opens_on <= today <= item.closes_on


# --- forum --------------------------------------------------------------------------------

@dataclass(frozen=True)
class IdeaFilters:
    topic: str = ""
    kecamatan: str = ""
    kind: str = ""
    status: str = ""


def public_ideas(filters: IdeaFilters = IdeaFilters()) -> QuerySet[Idea]:
    qs = Idea.objects.filter(visibility=Visibility.SHOWN)
    if filters.topic:
        qs = qs.filter(topic__code=filters.topic)
    if filters.kecamatan:
        qs = qs.filter(kecamatan_id=filters.kecamatan)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.select_related("topic", "kecamatan").order_by("-id")


def idea_for_viewer(user: User, idea_id: int) -> Idea | None:
    """A shown idea for anyone; a held or hidden one only for its author and moderators."""
    idea = (Idea.objects.select_related("topic", "kecamatan", "author", "status_office")
            .filter(pk=idea_id).first())
    if idea is None:
        return None
    if idea.visibility == Visibility.SHOWN:
        return idea
    if user.is_authenticated and (idea.author_id == user.pk or is_moderator(user)):
        return idea
    return None


def comment_thread(idea: Idea, user: User) -> list[IdeaComment]:
    """Shown comments (and the viewer's own held ones), as a tree: each has `.children`."""
    visible = Q(visibility=Visibility.SHOWN)
    if user.is_authenticated:
        visible |= Q(author=user, visibility=Visibility.HELD)
    comments = list(idea.comments.filter(visible).select_related("author", "office"))
    by_parent: dict[int | None, list[IdeaComment]] = {}
    for comment in comments:
        by_parent.setdefault(comment.parent_id, []).append(comment)
    for comment in comments:
        comment.children = by_parent.get(comment.pk, [])  # type: ignore[attr-defined]
    return by_parent.get(None, [])


def comment_of(idea: Idea, comment_id: int) -> IdeaComment | None:
    return IdeaComment.objects.filter(pk=comment_id, idea=idea).first()


MODERATED = {"aspirasi": Idea, "komentar": IdeaComment, "tanggapan": ConsultationComment}


def moderation_target(kind: str, pk: int) -> Idea | IdeaComment | ConsultationComment | None:
    """What a moderator acts on, by the kind named in the URL; None for an unknown kind."""
    model = MODERATED.get(kind)
    return model.objects.filter(pk=pk).first() if model is not None else None


def has_supported(user: User, idea: Idea) -> bool:
    return user.is_authenticated and IdeaSupport.objects.filter(idea=idea, user=user).exists()


def moderation_queue() -> dict[str, Any]:
    reported = AbuseReport.objects.filter(resolved_at__isnull=True)
    return {
        "ideas": list(Idea.objects.filter(Q(visibility=Visibility.HELD)
                                          | Q(pk__in=reported.values("idea_id")))
                      .select_related("topic").order_by("id")[:50]),
        "comments": list(IdeaComment.objects.filter(Q(visibility=Visibility.HELD)
                                                    | Q(pk__in=reported.values("comment_id")))
                         .select_related("idea").order_by("id")[:50]),
        "consultation_comments": list(ConsultationComment.objects
                                      .filter(visibility=Visibility.HELD)
                                      .select_related("section__consultation")
                                      .order_by("id")[:50]),
        "reports": list(reported.order_by("id")[:100]),
    }


# --- consultations ------------------------------------------------------------------------

def consultations() -> QuerySet[Consultation]:
    return Consultation.objects.select_related("office").order_by("-closes_on", "-id")


def consultations_closing_since(day: dt.date) -> QuerySet[Consultation]:
    """Consultations that close on `day` or later (the calendar feed's), soonest first."""
    return (Consultation.objects.select_related("office").filter(closes_on__gte=day)
            .order_by("closes_on", "id"))


def consultation_with_sections(consultation_id: int, user: User) -> Consultation | None:
    visible = Q(visibility=Visibility.SHOWN)
    if user.is_authenticated:
        visible |= Q(author=user)
    comments = ConsultationComment.objects.filter(visible).order_by("id")
    return (Consultation.objects.select_related("office")
            .prefetch_related(Prefetch("sections", queryset=ConsultationSection.objects
                                       .prefetch_related(Prefetch("comments",
                                                                  queryset=comments))))
            .filter(pk=consultation_id).first())


def consultation_report_rows(consultation: Consultation) -> list[ConsultationComment]:
    """Every shown comment of a consultation with the office's answer, by section. No names:
    the report is public."""
    return list(ConsultationComment.objects
                .filter(section__consultation=consultation, visibility=Visibility.SHOWN)
                .select_related("section").order_by("section__order", "id"))


# --- polls --------------------------------------------------------------------------------

def polls() -> QuerySet[Poll]:
    return Poll.objects.select_related("office").order_by("-closes_on", "-id")


def has_voted(user: User, poll: Poll) -> bool:
    return user.is_authenticated and PollVote.objects.filter(poll=poll, user=user).exists()


def results_visible(poll: Poll, *, voted: bool, today: dt.date) -> bool:
    if today > poll.closes_on:
        return True
    return poll.results_shown == Poll.Results.AFTER_VOTE and voted
