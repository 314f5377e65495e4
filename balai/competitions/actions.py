"""Every change of a competition, each recorded in the ledger: the organiser publishes a call
and moves its timeline; citizens register teams, invite members (who accept or decline) and
submit their entry and its files until the deadline; the organiser screens the entries and
assigns judges; judges declare conflicts of interest and score blind; the organiser fixes the
shortlist, judges score the finalists' presentations, and the organiser publishes the results
and links the winners to the innovation catalogue and their API app.

Every moment is decided by the server's clock (`timezone.now()`); nothing is half-written: a
refused change raises a CompetitionError with a stable code and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from balai.accounts.models import Office, User
from balai.accounts.queries import find_user_by_identifier
from balai.competitions import queries, scoring
from balai.competitions.models import (
    SCORE_MAX,
    Competition,
    Criterion,
    InterviewScore,
    Invitation,
    Judge,
    Score,
    Screening,
    Submission,
    SubmissionFile,
    Team,
    TeamMember,
)
from balai.core.errors import DomainError, PermissionDeniedError
from balai.core.uploads import CleanFile
from balai.innovation.models import Innovation
from balai.ledger.actions import record_event
from balai.notifications.actions import queue_message

TIMELINE = ("registration_opens", "registration_closes", "submission_deadline", "judging_ends",
            "announcement_at")
CALL_FIELDS = ("title", "theme", "prizes", "eligibility", "required_documents",
               "max_team_size", "shortlist_size", "complaint_category", "topic")


class CompetitionError(DomainError):
    code = "COMPETITION_ERROR"


def _person(actor: Any) -> bool:
    return isinstance(actor, User)


def _fresh(competition_id: int) -> Competition:
    # The caller's object may be older than the timeline or the shortlist; decide on the row.
    return Competition.objects.get(pk=competition_id)


def _require_organiser(actor: Any, competition: Competition) -> None:
    # The system (demo, commands) passes a label; a person must be an officer of the office.
    if _person(actor) and not queries.is_organiser(actor, competition):
        raise PermissionDeniedError()


def check_timeline(times: Mapping[str, dt.datetime]) -> None:
    """The five moments must follow each other (registration closes no later than the
    submission deadline; the announcement no earlier than the end of judging)."""
    values = [times[name] for name in TIMELINE]
    if any(value is None for value in values):
        raise CompetitionError(_("Lengkapi semua tanggal jadwal."), code="COMPETITION_TIMELINE")
    opens, closes, deadline, judging, announce = values
    if not (opens < closes <= deadline < judging <= announce):
        raise CompetitionError(
            _("Jadwal harus berurutan: pendaftaran dibuka, pendaftaran ditutup, batas "
              "pengumpulan, penilaian selesai, pengumuman."), code="COMPETITION_TIMELINE")


def check_criteria(criteria: list[tuple[str, int]]) -> None:
    if not criteria:
        raise CompetitionError(_("Rubrik penilaian perlu paling sedikit satu kriteria."),
                               code="COMPETITION_RUBRIC")
    if sum(weight for _name, weight in criteria) != 100:
        raise CompetitionError(_("Jumlah bobot kriteria harus 100%."),
                               code="COMPETITION_RUBRIC")
    if any(weight <= 0 for _name, weight in criteria):
        raise CompetitionError(_("Bobot setiap kriteria harus lebih dari 0."),
                               code="COMPETITION_RUBRIC")


def _unique_slug(title: str) -> str:
    base = slugify(title)[:50] or "kompetisi"
    slug = base
    # The pages beside a call's own (urls.py) are not slugs a call may take.
    while slug in ("pemenang", "saya", "baru") or Competition.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(2)}"
    return slug


@transaction.atomic
def create_competition(*, actor: Any, office: Office, criteria: list[tuple[str, int]],
                       is_demo: bool = False, **fields: Any) -> Competition:
    """Publish a call: theme, timeline, prizes, eligibility, documents and the rubric."""
    if _person(actor) and office.pk not in queries.organiser_office_ids(actor):
        raise PermissionDeniedError()
    check_timeline(fields)
    check_criteria(criteria)
    competition = Competition.objects.create(
        office=office, slug=_unique_slug(fields["title"]), is_demo=is_demo,
        **{name: fields[name] for name in (*CALL_FIELDS, *TIMELINE) if name in fields})
    Criterion.objects.bulk_create([
        Criterion(competition=competition, name=name, weight=weight, position=i)
        for i, (name, weight) in enumerate(criteria)])
    record_event(actor=actor, action="competition.created", obj=competition, payload={
        "slug": competition.slug, "office": office.code,
        "timeline": [str(fields[name]) for name in TIMELINE],
        "criteria": [[name, weight] for name, weight in criteria]})
    return competition


@transaction.atomic
def update_timeline(*, actor: Any, competition: Competition, **times: dt.datetime) -> Competition:
    """Move the call's timeline (an extension, or a correction); ordered as when created."""
    _require_organiser(actor, competition)
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.results_published_at:
        raise CompetitionError(_("Hasil sudah diumumkan; jadwal tidak dapat diubah."),
                               code="COMPETITION_PUBLISHED")
    merged = {name: times.get(name, getattr(competition, name)) for name in TIMELINE}
    check_timeline(merged)
    for name, value in merged.items():
        setattr(competition, name, value)
    competition.save(update_fields=[*TIMELINE, "updated_at"])
    record_event(actor=actor, action="competition.timeline_changed", obj=competition,
                 payload={name: str(value) for name, value in merged.items()})
    return competition


