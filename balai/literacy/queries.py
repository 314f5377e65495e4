"""Reads of digital literacy: the public session list, a person's registrations, an office's
participants, and the figures per kecamatan, target group and pillar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.accounts.models import Office, OfficeRole, Role, User
from balai.literacy.models import Pillar, Programme, Registration, Session, TargetGroup

# The office roles that run programmes: not the auditor (oversight only) nor the operator
# layanan (who registers citizens at the counter) or the PPID and moderator roles.
ORGANISER_ROLES = (Role.PETUGAS, Role.VERIFIKATOR, Role.PEJABAT_PENANDATANGAN, Role.ADMIN)


def is_organiser(user: User, office: Office, *, role: str | None = None) -> bool:
    """Whether `user` runs programmes of `office` (or holds the given role there)."""
    if not user.is_authenticated:
        return False
    roles = OfficeRole.objects.filter(user=user, office=office)
    roles = roles.filter(role=role) if role is not None else roles.filter(
        role__in=ORGANISER_ROLES)
    return roles.exists()


def is_operator(user: User) -> bool:
    return user.is_authenticated and OfficeRole.objects.filter(
        user=user, role=Role.OPERATOR_LAYANAN).exists()


def organiser_offices(user: User) -> QuerySet[Office]:
    return Office.objects.filter(pk__in=OfficeRole.objects.filter(
        user=user, role__in=ORGANISER_ROLES).values("office_id"))


@dataclass(frozen=True)
class SessionFilters:
    kecamatan: str = ""
    pillar: str = ""
    target_group: str = ""


def _with_counts(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return sessions.annotate(
        confirmed_count=Count("registrations",
                              filter=Q(registrations__status=Registration.Status.CONFIRMED)),
        waitlist_count=Count("registrations",
                             filter=Q(registrations__status=Registration.Status.WAITLISTED)))


def upcoming_sessions(filters: SessionFilters | None = None, *,
                      now: dt.datetime | None = None) -> QuerySet[Session]:
    """Sessions that have not ended, soonest first, with their seat counts."""
    filters = filters or SessionFilters()
    sessions = Session.objects.filter(ends_at__gt=now or timezone.now())
    if filters.kecamatan:
        sessions = sessions.filter(kecamatan__code=filters.kecamatan)
    if filters.pillar:
        sessions = sessions.filter(programme__pillar=filters.pillar)
    if filters.target_group:
        sessions = sessions.filter(target_groups__contains=f",{filters.target_group},")
    return _with_counts(sessions.select_related("programme__office", "kecamatan", "village")
                        ).order_by("starts_at", "pk")


def get_session(session_id: int) -> Session | None:
    return (_with_counts(Session.objects.select_related("programme__office", "kecamatan",
                                                        "village"))
            .filter(pk=session_id).first())


def registration_of(user: User, session: Session) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(session=session, participant=user).first()


def registrations_of(user: User) -> QuerySet[Registration]:
    return (Registration.objects.filter(participant=user)
            .select_related("session__programme", "session__kecamatan")
            .order_by("-session__starts_at"))


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != Registration.Status.WAITLISTED:
        return None
    return Registration.objects.filter(
        session_id=registration.session_id, status=Registration.Status.WAITLISTED).filter(
        Q(queued_at__lt=registration.queued_at)
        | Q(queued_at=registration.queued_at, pk__lt=registration.pk)).count() + 1


def sessions_of_offices(user: User) -> QuerySet[Session]:
    """Sessions organised by the user's offices, newest first."""
    return (_with_counts(Session.objects.filter(programme__office__in=organiser_offices(user)))
            .select_related("programme", "kecamatan").order_by("-starts_at", "-pk"))


def participants(session: Session) -> QuerySet[Registration]:
    """Everyone registered for a session: seat holders, then the waitlist, then cancellations."""
    order = {Registration.Status.CONFIRMED: 0, Registration.Status.WAITLISTED: 1,
             Registration.Status.CANCELLED: 2}
    rank = Case(*[When(status=s, then=Value(n)) for s, n in order.items()],
                output_field=IntegerField())
    return (Registration.objects.filter(session=session)
            .select_related("participant", "participant__citizen")
            .annotate(rank=rank).order_by("rank", "queued_at", "pk"))


def registration_by_token(token: str) -> Registration | None:
    return (Registration.objects.select_related("session__programme__office", "participant")
            .filter(check_in_token=token).first())


@dataclass
class FigureRow:
    label: str
    registered: int = 0
    attended: int = 0


@dataclass
class Statistics:
    kecamatan: list[FigureRow]
    target_group: list[FigureRow]
    pillar: list[FigureRow]

    @property
    def is_empty(self) -> bool:
        return not any(r.registered for r in self.pillar)


def statistics(*, year: int | None = None, office: Office | None = None) -> Statistics:
    """Registrations (not cancelled) and attendance per kecamatan, target group and pillar,
    of the sessions starting in `year` (and organised by `office`), in one grouped query: its
    rows are bounded by kecamatan x pillar x target-group sets, not by registrations."""
    sessions = Session.objects.all()
    if year is not None:
        sessions = sessions.filter(starts_at__year=year)
    if office is not None:
        sessions = sessions.filter(programme__office=office)
    rows = (sessions.values("kecamatan__name", "programme__pillar", "target_groups")
            .annotate(registered=Count("registrations", filter=~Q(
                          registrations__status=Registration.Status.CANCELLED)),
                      attended=Count("registrations",
                                     filter=Q(registrations__attended_at__isnull=False)))
            .order_by())
    by_kecamatan: dict[str, FigureRow] = {}
    by_pillar = {code: FigureRow(str(label)) for code, label in Pillar.choices}
    by_group = {code: FigureRow(str(label)) for code, label in TargetGroup.choices}
    for row in rows:
        name = row["kecamatan__name"] or str(_("Daring"))
        targets = [by_kecamatan.setdefault(name, FigureRow(name)),
                   by_pillar[row["programme__pillar"]]]
        targets += [by_group[c] for c in row["target_groups"].split(",") if c in by_group]
        for target in targets:
            target.registered += row["registered"]
            target.attended += row["attended"]
    return Statistics(kecamatan=sorted(by_kecamatan.values(), key=lambda r: r.label),
                      target_group=list(by_group.values()), pillar=list(by_pillar.values()))


def programmes() -> QuerySet[Programme]:
    return Programme.objects.select_related("office")


PROGRAMMES_SHOWN = 50


def programmes_of_offices(user: User) -> list[Programme]:
    """The newest programmes of the user's offices (for adding sessions)."""
    return list(Programme.objects.filter(office__in=organiser_offices(user))
                .select_related("office").order_by("-created_at", "-pk")[:PROGRAMMES_SHOWN])
