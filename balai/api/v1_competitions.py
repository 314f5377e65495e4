"""Technology competitions: /api/v1/competitions and the published results of one,
read-only. Calls balai.competitions' queries; nothing about teams' members or unpublished
scores is exposed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from balai.api.auth import OPTIONAL, OPTIONAL_OPENAPI
from balai.api.errors import FieldErrors, errors
from balai.api.pagination import DEFAULT_PER_PAGE, MAX_PER_PAGE, PageOut, paginate
from balai.competitions import queries
from balai.competitions.models import Competition, Team

router = Router(tags=["kompetisi"], auth=OPTIONAL)

PHASES = ", ".join(queries.Phase.LABELS)


class CriterionOut(Schema):
    name: str
    weight: int = Field(description="Percent; the weights of a call add up to 100.")


class CompetitionOut(Schema):
    slug: str
    title: str
    theme: str
    organiser: str
    phase: str = Field(description=f"One of {PHASES}, by the server's clock.")
    registration_opens: dt.datetime
    registration_closes: dt.datetime
    submission_deadline: dt.datetime
    judging_ends: dt.datetime
    announcement_at: dt.datetime
    prizes: list[str]
    required_documents: list[str]
    criteria: list[CriterionOut]
    results_published_at: dt.datetime | None
    is_demo: bool


class CompetitionListOut(Schema):
    items: list[CompetitionOut]
    page: PageOut


class ListFilters(Schema):
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


class FinalistOut(Schema):
    rank: int
    team: str
    entry_title: str
    written_score: float | None = Field(description="Mean per-judge z-score of the entry.")
    interview_score: float | None = Field(description="Mean per-judge z-score of the "
                                                      "presentation and interview.")
    final_score: float | None = Field(description="Mean of the two scores above.")
    prize: str
    innovation_id: int | None
    api_app: str


class ResultsOut(Schema):
    slug: str
    title: str
    results_published_at: dt.datetime
    finalists: list[FinalistOut]


def _competition(c: Competition) -> dict[str, Any]:
    return {"slug": c.slug, "title": c.title, "theme": c.theme, "organiser": c.office.name,
            "phase": queries.phase(c), "registration_opens": c.registration_opens,
            "registration_closes": c.registration_closes,
            "submission_deadline": c.submission_deadline, "judging_ends": c.judging_ends,
            "announcement_at": c.announcement_at, "prizes": c.prize_lines,
            "required_documents": c.document_lines,
            "criteria": [{"name": k.name, "weight": k.weight} for k in c.criteria.all()],
            "results_published_at": c.results_published_at, "is_demo": c.is_demo}


def _finalist(t: Team) -> dict[str, Any]:
    return {"rank": t.rank, "team": t.name, "entry_title": t.submission.title,
            "written_score": t.written_score, "interview_score": t.interview_score,
            "final_score": t.final_score, "prize": t.prize, "innovation_id": t.innovation_id,
            "api_app": t.api_app}


@router.get("/competitions", response={200: CompetitionListOut, **errors(422)},
            summary="List technology competitions", openapi_extra=OPTIONAL_OPENAPI,
            description="The regency's technology competitions, newest first: the problem, the "
                        "timeline, prizes, required documents and the rubric. Added in v1.")
def competition_list(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    if not 1 <= filters.per_page <= MAX_PER_PAGE:
        raise FieldErrors({"per_page": [f"Antara 1 dan {MAX_PER_PAGE}."]})
    rows, page = paginate(queries.public_competitions().prefetch_related("criteria"),
                          page=filters.page, per_page=filters.per_page)
    return {"items": [_competition(c) for c in rows], "page": page}


@router.get("/competitions/{slug}/results", response={200: ResultsOut, **errors(404)},
            summary="Published results of a competition", openapi_extra=OPTIONAL_OPENAPI,
            description="The finalists of a competition whose results are published, by rank, "
                        "with their normalised scores and prizes; 404 until they are "
                        "published. Added in v1.")
def competition_results(request: HttpRequest, slug: str) -> dict[str, Any]:
    competition = queries.get_competition(slug)
    if competition is None or competition.results_published_at is None:
        raise Http404
    return {"slug": competition.slug, "title": competition.title,
            "results_published_at": competition.results_published_at,
            "finalists": [_finalist(t) for t in queries.results(competition)]}