# --- teams ---------------------------------------------------------------------------------

@transaction.atomic
def register_team(*, actor: User, competition: Competition, name: str) -> Team:
    """A signed-in person registers a team and leads it (one team per person and call)."""
    if not queries.registration_open(competition):
        raise CompetitionError(_("Pendaftaran tim sedang tidak dibuka."),
                               code="COMPETITION_REGISTRATION_CLOSED")
    if queries.is_organiser(actor, competition):
        raise CompetitionError(_("Petugas penyelenggara tidak dapat menjadi peserta."),
                               code="COMPETITION_ORGANISER_CANNOT_ENTER")
    if queries.judge_of(actor, competition):
        raise CompetitionError(_("Juri tidak dapat menjadi peserta."),
                               code="COMPETITION_JUDGE_CANNOT_ENTER")
    if queries.team_of(actor, competition):
        raise CompetitionError(_("Anda sudah tergabung dalam tim di kompetisi ini."),
                               code="COMPETITION_ALREADY_IN_TEAM")
    if Team.objects.filter(competition=competition, name__iexact=name.strip()).exists():
        raise CompetitionError(_("Nama tim sudah dipakai. Pilih nama lain."),
                               code="COMPETITION_TEAM_NAME_TAKEN")
    team = Team.objects.create(competition=competition, name=name.strip(), leader=actor)
    TeamMember.objects.create(team=team, competition=competition, user=actor)
    record_event(actor=actor, action="competition.team_registered", obj=team,
                 payload={"competition": competition.slug, "name": team.name})
    return team


def _require_member(actor: User, team: Team) -> None:
    if not queries.is_member(actor, team):
        raise PermissionDeniedError()


def _require_before_deadline(competition: Competition) -> None:
    if not queries.submissions_open(competition):
        raise CompetitionError(_("Batas pengumpulan karya sudah lewat; tim tidak dapat diubah."),
                               code="COMPETITION_DEADLINE_PASSED")


