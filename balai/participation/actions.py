"""Every change to the forum, consultations and polls. Atomic, recorded in the ledger (no
personal data in payloads), with the people concerned notified.

A post with a listed abusive word is saved but held for a moderator (community guidelines);
moderators publish or hide posts with a reason the author is told.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import Office, User
from balai.accounts.queries import is_verified_citizen
from balai.core.errors import DomainError, PermissionDeniedError
from balai.ledger.actions import record_event
from balai.notifications.actions import queue_message
from balai.participation import queries
from balai.participation.models import (
    BODY_MAX,
    BODY_MIN,
    COMMENT_MAX,
    AbuseReport,
    Consultation,
    ConsultationComment,
    ConsultationSection,
    Idea,
    IdeaComment,
    IdeaStat,
    IdeaSupport,
    Poll,
    PollOption,
    PollVote,
    Topic,
    Visibility,
)
from balai.participation.wordlist import flagged_words
from balai.regions.models import Region


class ParticipationError(DomainError):
    code = "PARTICIPATION_ERROR"


HELD_MESSAGE = _("Tulisan Anda memuat kata yang melanggar pedoman komunitas, jadi ditahan dulu "
                 "untuk ditinjau moderator sebelum tampil.")


def _require_citizen(actor: User) -> None:
    if not is_verified_citizen(actor):
        raise PermissionDeniedError(_("Hanya warga yang akunnya sudah dikonfirmasi yang dapat "
                                      "melakukan ini."), code="PARTICIPATION_CITIZEN_ONLY")


def _check_text(text: str, *, minimum: int, maximum: int, label: str) -> str:
    text = text.strip()
    if not minimum <= len(text) <= maximum:
        raise ParticipationError(
            _("%(label)s harus %(min)d sampai %(max)d karakter.")
            % {"label": label, "min": minimum, "max": maximum}, code="PARTICIPATION_LENGTH")
    return text


def _visibility_for(*texts: str) -> Visibility:
    return Visibility.HELD if any(flagged_words(t) for t in texts) else Visibility.SHOWN


def _notify(user: User, subject: str, body: str) -> None:
    queue_message(channel="in_app", recipient=user, subject=subject, body=body)


# --- the forum ----------------------------------------------------------------------------

@transaction.atomic
def post_idea(*, actor: User, kind: str, topic: Topic, title: str, body: str,
              kecamatan: Region | None = None) -> Idea:
    """A citizen posts an idea, a suggestion or criticism. Abusive words hold it for review."""
    _require_citizen(actor)
    if kind not in Idea.Kind.values:
        raise ParticipationError(_("Jenis aspirasi tidak dikenal."), code="IDEA_KIND")
    title = _check_text(title, minimum=5, maximum=150, label=_("Judul"))
    body = _check_text(body, minimum=BODY_MIN, maximum=BODY_MAX, label=_("Isi aspirasi"))
    idea = Idea.objects.create(kind=kind, topic=topic, kecamatan=kecamatan, title=title,
                               body=body, author=actor,
                               visibility=_visibility_for(title, body))
    month = timezone.localdate(idea.created_at).replace(day=1)
    stat, _created = IdeaStat.objects.get_or_create(month=month, topic=topic, kind=kind,
                                                    kecamatan_code=kecamatan.code if kecamatan
                                                    else "")
    IdeaStat.objects.filter(pk=stat.pk).update(count=F("count") + 1)
    record_event(actor=actor, action="aspirasi.dikirim", obj=idea,
                 payload={"kind": kind, "topic": topic.code, "visibility": idea.visibility})
    return idea


class AlreadySupported(ParticipationError):
    code = "IDEA_ALREADY_SUPPORTED"
    message = _("Anda sudah mendukung aspirasi ini. Setiap warga hanya dapat mendukung sekali.")


@transaction.atomic
def support_idea(*, actor: User, idea: Idea) -> Idea:
    """A citizen supports an idea, once (a unique constraint holds it under races too)."""
    _require_citizen(actor)
    if idea.visibility != Visibility.SHOWN:
        raise ParticipationError(_("Aspirasi ini tidak sedang tampil."), code="IDEA_NOT_SHOWN")
    try:
        with transaction.atomic():
            IdeaSupport.objects.create(idea=idea, user=actor)
    except IntegrityError:
        raise AlreadySupported() from None
    Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
    idea.refresh_from_db(fields=["support_count"])
    record_event(actor=actor, action="aspirasi.didukung", obj=idea,
                 payload={"supports": idea.support_count})
    return idea


@transaction.atomic
def comment_on_idea(*, actor: User, idea: Idea, body: str, parent: IdeaComment | None = None,
                    official: bool = False) -> IdeaComment:
    """A citizen comments (or replies), or an officer answers in the name of their office
    (an official answer, marked as such)."""
    office = None
    if official:
        office = queries.answering_office(actor)
        if office is None:
            raise PermissionDeniedError()
    else:
        _require_citizen(actor)
    if idea.visibility != Visibility.SHOWN:
        raise ParticipationError(_("Aspirasi ini tidak sedang tampil."), code="IDEA_NOT_SHOWN")
    if parent is not None and parent.idea_id != idea.pk:
        raise ParticipationError(_("Komentar yang dibalas tidak ada di aspirasi ini."),
                                 code="COMMENT_PARENT")
    body = _check_text(body, minimum=2, maximum=COMMENT_MAX, label=_("Komentar"))
    comment = IdeaComment.objects.create(
        idea=idea, parent=parent, author=actor, body=body, office=office, is_official=official,
        visibility=Visibility.SHOWN if official else _visibility_for(body))
    if comment.visibility == Visibility.SHOWN:
        Idea.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") + 1)
    record_event(actor=actor, action="aspirasi.dikomentari", obj=comment,
                 payload={"idea": idea.pk, "official": official,
                          "visibility": comment.visibility})
    if official and idea.author_id != actor.pk:
        _notify(idea.author, _("Jawaban resmi untuk aspirasi Anda"),
                _("%(office)s menjawab aspirasi \"%(title)s\".") % {
                    "office": office.name, "title": idea.title})  # type: ignore[union-attr]
    return comment


@transaction.atomic
def report_abuse(*, actor: User, reason: str, idea: Idea | None = None,
                 comment: IdeaComment | None = None) -> AbuseReport:
    """A signed-in person reports a post that breaks the community guidelines, once."""
    if not actor.is_authenticated:
        raise PermissionDeniedError()
    reason = _check_text(reason, minimum=5, maximum=500, label=_("Alasan"))
    try:
        with transaction.atomic():
            report = AbuseReport.objects.create(idea=idea, comment=comment, reporter=actor,
                                                reason=reason)
    except IntegrityError:
        raise ParticipationError(_("Anda sudah melaporkan tulisan ini."),
                                 code="ABUSE_ALREADY_REPORTED") from None
    record_event(actor=actor, action="aspirasi.dilaporkan", obj=report,
                 payload={"idea": idea.pk if idea else None,
                          "comment": comment.pk if comment else None})
    return report


@transaction.atomic
def moderate(*, actor: User, decision: str, reason: str, idea: Idea | None = None,
             comment: IdeaComment | None = None,
             consultation_comment: ConsultationComment | None = None) -> None:
    """A moderator publishes or hides a post under the community guidelines; hiding needs the
    reason, which the author is told. Open abuse reports on it are resolved."""
    if not queries.is_moderator(actor):
        raise PermissionDeniedError()
    if decision not in (Visibility.SHOWN, Visibility.HIDDEN):
        raise ParticipationError(_("Keputusan tidak dikenal."), code="MODERATION_DECISION")
    if decision == Visibility.HIDDEN and not reason.strip():
        raise ParticipationError(_("Tuliskan alasan menurut pedoman komunitas."),
                                 code="MODERATION_REASON_REQUIRED")
    target: Idea | IdeaComment | ConsultationComment = (
        idea or comment or consultation_comment)  # type: ignore[assignment]
    before = target.visibility
    target.visibility = decision
    fields = ["visibility"]
    if not isinstance(target, ConsultationComment):
        target.moderation_reason = reason.strip()
        fields.append("moderation_reason")
    target.save(update_fields=fields)
    if isinstance(target, IdeaComment) and before != decision:
        delta = 1 if decision == Visibility.SHOWN else (-1 if before == Visibility.SHOWN else 0)
        if delta:
            Idea.objects.filter(pk=target.idea_id).update(
                comment_count=F("comment_count") + delta)
    if consultation_comment is None:
        AbuseReport.objects.filter(idea=idea, comment=comment,
                                   resolved_at__isnull=True).update(resolved_at=timezone.now())
    record_event(actor=actor, action="aspirasi.dimoderasi", obj=target,
                 payload={"from": before, "to": decision})
    if decision == Visibility.HIDDEN:
        _notify(target.author, _("Tulisan Anda disembunyikan moderator"),
                _("Alasan: %(reason)s") % {"reason": reason.strip()})
    elif before == Visibility.HELD:
        _notify(target.author, _("Tulisan Anda kini tampil"),
                _("Moderator sudah meninjau dan menampilkan tulisan Anda."))


@transaction.atomic
def set_idea_status(*, actor: User, idea: Idea, status: str, reason: str = "") -> Idea:
    """An officer says what becomes of an idea; declining it needs the reason."""
    office = queries.answering_office(actor)
    if office is None:
        raise PermissionDeniedError()
    if status not in Idea.Status.values:
        raise ParticipationError(_("Status tidak dikenal."), code="IDEA_STATUS")
    if status == Idea.Status.DITOLAK and not reason.strip():
        raise ParticipationError(_("Tuliskan alasan aspirasi tidak dilanjutkan."),
                                 code="IDEA_REASON_REQUIRED")
    idea.status = status
    idea.status_reason = reason.strip()
    idea.status_office = office
    idea.save(update_fields=["status", "status_reason", "status_office"])
    record_event(actor=actor, action="aspirasi.status", obj=idea, payload={"status": status})
    _notify(idea.author, _("Status aspirasi Anda: %(status)s") % {
        "status": idea.get_status_display()}, idea.status_reason or idea.title)
    return idea


# --- consultations ------------------------------------------------------------------------

@transaction.atomic
def publish_consultation(*, actor: User, office: Office, title: str, summary: str,
                         opens_on: dt.date, closes_on: dt.date,
                         sections: Sequence[tuple[str, str]]) -> Consultation:
    """An office puts a draft policy to the public, in sections, for a period."""
    if not queries.is_officer_of(actor, office.pk):
        raise PermissionDeniedError()
    if closes_on < opens_on:
        raise ParticipationError(_("Tanggal tutup harus sesudah tanggal buka."),
                                 code="CONSULTATION_PERIOD")
    if not sections:
        raise ParticipationError(_("Naskah harus memuat paling sedikit satu bagian."),
                                 code="CONSULTATION_SECTIONS")
    consultation = Consultation.objects.create(office=office, title=title.strip(),
                                               summary=summary.strip(), opens_on=opens_on,
                                               closes_on=closes_on, created_by=actor)
    ConsultationSection.objects.bulk_create([
        ConsultationSection(consultation=consultation, order=i, heading=h.strip()[:200],
                            body=b.strip())
        for i, (h, b) in enumerate(sections, start=1)])
    record_event(actor=actor, action="konsultasi.diterbitkan", obj=consultation,
                 payload={"office": office.pk, "sections": len(sections),
                          "opens_on": opens_on.isoformat(), "closes_on": closes_on.isoformat()})
    return consultation


@transaction.atomic
def comment_on_section(*, actor: User, section: ConsultationSection,
                       body: str) -> ConsultationComment:
    """A citizen comments on a section while the consultation is open."""
    _require_citizen(actor)
    consultation = section.consultation
    if not queries.is_open(consultation, timezone.localdate()):
        raise ParticipationError(_("Konsultasi ini sudah ditutup (atau belum dibuka); "
                                   "tanggapan tidak dapat dikirim lagi."),
                                 code="CONSULTATION_CLOSED")
    body = _check_text(body, minimum=5, maximum=COMMENT_MAX, label=_("Tanggapan"))
    comment = ConsultationComment.objects.create(section=section, author=actor, body=body,
                                                 visibility=_visibility_for(body))
    record_event(actor=actor, action="konsultasi.ditanggapi", obj=comment,
                 payload={"consultation": consultation.pk, "section": section.order,
                          "visibility": comment.visibility})
    return comment


@transaction.atomic
def respond_to_comment(*, actor: User, comment: ConsultationComment,
                       response: str) -> ConsultationComment:
    """After the consultation closes, the office answers each comment."""
    consultation = comment.section.consultation
    if not queries.is_officer_of(actor, consultation.office_id):
        raise PermissionDeniedError()
    if timezone.localdate() <= consultation.closes_on:
        raise ParticipationError(_("Jawaban diberikan sesudah konsultasi ditutup."),
                                 code="CONSULTATION_STILL_OPEN")
    comment.response = _check_text(response, minimum=2, maximum=COMMENT_MAX,
                                   label=_("Jawaban"))
    comment.responded_by = actor
    comment.responded_at = timezone.now()
    comment.save(update_fields=["response", "responded_by", "responded_at"])
    record_event(actor=actor, action="konsultasi.dijawab", obj=comment,
                 payload={"consultation": consultation.pk})
    _notify(comment.author, _("Jawaban atas tanggapan Anda"),
            _("%(office)s menjawab tanggapan Anda pada konsultasi \"%(title)s\".") % {
                "office": consultation.office.name, "title": consultation.title})
    return comment


# --- polls --------------------------------------------------------------------------------

@transaction.atomic
def create_poll(*, actor: User, office: Office, question: str, options: Sequence[str],
                opens_on: dt.date, closes_on: dt.date, kind: str = Poll.Kind.SINGLE,
                results_shown: str = Poll.Results.AFTER_VOTE, description: str = "") -> Poll:
    """An office opens a poll with two or more options."""
    if not queries.is_officer_of(actor, office.pk):
        raise PermissionDeniedError()
    labels = [o.strip() for o in options if o.strip()]
    if len(labels) < 2 or len(set(labels)) != len(labels):
        raise ParticipationError(_("Beri paling sedikit dua pilihan yang berbeda."),
                                 code="POLL_OPTIONS")
    if closes_on < opens_on:
        raise ParticipationError(_("Tanggal tutup harus sesudah tanggal buka."),
                                 code="POLL_PERIOD")
    poll = Poll.objects.create(office=office, question=question.strip(), kind=kind,
                               results_shown=results_shown, opens_on=opens_on,
                               closes_on=closes_on, description=description.strip(),
                               created_by=actor)
    PollOption.objects.bulk_create([PollOption(poll=poll, order=i, label=label[:200])
                                    for i, label in enumerate(labels, start=1)])
    record_event(actor=actor, action="jajak.dibuat", obj=poll,
                 payload={"office": office.pk, "options": len(labels), "kind": kind})
    return poll


class AlreadyVoted(ParticipationError):
    code = "POLL_ALREADY_VOTED"
    message = _("Anda sudah memberi suara pada jajak pendapat ini. Setiap warga hanya dapat "
                "memilih sekali.")


@transaction.atomic
def vote(*, actor: User, poll: Poll, options: Sequence[PollOption]) -> PollVote:
    """A citizen votes once, while the poll is open; a single-choice poll takes one option."""
    _require_citizen(actor)
    if not queries.is_open(poll, timezone.localdate()):
        raise ParticipationError(_("Jajak pendapat ini tidak sedang dibuka."),
                                 code="POLL_CLOSED")
    chosen = {o.pk: o for o in options if o.poll_id == poll.pk}
    if not chosen or len(chosen) != len(options):
        raise ParticipationError(_("Pilih jawaban dari daftar."), code="POLL_NO_CHOICE")
    if poll.kind == Poll.Kind.SINGLE and len(chosen) != 1:
        raise ParticipationError(_("Pilih satu jawaban saja."), code="POLL_ONE_CHOICE")
    try:
        with transaction.atomic():
            ballot = PollVote.objects.create(poll=poll, user=actor)
    except IntegrityError:
        raise AlreadyVoted() from None
    ballot.options.set(list(chosen))
    PollOption.objects.filter(pk__in=list(chosen)).update(vote_count=F("vote_count") + 1)
    Poll.objects.filter(pk=poll.pk).update(vote_count=F("vote_count") + 1)
    record_event(actor=actor, action="jajak.memilih", obj=poll, payload={})
    return ballot
