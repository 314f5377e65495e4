"""Reads about people and offices."""

from __future__ import annotations

import hashlib
import re

from django.db.models import QuerySet

from balai.accounts.models import (
    CalendarFeed,
    Citizen,
    Office,
    OfficeRole,
    OneTimeCode,
    Role,
    User,
)
from balai.core.crypto import blind_index

NIK_PURPOSE = "nik"
PHONE_PURPOSE = "phone"


def normalize_phone(phone: str) -> str:
    """Indonesian mobile numbers in one form: 08xx… and +628xx… become 628xx…."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits


def nik_index(nik: str) -> str:
    return blind_index(nik, purpose=NIK_PURPOSE)


def phone_index(phone: str) -> str:
    return blind_index(normalize_phone(phone), purpose=PHONE_PURPOSE)


def find_citizen_by_nik(nik: str) -> Citizen | None:
    return Citizen.objects.select_related("user").filter(nik_index=nik_index(nik)).first()


def find_user_by_identifier(identifier: str) -> User | None:
    """The user a sign-in identifier names: NIK (16 digits), email, phone, or username."""
    identifier = identifier.strip()
    if re.fullmatch(r"\d{16}", identifier):
        citizen = find_citizen_by_nik(identifier)
        if citizen:
            return citizen.user
    if "@" in identifier:
        return User.objects.filter(email__iexact=identifier).first()
    if re.fullmatch(r"[+\d][\d\s-]{8,}", identifier):
        citizen = (Citizen.objects.select_related("user")
                   .filter(phone_index=phone_index(identifier), verified_at__isnull=False)
                   .order_by("-verified_at").first())
        if citizen:
            return citizen.user
    return User.objects.filter(username=identifier).first()


def offices_of(user: User, *, role: Role | None = None) -> QuerySet[Office]:
    roles = OfficeRole.objects.filter(user=user)
    if role:
        roles = roles.filter(role=role)
    return Office.objects.filter(pk__in=roles.values("office_id"))


def has_role(user: User, role: Role, office: Office | None = None) -> bool:
    if not user.is_authenticated:
        return False
    roles = OfficeRole.objects.filter(user=user, role=role)
    if office is not None:
        roles = roles.filter(office=office)
    return roles.exists()


def get_office(code: str) -> Office | None:
    return Office.objects.filter(code=code).first()


def get_user_by_username(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def email_in_use(email: str, *, exclude_user: User | None = None) -> bool:
    users = User.objects.filter(email__iexact=email.strip())
    if exclude_user is not None:
        users = users.exclude(pk=exclude_user.pk)
    return users.exists()


def roles_of(user: User) -> QuerySet[OfficeRole]:
    """The roles an officer holds, with their offices, for display."""
    return (OfficeRole.objects.filter(user=user).select_related("office")
            .order_by("office__name", "role"))


def latest_code(user: User, *, purpose: str) -> OneTimeCode | None:
    return (OneTimeCode.objects.filter(user=user, purpose=purpose)
            .order_by("-created_at", "-pk").first())


def is_verified_citizen(user: User) -> bool:
    """A signed-in citizen whose account is confirmed: who may apply, report and take part."""
    return user.is_authenticated and Citizen.objects.filter(
        user=user, verified_at__isnull=False).exists()


def is_unconfirmed_citizen(user: User) -> bool:
    """A citizen who registered but has not entered the confirmation code yet."""
    citizen = getattr(user, "citizen", None) if user.pk else None
    return citizen is not None and citizen.verified_at is None and not user.is_active


def escalation_recipients(office_ids: set[int]) -> dict[int, list[User]]:
    """Who hears of an office's overdue cases: its head; while the office has no active head,
    its admins, so an escalation never goes to no one. Two queries, whatever the offices."""
    recipients: dict[int, list[User]] = {pk: [] for pk in office_ids}
    headless = set(office_ids)
    for office in Office.objects.select_related("head").filter(
            pk__in=office_ids, head__isnull=False, head__is_active=True):
        recipients[office.pk].append(office.head)
        headless.discard(office.pk)
    if headless:
        for role in (OfficeRole.objects.select_related("user")
                     .filter(office_id__in=headless, role=Role.ADMIN, user__is_active=True)
                     .order_by("office_id", "user_id")):
            recipients[role.office_id].append(role.user)
    return recipients


def citizen_user_ids_with_phone(phone: str) -> list[int]:
    """The users whose confirmed citizen profile holds this phone number (08…, +62…)."""
    if not normalize_phone(phone):
        return []
    return list(Citizen.objects.filter(phone_index=phone_index(phone), verified_at__isnull=False)
                .values_list("user_id", flat=True))


# --- calendar feeds -----------------------------------------------------------------------

def calendar_feed_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def active_calendar_feed(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def calendar_feed_owner(secret: str) -> User | None:
    """The active account whose active calendar address holds `secret` (one query); None for
    an unknown or revoked secret."""
    feed = (CalendarFeed.objects.select_related("user")
            .filter(digest=calendar_feed_digest(secret), revoked_at__isnull=True,
                    user__is_active=True).first())
    return feed.user if feed is not None else None