@transaction.atomic
def invite_member(*, actor: User, team: Team, identifier: str) -> Invitation:
    """The team's leader invites a registered account by its email or phone number."""
    if actor.pk != team.leader_id:
        raise PermissionDeniedError()
    competition = _fresh(team.competition_id)
    _require_before_deadline(competition)
    identifier = identifier.strip()
    # By email or phone only: a NIK or a user name is not something to pass around.
    by_contact = "@" in identifier or re.fullmatch(r"\+?[\d\s-]{9,15}", identifier)
    invitee = find_user_by_identifier(identifier) if by_contact else None
    if invitee is None or not invitee.is_active:
        raise CompetitionError(
            _("Tidak ada akun terdaftar dengan email atau nomor telepon itu."),
            code="COMPETITION_INVITEE_UNKNOWN")
    if queries.team_of(invitee, competition):
        raise CompetitionError(_("Orang itu sudah tergabung dalam tim di kompetisi ini."),
                               code="COMPETITION_ALREADY_IN_TEAM")
    if team.members.count() + team.invitations.filter(
            status=Invitation.Status.PENDING).count() >= competition.max_team_size:
        raise CompetitionError(_("Tim sudah mencapai jumlah anggota paling banyak."),
                               code="COMPETITION_TEAM_FULL")
    if team.invitations.filter(user=invitee, status=Invitation.Status.PENDING).exists():
        raise CompetitionError(_("Orang itu sudah diundang dan belum menjawab."),
                               code="COMPETITION_ALREADY_INVITED")
    invitation = Invitation.objects.create(team=team, user=invitee, invited_by=actor)
    queue_message(channel="in_app", recipient=invitee,
                  subject=_("Undangan tim kompetisi"),
                  body=_("%(leader)s mengundang Anda bergabung dengan tim %(team)s di "
                         "%(competition)s. Jawab undangan di halaman Kompetisi saya.")
                  % {"leader": actor.full_name, "team": team.name,
                     "competition": competition.title})
    record_event(actor=actor, action="competition.member_invited", obj=invitation,
                 payload={"team": team.pk, "invitee": invitee.pk})
    return invitation


@transaction.atomic
def respond_to_invitation(*, actor: User, invitation: Invitation, accept: bool) -> Invitation:
    """The invited person accepts (joins the team) or declines."""
    invitation = Invitation.objects.select_for_update().select_related(
        "team", "team__competition").get(pk=invitation.pk)
    if invitation.user_id != actor.pk:
        raise PermissionDeniedError()
    if invitation.status != Invitation.Status.PENDING:
        raise CompetitionError(_("Undangan ini sudah dijawab."),
                               code="COMPETITION_INVITATION_ANSWERED")
    team = invitation.team
    if accept:
        _require_before_deadline(team.competition)
        if queries.team_of(actor, team.competition):
            raise CompetitionError(_("Anda sudah tergabung dalam tim di kompetisi ini."),
                                   code="COMPETITION_ALREADY_IN_TEAM")
        TeamMember.objects.create(team=team, competition=team.competition, user=actor)
    invitation.status = (Invitation.Status.ACCEPTED if accept
                         else Invitation.Status.DECLINED)
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    record_event(actor=actor, action=f"competition.invitation_{invitation.status}",
                 obj=invitation, payload={"team": team.pk})
    return invitation


# --- submissions ---------------------------------------------------------------------------

def _new_code() -> str:
    while True:
        code = f"K-{secrets.token_hex(3).upper()}"
        if not Submission.objects.filter(code=code).exists():
            return code


@transaction.atomic
def save_submission(*, actor: User, team: Team, title: str, summary: str,
                    demo_url: str = "") -> Submission:
    """A member writes or edits the team's entry; editable until the submission deadline."""
    _require_member(actor, team)
    _require_before_deadline(_fresh(team.competition_id))
    submission = Submission.objects.filter(team=team).first()
    if submission is None:
        submission = Submission.objects.create(team=team, code=_new_code(), title=title,
                                               summary=summary, demo_url=demo_url)
        action = "competition.submission_created"
    else:
        submission.title, submission.summary, submission.demo_url = title, summary, demo_url
        submission.save(update_fields=["title", "summary", "demo_url", "updated_at"])
        action = "competition.submission_updated"
    record_event(actor=actor, action=action, obj=submission,
                 payload={"team": team.pk, "title": title, "demo_url": demo_url})
    return submission


