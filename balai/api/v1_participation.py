"""Participation: /api/v1/ideas, /api/v1/consultations, /api/v1/polls. Calls
balai.participation actions and queries; authors are shown by first name only, consultation
commenters not at all."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from balai.api.auth import AUTHENTICATED, OPTIONAL, OPTIONAL_OPENAPI, require_write
from balai.api.errors import FieldErrors, errors
from balai.api.pagination import DEFAULT_PER_PAGE, MAX_PER_PAGE
from balai.participation import actions, queries
from balai.participation.access import poll_or_404, section_or_404
from balai.participation.models import (
    BODY_MAX,
    BODY_MIN,
    COMMENT_MAX,
    TITLE_MAX,
    Idea,
    IdeaComment,
    Topic,
    Visibility,
)
from balai.regions.queries import get_kecamatan

router = Router(tags=["partisipasi"], auth=OPTIONAL)


class PagerOut(Schema):
    number: int
    per_page: int
    has_next: bool
    has_previous: bool


class IdeaOut(Schema):
    id: int
    kind: str
    topic: str
    kecamatan: str | None
    title: str
    body: str
    author: str
    status: str
    status_label: str
    status_reason: str
    visibility: str
    supports: int
    comments: int
    created_at: dt.datetime


class IdeaListOut(Schema):
    items: list[IdeaOut]
    page: PagerOut


class CommentOut(Schema):
    id: int
    parent: int | None
    author: str
    body: str
    official_answer: bool
    office: str | None
    visibility: str
    created_at: dt.datetime


class IdeaDetailOut(IdeaOut):
    thread: list[CommentOut]


class IdeaFilters(Schema):
    topic: str = ""
    kecamatan: str = ""
    kind: str = ""
    status: str = ""
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


class IdeaIn(Schema):
    kind: Literal["ide", "saran", "kritik"]
    topic: str = Field(max_length=40)
    kecamatan: str = Field("", max_length=13)
    title: str = Field(min_length=5, max_length=TITLE_MAX)
    body: str = Field(min_length=BODY_MIN, max_length=BODY_MAX)


class CommentIn(Schema):
    body: str = Field(min_length=2, max_length=COMMENT_MAX)
    parent: int | None = None


class SectionCommentOut(Schema):
    id: int
    body: str
    response: str
    created_at: dt.datetime


class SectionOut(Schema):
    id: int
    order: int
    heading: str
    body: str
    comments: list[SectionCommentOut]


class ConsultationOut(Schema):
    id: int
    office: str
    title: str
    summary: str
    opens_on: dt.date
    closes_on: dt.date
    is_open: bool


class ConsultationDetailOut(ConsultationOut):
    sections: list[SectionOut]


class PollOptionOut(Schema):
    id: int
    label: str
    votes: int | None


class PollOut(Schema):
    id: int
    office: str
    question: str
    kind: str
    opens_on: dt.date
    closes_on: dt.date
    is_open: bool
    voters: int | None
    options: list[PollOptionOut]


class VoteIn(Schema):
    options: list[int] = Field(min_length=1, max_length=20)


def _pager(qs: Any, page: int, per_page: int) -> tuple[list[Any], dict[str, Any]]:
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise FieldErrors({"per_page": [f"Antara 1 dan {MAX_PER_PAGE}."]})
    page = max(page, 1)
    rows = list(qs[(page - 1) * per_page:page * per_page + 1])
    return rows[:per_page], {"number": page, "per_page": per_page,
                             "has_next": len(rows) > per_page, "has_previous": page > 1}


def _idea(idea: Idea) -> dict[str, Any]:
    return {"id": idea.pk, "kind": idea.kind, "topic": idea.topic.code,
            "kecamatan": idea.kecamatan_id, "title": idea.title, "body": idea.body,
            "author": idea.author.get_short_name(), "status": idea.status,
            "status_label": idea.get_status_display(), "status_reason": idea.status_reason,
            "visibility": idea.visibility, "supports": idea.support_count,
            "comments": idea.comment_count, "created_at": idea.created_at}


def _comments(thread: list[IdeaComment]) -> list[dict[str, Any]]:
    flat: list[dict[str, Any]] = []
    for c in thread:
        flat.append({"id": c.pk, "parent": c.parent_id,
                     "author": c.office.name if c.is_official and c.office else
                     c.author.get_short_name(), "body": c.body,
                     "official_answer": c.is_official,
                     "office": c.office.name if c.office else None,
                     "visibility": c.visibility, "created_at": c.created_at})
        flat.extend(_comments(getattr(c, "children", [])))
    return flat


def _user(request: HttpRequest) -> Any:
    return request.auth.user  # type: ignore[attr-defined]


@router.get("/ideas", response={200: IdeaListOut, **errors(401, 422)}, url_name="idea_list",
            summary="Aspirations", openapi_extra=OPTIONAL_OPENAPI,
            description="Ideas, suggestions and criticism that are shown, newest first, by "
                        "topic, kecamatan, kind or status. Added in v1.")
def idea_list(request: HttpRequest, filters: Query[IdeaFilters]) -> dict[str, Any]:
    qs = queries.public_ideas(queries.IdeaFilters(topic=filters.topic,
                                                  kecamatan=filters.kecamatan,
                                                  kind=filters.kind, status=filters.status))
    rows, page = _pager(qs.select_related("author"), filters.page, filters.per_page)
    return {"items": [_idea(i) for i in rows], "page": page}


@router.post("/ideas", response={201: IdeaOut, **errors(401, 403, 422)}, auth=AUTHENTICATED,
             url_name="idea_create", summary="Post an aspiration",
             description="A confirmed citizen posts an idea, suggestion or criticism; a text "
                         "with abusive words is held for moderation (`visibility`: "
                         "`ditahan`). Needs the write scope. Added in v1.")
def idea_create(request: HttpRequest, payload: IdeaIn) -> Status[dict[str, Any]]:
    user = require_write(request)
    topic = Topic.objects.filter(code=payload.topic, is_active=True).first()
    if topic is None:
        raise FieldErrors({"topic": ["Topik tidak dikenal."]})
    kecamatan = None
    if payload.kecamatan:
        kecamatan = get_kecamatan(payload.kecamatan)
        if kecamatan is None:
            raise FieldErrors({"kecamatan": ["Kecamatan tidak dikenal."]})
    idea = actions.post_idea(actor=user, kind=payload.kind, topic=topic, kecamatan=kecamatan,
                             title=payload.title, body=payload.body)
    return Status(201, _idea(idea))


@router.get("/ideas/{idea_id}", response={200: IdeaDetailOut, **errors(401, 404)},
            url_name="idea_detail", summary="One aspiration", openapi_extra=OPTIONAL_OPENAPI,
            description="An aspiration with its comment thread; official answers are marked. "
                        "Added in v1.")
def idea_detail(request: HttpRequest, idea_id: int) -> dict[str, Any]:
    user = _user(request)
    viewer = user if user is not None else _anonymous()
    idea = queries.idea_for_viewer(viewer, idea_id)
    if idea is None:
        raise Http404
    return {**_idea(idea), "thread": _comments(queries.comment_thread(idea, viewer))}


def _anonymous() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@router.post("/ideas/{idea_id}/support", response={200: IdeaOut, **errors(401, 403, 404)},
             auth=AUTHENTICATED, url_name="idea_support", summary="Support an aspiration",
             description="Once per confirmed citizen; a second time answers 400 "
                         "IDEA_ALREADY_SUPPORTED. Added in v1.")
def idea_support(request: HttpRequest, idea_id: int) -> dict[str, Any]:
    user = require_write(request)
    idea = queries.idea_for_viewer(user, idea_id)
    if idea is None:
        raise Http404
    return _idea(actions.support_idea(actor=user, idea=idea))


@router.post("/ideas/{idea_id}/comments", response={201: CommentOut, **errors(401, 403, 404,
                                                                              422)},
             auth=AUTHENTICATED, url_name="idea_comment", summary="Comment on an aspiration",
             description="A confirmed citizen comments or replies (`parent`). Added in v1.")
def idea_comment(request: HttpRequest, idea_id: int, payload: CommentIn) -> Status[dict[str, Any]]:
    user = require_write(request)
    idea = queries.idea_for_viewer(user, idea_id)
    if idea is None:
        raise Http404
    parent = None
    if payload.parent is not None:
        parent = IdeaComment.objects.filter(pk=payload.parent, idea=idea,
                                            visibility=Visibility.SHOWN).first()
        if parent is None:
            raise FieldErrors({"parent": ["Komentar yang dibalas tidak ditemukan."]})
    comment = actions.comment_on_idea(actor=user, idea=idea, body=payload.body, parent=parent)
    return Status(201, _comments([comment])[0])


def _consultation(c: Any, today: dt.date) -> dict[str, Any]:
    return {"id": c.pk, "office": c.office.name, "title": c.title, "summary": c.summary,
            "opens_on": c.opens_on, "closes_on": c.closes_on,
            "is_open": queries.is_open(c, today)}


@router.get("/consultations", response={200: list[ConsultationOut], **errors(401, 422)},
            url_name="consultation_list", summary="Public consultations",
            openapi_extra=OPTIONAL_OPENAPI,
            description="Draft policies put to the public, latest closing first. Added in v1.")
def consultation_list(request: HttpRequest, page: int = 1,
                      per_page: int = DEFAULT_PER_PAGE) -> list[dict[str, Any]]:
    rows, _page = _pager(queries.consultations(), page, per_page)
    today = timezone.localdate()
    return [_consultation(c, today) for c in rows]


@router.get("/consultations/{consultation_id}",
            response={200: ConsultationDetailOut, **errors(401, 404)},
            url_name="consultation_detail", summary="One consultation",
            openapi_extra=OPTIONAL_OPENAPI,
            description="The draft in sections, each with the citizens' comments (no names) "
                        "and the office's answers. Added in v1.")
def consultation_detail(request: HttpRequest, consultation_id: int) -> dict[str, Any]:
    consultation = queries.consultation_with_sections(consultation_id, _anonymous())
    if consultation is None:
        raise Http404
    return {**_consultation(consultation, timezone.localdate()),
            "sections": [{"id": s.pk, "order": s.order, "heading": s.heading, "body": s.body,
                          "comments": [{"id": c.pk, "body": c.body, "response": c.response,
                                        "created_at": c.created_at}
                                       for c in s.comments.all()]}
                         for s in consultation.sections.all()]}


@router.post("/consultations/sections/{section_id}/comments",
             response={201: SectionCommentOut, **errors(401, 403, 404, 422)},
             auth=AUTHENTICATED, url_name="consultation_comment",
             summary="Comment on a section",
             description="A confirmed citizen comments on a section while the consultation is "
                         "open; afterwards 400 CONSULTATION_CLOSED. Added in v1.")
def consultation_comment(request: HttpRequest, section_id: int,
                         payload: CommentIn) -> Status[dict[str, Any]]:
    user = require_write(request)
    comment = actions.comment_on_section(actor=user, section=section_or_404(section_id),
                                         body=payload.body)
    return Status(201, {"id": comment.pk, "body": comment.body, "response": comment.response,
                        "created_at": comment.created_at})


def _poll(poll: Any, user: Any, today: dt.date) -> dict[str, Any]:
    voted = user is not None and queries.has_voted(user, poll)
    shown = queries.results_visible(poll, voted=voted, today=today)
    return {"id": poll.pk, "office": poll.office.name, "question": poll.question,
            "kind": poll.kind, "opens_on": poll.opens_on, "closes_on": poll.closes_on,
            "is_open": queries.is_open(poll, today),
            "voters": poll.vote_count if shown else None,
            "options": [{"id": o.pk, "label": o.label, "votes": o.vote_count if shown else None}
                        for o in poll.options.all()]}


@router.get("/polls", response={200: list[PollOut], **errors(401, 422)}, url_name="poll_list",
            summary="Polls", openapi_extra=OPTIONAL_OPENAPI,
            description="Polls, latest closing first; counts are null until the results may "
                        "be shown (after voting or after closing, as the office chose). "
                        "Added in v1.")
def poll_list(request: HttpRequest, page: int = 1,
              per_page: int = DEFAULT_PER_PAGE) -> list[dict[str, Any]]:
    rows, _page = _pager(queries.polls().prefetch_related("options"), page, per_page)
    today = timezone.localdate()
    return [_poll(p, _user(request), today) for p in rows]


@router.post("/polls/{poll_id}/vote", response={200: PollOut, **errors(401, 403, 404, 422)},
             auth=AUTHENTICATED, url_name="poll_vote", summary="Vote",
             description="A confirmed citizen votes once while the poll is open; a second vote "
                         "answers 400 POLL_ALREADY_VOTED. Added in v1.")
def poll_vote(request: HttpRequest, poll_id: int, payload: VoteIn) -> dict[str, Any]:
    user = require_write(request)
    poll = poll_or_404(poll_id)
    options = list(poll.options.filter(pk__in=payload.options))
    if len(options) != len(set(payload.options)):
        raise FieldErrors({"options": ["Pilihan tidak dikenal."]})
    actions.vote(actor=user, poll=poll, options=options)
    poll.refresh_from_db()
    return _poll(poll, user, timezone.localdate())