@transaction.atomic
def add_submission_file(*, actor: User, team: Team, title: str,
                        clean: CleanFile) -> SubmissionFile:
    """A member adds a checked file (one of the required documents) to the entry."""
    _require_member(actor, team)
    _require_before_deadline(_fresh(team.competition_id))
    submission = Submission.objects.filter(team=team).first()
    if submission is None:
        raise CompetitionError(_("Isi data karya terlebih dahulu, lalu unggah berkasnya."),
                               code="COMPETITION_NO_SUBMISSION")
    item = SubmissionFile(submission=submission, title=title, content_type=clean.content_type,
                          size=clean.size, sha256=clean.sha256, uploaded_by=actor)
    item.file.save(f"{secrets.token_hex(16)}.{clean.format}", ContentFile(clean.content),
                   save=False)
    name = item.file.name

    def _forget_file() -> None:
        from django.core.files.storage import default_storage

        default_storage.delete(name)

    try:
        item.save()
        record_event(actor=actor, action="competition.file_added", obj=item,
                     payload={"submission": submission.pk, "sha256": clean.sha256})
    except Exception:
        _forget_file()
        raise
    return item


# --- screening and judges --------------------------------------------------------------------

def _require_after_deadline(competition: Competition) -> None:
    if timezone.now() < competition.submission_deadline:
        raise CompetitionError(_("Pengumpulan karya belum ditutup."),
                               code="COMPETITION_DEADLINE_NOT_PASSED")


def _require_not_shortlisted(competition: Competition) -> None:
    if competition.shortlisted_at:
        raise CompetitionError(_("Finalis sudah ditetapkan; penilaian karya sudah ditutup."),
                               code="COMPETITION_SHORTLIST_FIXED")


@transaction.atomic
def screen_team(*, actor: Any, team: Team, passed: bool, note: str = "") -> Team:
    """The organiser's administrative screening: complete documents, eligibility."""
    competition = _fresh(team.competition_id)
    _require_organiser(actor, competition)
    _require_after_deadline(competition)
    _require_not_shortlisted(competition)
    if passed and not Submission.objects.filter(team=team).exists():
        raise CompetitionError(_("Tim ini tidak mengumpulkan karya."),
                               code="COMPETITION_NO_SUBMISSION")
    team.screening = Screening.PASSED if passed else Screening.REJECTED
    team.screening_note = note
    team.save(update_fields=["screening", "screening_note"])
    record_event(actor=actor, action="competition.team_screened", obj=team,
                 payload={"screening": team.screening, "note": note})
    return team


@transaction.atomic
def assign_judge(*, actor: Any, competition: Competition, identifier: str) -> Judge:
    """The organiser assigns an officer or an external judge's account (by email, phone or
    user name) to judge; a team member cannot judge the competition."""
    _require_organiser(actor, competition)
    _require_not_shortlisted(_fresh(competition.pk))
    user = find_user_by_identifier(identifier) if identifier.strip() else None
    if user is None or not user.is_active:
        raise CompetitionError(_("Tidak ada akun terdaftar dengan pengenal itu."),
                               code="COMPETITION_JUDGE_UNKNOWN")
    if queries.team_of(user, competition):
        raise CompetitionError(_("Anggota tim peserta tidak dapat menjadi juri."),
                               code="COMPETITION_JUDGE_IS_PARTICIPANT")
    try:
        with transaction.atomic():
            judge = Judge.objects.create(competition=competition, user=user)
    except IntegrityError:
        raise CompetitionError(_("Akun itu sudah menjadi juri kompetisi ini."),
                               code="COMPETITION_ALREADY_JUDGE") from None
    queue_message(channel="in_app", recipient=user, subject=_("Penugasan juri"),
                  body=_("Anda ditugaskan menjadi juri %(competition)s. Nyatakan konflik "
                         "kepentingan sebelum menilai.") % {"competition": competition.title})
    record_event(actor=actor, action="competition.judge_assigned", obj=judge,
                 payload={"competition": competition.slug, "user": user.pk})
    return judge


@transaction.atomic
def declare_conflicts(*, actor: User, judge: Judge, teams: Iterable[Team]) -> Judge:
    """A judge declares the teams they have a conflict of interest with (possibly none).
    Marks already given to a newly conflicted team are withdrawn."""
    if judge.user_id != actor.pk:
        raise PermissionDeniedError()
    competition = _fresh(judge.competition_id)
    _require_not_shortlisted(competition)
    teams = list(teams)
    if any(team.competition_id != competition.pk for team in teams):
        raise CompetitionError(_("Tim tidak dikenal."), code="COMPETITION_TEAM_UNKNOWN")
    judge.conflicts.set(teams)
    Score.objects.filter(judge=judge, submission__team__in=teams).delete()
    InterviewScore.objects.filter(judge=judge, team__in=teams).delete()
    judge.declared_at = timezone.now()
    judge.save(update_fields=["declared_at"])
    record_event(actor=actor, action="competition.conflicts_declared", obj=judge,
                 payload={"teams": sorted(team.pk for team in teams)})
    return judge


def _check_value(value: int) -> None:
    if not 0 <= value <= SCORE_MAX:
        raise CompetitionError(_("Nilai harus antara 0 dan 100."), code="COMPETITION_SCORE")


@transaction.atomic
def score_submission(*, actor: User, judge: Judge, submission: Submission,
                     marks: Mapping[int, int]) -> None:
    """A judge marks a submission on every criterion of the rubric (blind: by its code)."""
    if judge.user_id != actor.pk:
        raise PermissionDeniedError()
    competition = _fresh(judge.competition_id)
    if judge.declared_at is None:
        raise CompetitionError(_("Nyatakan konflik kepentingan terlebih dahulu."),
                               code="COMPETITION_CONFLICTS_UNDECLARED")
    _require_after_deadline(competition)
    _require_not_shortlisted(competition)
    if not queries.submissions_for_judge(judge).filter(pk=submission.pk).exists():
        raise PermissionDeniedError()
    criteria = {c.pk for c in competition.criteria.all()}
    if set(marks) != criteria:
        raise CompetitionError(_("Beri nilai untuk setiap kriteria."),
                               code="COMPETITION_SCORE")
    for value in marks.values():
        _check_value(value)
    for criterion_id, value in marks.items():
        Score.objects.update_or_create(judge=judge, submission=submission,
                                       criterion_id=criterion_id, defaults={"value": value})
    record_event(actor=actor, action="competition.submission_scored", obj=submission,
                 payload={"judge": judge.pk, "marks": {str(k): v for k, v in marks.items()}})


@transaction.atomic
def fix_shortlist(*, actor: Any, competition: Competition) -> list[Team]:
    """The organiser fixes the finalists: the best normalised written scores among the teams
    that passed screening (balai/competitions/scoring.py)."""
    _require_organiser(actor, competition)
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    _require_after_deadline(competition)
    _require_not_shortlisted(competition)
    if Team.objects.filter(competition=competition, screening=Screening.PENDING,
                           submission__isnull=False).exists():
        raise CompetitionError(_("Selesaikan dulu seleksi administrasi setiap karya."),
                               code="COMPETITION_SCREENING_UNFINISHED")
    scores = scoring.written_scores(queries.written_marks(competition),
                                    queries.weights_of(competition))
    if not scores:
        raise CompetitionError(_("Belum ada karya yang dinilai juri."),
                               code="COMPETITION_NOT_SCORED")
    order = scoring.ranking(scores)
    finalists = set(order[:competition.shortlist_size])
    teams = list(Team.objects.filter(competition=competition))
    for team in teams:
        team.written_score = scores.get(team.pk)
        team.is_finalist = team.pk in finalists
    Team.objects.bulk_update(teams, ["written_score", "is_finalist"])
    competition.shortlisted_at = timezone.now()
    competition.save(update_fields=["shortlisted_at", "updated_at"])
    record_event(actor=actor, action="competition.shortlist_fixed", obj=competition,
                 payload={"finalists": order[:competition.shortlist_size],
                          "scores": {str(k): round(v, 6) for k, v in scores.items()}})
    return [team for team in teams if team.is_finalist]


@transaction.atomic
def score_interview(*, actor: User, judge: Judge, team: Team, value: int) -> InterviewScore:
    """A judge marks a finalist's presentation and interview (not blind: it is in person)."""
    if judge.user_id != actor.pk:
        raise PermissionDeniedError()
    competition = _fresh(judge.competition_id)
    if not competition.shortlisted_at or competition.results_published_at:
        raise CompetitionError(_("Penilaian presentasi sedang tidak dibuka."),
                               code="COMPETITION_INTERVIEW_CLOSED")
    if not queries.finalists_for_judge(judge).filter(pk=team.pk).exists():
        raise PermissionDeniedError()
    _check_value(value)
    mark, _created = InterviewScore.objects.update_or_create(judge=judge, team=team,
                                                            defaults={"value": value})
    record_event(actor=actor, action="competition.interview_scored", obj=team,
                 payload={"judge": judge.pk, "value": value})
    return mark


@transaction.atomic
def publish_results(*, actor: Any, competition: Competition) -> list[Team]:
    """The organiser publishes the finalists' scores and ranks; the prize lines go to the
    first ranks. Final score = mean of the normalised written and interview scores."""
    _require_organiser(actor, competition)
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if not competition.shortlisted_at:
        raise CompetitionError(_("Tetapkan finalis terlebih dahulu."),
                               code="COMPETITION_NO_SHORTLIST")
    if competition.results_published_at:
        raise CompetitionError(_("Hasil sudah diumumkan."), code="COMPETITION_PUBLISHED")
    finalists = list(Team.objects.filter(competition=competition, is_finalist=True))
    marks = {(j, t): v for j, t, v in InterviewScore.objects.filter(
        team__in=finalists).values_list("judge_id", "team_id", "value")}
    interviewed = {t for _j, t in marks}
    if any(team.pk not in interviewed for team in finalists):
        raise CompetitionError(_("Setiap finalis perlu nilai presentasi dari juri."),
                               code="COMPETITION_INTERVIEW_UNFINISHED")
    interview = scoring.single_mark_scores(marks)
    final = {team.pk: ((team.written_score or 0.0) + interview[team.pk]) / 2
             for team in finalists}
    order = scoring.ranking(final)
    prizes = competition.prize_lines
    by_id = {team.pk: team for team in finalists}
    for rank, team_id in enumerate(order, start=1):
        team = by_id[team_id]
        team.interview_score = interview[team_id]
        team.final_score = final[team_id]
        team.rank = rank
        team.prize = prizes[rank - 1][:200] if rank <= len(prizes) else ""
    Team.objects.bulk_update(finalists, ["interview_score", "final_score", "rank", "prize"])
    competition.results_published_at = timezone.now()
    competition.save(update_fields=["results_published_at", "updated_at"])
    record_event(actor=actor, action="competition.results_published", obj=competition,
                 payload={"ranking": order,
                          "final": {str(k): round(v, 6) for k, v in final.items()}})
    return [by_id[team_id] for team_id in order]


@transaction.atomic
def link_winner(*, actor: Any, team: Team, innovation: Innovation | None,
                api_app: str = "") -> Team:
    """The organiser links a winning solution to its innovation in the regional catalogue
    and to its API app (an address or identifier until the developer portal has apps)."""
    competition = _fresh(team.competition_id)
    _require_organiser(actor, competition)
    if not competition.results_published_at or not team.prize:
        raise CompetitionError(_("Hanya pemenang yang sudah diumumkan dapat ditautkan."),
                               code="COMPETITION_NOT_WINNER")
    team.innovation = innovation
    team.api_app = api_app.strip()
    team.save(update_fields=["innovation", "api_app"])
    record_event(actor=actor, action="competition.winner_linked", obj=team,
                 payload={"innovation": innovation.pk if innovation else None,
                          "api_app": team.api_app})
    return team
