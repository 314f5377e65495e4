"""Every change to people and offices: registration, confirmation, contact details, passwords,
officers, offices and roles, sign-in records. Each action is atomic and appends to the ledger."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.accounts.models import (
    CalendarFeed,
    Citizen,
    Office,
    OfficeRole,
    OneTimeCode,
    Role,
    User,
)
from balai.accounts.nik import parse_nik
from balai.accounts.queries import (
    calendar_feed_digest,
    email_in_use,
    nik_index,
    normalize_phone,
    phone_index,
)
from balai.core import events
from balai.core.errors import DomainError
from balai.ledger.actions import record_event
from balai.regions.models import Region

# A resent code has to wait this long after the previous one (SMS costs money and annoys).
RESEND_COOLDOWN_SECONDS = 60
# An unconfirmed registration blocks its NIK for the code's lifetime plus this grace; after
# that anyone holding the NIK may register again (the first attempt may have had a typo).
UNCONFIRMED_GRACE = dt.timedelta(hours=24)


class AccountError(DomainError):
    code = "ACCOUNT_ERROR"


class NikAlreadyRegistered(AccountError):
    code = "ACCOUNT_NIK_REGISTERED"
    # Deliberately says nothing about whose account it is.
    message = gettext_lazy("NIK ini sudah terdaftar. Masuk atau pulihkan kata sandi.")


class OfficeRegionMissing(DomainError):
    code = "OFFICE_REGION_MISSING"
    message = gettext_lazy("Wilayah kantor belum dimuat: jalankan load_regions lebih dulu.")


class EmailAlreadyUsed(AccountError):
    code = "ACCOUNT_EMAIL_USED"
    message = gettext_lazy("Email ini sudah dipakai akun lain.")


class CodeError(AccountError):
    code = "OTP_INVALID"


def _code_hash(user: User, code: str) -> str:
    message = f"otp:{user.pk}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _local_time(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H.%M")


def _locked_error(until: dt.datetime) -> CodeError:
    return CodeError(
        _("Terlalu banyak kode salah. Coba lagi setelah pukul %(time)s WIB.")
        % {"time": _local_time(until)},
        code="OTP_LOCKED", details={"locked_until": until.isoformat()},
    )


@transaction.atomic
def register_citizen(*, nik: str, full_name: str, birth_date: dt.date, password: str,
                     phone: str = "", email: str = "", address: str = "",
                     village: Region | None = None) -> Citizen:
    """Create an inactive citizen account and send its confirmation code.

    One account per NIK. An unconfirmed registration older than the code's lifetime plus a
    grace period is replaced, so a typo in a phone number does not lock a NIK for ever.
    """
    citizen = _create_citizen(nik=nik, full_name=full_name, birth_date=birth_date,
                              password=password, phone=phone, email=email, address=address,
                              village=village)
    record_event(actor=citizen.user, action="akun.daftar", obj=citizen.user,
                 payload=_registration_payload(citizen))
    send_registration_code(user=citizen.user)
    return citizen


@transaction.atomic
def register_citizen_in_person(*, actor: Any, nik: str, full_name: str, birth_date: dt.date,
                               password: str | None, phone: str = "", email: str = "",
                               address: str = "", village: Region | None = None) -> Citizen:
    """Register a citizen whose KTP-el an officer has seen (assisted service): the account is
    confirmed at once, no code is sent. Without a password the citizen sets one by reset."""
    citizen = _create_citizen(nik=nik, full_name=full_name, birth_date=birth_date,
                              password=password, phone=phone, email=email, address=address,
                              village=village)
    record_event(actor=actor, action="akun.daftar_tatap_muka", obj=citizen.user,
                 payload=_registration_payload(citizen))
    return activate_citizen(citizen=citizen, actor=actor, method="tatap_muka")


def _registration_payload(citizen: Citizen) -> dict[str, Any]:
    return {"gender": citizen.gender, "village": citizen.village_id or "",
            "has_phone": bool(citizen.phone), "has_email": bool(citizen.user.email)}


def _create_citizen(*, nik: str, full_name: str, birth_date: dt.date, password: str | None,
                    phone: str, email: str, address: str, village: Region | None) -> Citizen:
    info = parse_nik(nik)
    index = nik_index(info.nik)
    now = timezone.now()
    existing = (Citizen.objects.select_for_update().select_related("user")
                .filter(nik_index=index).first())
    if existing is not None:
        stale_before = now - dt.timedelta(seconds=settings.OTP_CODE_TTL_SECONDS) - UNCONFIRMED_GRACE
        if existing.verified_at or existing.user.is_active or existing.created_at > stale_before:
            raise NikAlreadyRegistered()
        record_event(actor=None, action="akun.pendaftaran_diganti", obj=existing.user,
                     payload={"created_at": existing.created_at.isoformat()})
        existing.user.delete()
    email = email.strip()
    if email and email_in_use(email):
        raise EmailAlreadyUsed()
    user = User(username=f"warga-{secrets.token_hex(6)}", full_name=full_name.strip(),
                email=email, is_active=False)
    user.set_password(password)
    phone = normalize_phone(phone) if phone else ""
    try:
        with transaction.atomic():
            user.save()
            return Citizen.objects.create(
                user=user, nik=info.nik, nik_index=index, birth_date=birth_date,
                gender=info.gender, phone=phone, phone_index=phone_index(phone) if phone else "",
                address=address.strip(), village=village,
            )
    except IntegrityError:
        # Another registration with this NIK (or email) committed a moment earlier.
        raise NikAlreadyRegistered() from None


@transaction.atomic
def send_registration_code(*, user: User) -> OneTimeCode:
    """Send a new six-digit confirmation code: by SMS if the citizen gave a phone, else email.

    Only an HMAC of the code is stored. A new code replaces the previous one; it is refused
    during the cooldown and while the previous code is locked after too many wrong tries.
    """
    user = User.objects.select_for_update(of=("self",)).select_related("citizen").get(pk=user.pk)
    citizen = user.citizen
    if citizen.verified_at is not None:
        raise CodeError(_("Akun ini sudah dikonfirmasi. Silakan masuk."), code="OTP_NOT_NEEDED")
    now = timezone.now()
    last = (OneTimeCode.objects.filter(user=user, purpose=OneTimeCode.Purpose.REGISTRATION)
            .order_by("-created_at", "-pk").first())
    if last is not None and last.locked_until and last.locked_until > now:
        raise _locked_error(last.locked_until)
    if last is not None:
        wait = RESEND_COOLDOWN_SECONDS - int((now - last.created_at).total_seconds())
        if wait > 0:
            raise CodeError(
                _("Kode baru dapat diminta %(seconds)d detik lagi.") % {"seconds": wait},
                code="OTP_RESEND_TOO_SOON", details={"wait_seconds": wait})
    code = f"{secrets.randbelow(10**6):06d}"
    channel = OneTimeCode.Channel.SMS if citizen.phone else OneTimeCode.Channel.EMAIL
    otp = OneTimeCode.objects.create(
        user=user, purpose=OneTimeCode.Purpose.REGISTRATION, channel=channel,
        code_hash=_code_hash(user, code),
        expires_at=now + dt.timedelta(seconds=settings.OTP_CODE_TTL_SECONDS),
    )
    minutes = max(1, settings.OTP_CODE_TTL_SECONDS // 60)
    body = _("Kode konfirmasi Balai Anda: %(code)s. Berlaku %(minutes)d menit. "
             "Jangan berikan kode ini kepada siapa pun, termasuk petugas.") % {
        "code": code, "minutes": minutes}
    from balai.notifications.actions import queue_message

    queue_message(channel=channel, body=body, recipient=user,
                  address=citizen.phone if channel == OneTimeCode.Channel.SMS else user.email,
                  subject=_("Kode konfirmasi pendaftaran Balai"))
    record_event(actor=user, action="akun.kode_dikirim", obj=user,
                 payload={"channel": channel, "code_id": otp.pk})
    return otp


def confirm_registration(*, user: User, code: str) -> Citizen:
    """Check a confirmation code and, if it is right, activate the citizen's account.

    A wrong guess is committed before the error is raised, so it always counts towards the
    lock-out even when the caller's work is rolled back. A used code never works again.
    """
    outcome = _check_registration_code(user=user, code=code.strip())
    if isinstance(outcome, CodeError):
        raise outcome
    return outcome


@transaction.atomic
def _check_registration_code(*, user: User, code: str) -> Citizen | CodeError:
    otp = (OneTimeCode.objects.select_for_update()
           .filter(user=user, purpose=OneTimeCode.Purpose.REGISTRATION)
           .order_by("-created_at", "-pk").first())
    if otp is None:
        return CodeError(_("Belum ada kode untuk akun ini. Minta kode baru."), code="OTP_NONE")
    if otp.used_at is not None:
        return CodeError(_("Kode ini sudah dipakai. Minta kode baru bila perlu."),
                         code="OTP_USED")
    now = timezone.now()
    if otp.locked_until and otp.locked_until > now:
        return _locked_error(otp.locked_until)
    if otp.locked_until:  # the lock has run out: a fresh round of attempts
        otp.attempts, otp.locked_until = 0, None
    if otp.expires_at <= now:
        otp.save(update_fields=["attempts", "locked_until"])
        return CodeError(_("Kode sudah kedaluwarsa. Minta kode baru."), code="OTP_EXPIRED")
    if not hmac.compare_digest(otp.code_hash, _code_hash(user, code)):
        otp.attempts += 1
        if otp.attempts >= settings.OTP_MAX_ATTEMPTS:
            otp.locked_until = now + dt.timedelta(seconds=settings.OTP_LOCK_SECONDS)
            otp.save(update_fields=["attempts", "locked_until"])
            record_event(actor=user, action="akun.kode_dikunci", obj=user,
                         payload={"code_id": otp.pk})
            return _locked_error(otp.locked_until)
        otp.save(update_fields=["attempts", "locked_until"])
        left = settings.OTP_MAX_ATTEMPTS - otp.attempts
        return CodeError(_("Kode salah. Sisa percobaan: %(left)d.") % {"left": left},
                         code="OTP_WRONG", details={"attempts_left": left})
    otp.used_at = now
    otp.save(update_fields=["used_at", "attempts", "locked_until"])
    return activate_citizen(citizen=user.citizen, actor=user, method="kode")


@transaction.atomic
def activate_citizen(*, citizen: Citizen, actor: Any, method: str) -> Citizen:
    """Mark a citizen's identity confirmed and let them sign in.

    `method` says how: "kode" (a one-time code) or "tatap_muka" (in person at an office).
    """
    now = timezone.now()
    citizen.verified_at = now
    citizen.save(update_fields=["verified_at"])
    user = citizen.user
    user.is_active = True
    user.save(update_fields=["is_active"])
    record_event(actor=actor, action="akun.dikonfirmasi", obj=user, payload={"method": method})
    events.citizen_confirmed.send(sender=Citizen, obj=citizen, user_id=user.pk, nik=citizen.nik)
    return citizen


@transaction.atomic
def update_contact_details(*, citizen: Citizen, actor: Any, phone: str, email: str,
                           address: str, village: Region | None) -> list[str]:
    """Change a citizen's phone, email, address and desa; returns the names of changed fields.

    The ledger records which fields changed, never their values.
    """
    user = citizen.user
    email = email.strip()
    phone = normalize_phone(phone) if phone else ""
    if email and email.lower() != user.email.lower() and email_in_use(email, exclude_user=user):
        raise EmailAlreadyUsed()
    changed = []
    if phone != citizen.phone:
        citizen.phone = phone
        citizen.phone_index = phone_index(phone) if phone else ""
        changed.append("phone")
    if address.strip() != citizen.address:
        citizen.address = address.strip()
        changed.append("address")
    if (village.code if village else None) != citizen.village_id:
        citizen.village = village
        changed.append("village")
    if email != user.email:
        user.email = email
        user.save(update_fields=["email"])
        changed.append("email")
    if not changed:
        return []
    citizen.save(update_fields=["phone", "phone_index", "address", "village"])
    record_event(actor=actor, action="akun.kontak_diubah", obj=user, payload={"fields": changed})
    return changed


@transaction.atomic
def change_password(*, user: User, password: str, actor: Any, reason: str) -> User:
    """Set a new password. `reason` is "ubah" (changed while signed in) or "reset" (by link)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    record_event(actor=actor, action="akun.sandi_diubah", obj=user, payload={"reason": reason})
    return user


@transaction.atomic
def send_password_reset(*, user: User, subject: str, body: str) -> None:
    """Put a password-reset email for the user in the outbox."""
    from balai.notifications.actions import queue_message

    queue_message(channel="email", body=body, recipient=user, address=user.email,
                  subject=subject)
    record_event(actor=None, action="akun.reset_sandi_diminta", obj=user)


@transaction.atomic
def create_officer(*, actor: Any, username: str, full_name: str, email: str = "",
                   password: str | None = None, is_staff: bool = False,
                   is_superuser: bool = False) -> User:
    """Create an account for an officer (they sign in with a username); without a password the
    account cannot sign in until one is set."""
    if email and email_in_use(email):
        raise EmailAlreadyUsed()
    user = User(username=username, full_name=full_name, email=email, is_staff=is_staff,
                is_superuser=is_superuser)
    user.set_password(password)
    user.save()
    record_event(actor=actor, action="akun.petugas_dibuat", obj=user,
                 payload={"is_staff": is_staff, "is_superuser": is_superuser})
    return user


@transaction.atomic
def create_office(*, actor: Any, code: str, name: str, kind: str, short_name: str = "",
                  parent: Office | None = None, region: Region | None = None,
                  head: User | None = None) -> Office:
    """Add a unit of the regency's government to the office hierarchy."""
    office = Office.objects.create(code=code, name=name, kind=kind, short_name=short_name,
                                   parent=parent, region=region, head=head)
    record_event(actor=actor, action="kantor.dibuat", obj=office,
                 payload={"code": code, "kind": kind, "parent": parent.code if parent else ""})
    return office


@transaction.atomic
def load_offices(*, actor: Any, entries: list[Any]) -> tuple[int, int]:
    """Create the offices of a regency's office file (accounts.offices_file) that do not exist
    yet, each through create_office; existing offices are left alone, so a second run changes
    nothing. All or nothing: a region that is not loaded stops the whole file.
    Returns (created, unchanged)."""
    regions = {r.code: r for r in Region.objects.filter(
        code__in=[e.region for e in entries if e.region])}
    missing = sorted({e.region for e in entries if e.region} - set(regions))
    if missing:
        raise OfficeRegionMissing(details={"regions": missing})
    offices = {o.code: o for o in Office.objects.filter(
        code__in=[e.code for e in entries] + [e.parent for e in entries if e.parent])}
    created = 0
    for entry in entries:
        if entry.code in offices:
            continue
        offices[entry.code] = create_office(
            actor=actor, code=entry.code, name=entry.name, kind=entry.kind,
            short_name=entry.short_name, parent=offices.get(entry.parent),
            region=regions.get(entry.region))
        created += 1
    return created, len(entries) - created


@transaction.atomic
def grant_role(*, actor: Any, user: User, office: Office, role: Role | str) -> OfficeRole:
    """Give an officer a role in one office. Granting a role already held changes nothing."""
    office_role, created = OfficeRole.objects.get_or_create(user=user, office=office,
                                                            role=str(role))
    if created:
        record_event(actor=actor, action="peran.diberikan", obj=user,
                     payload={"office": office.code, "role": str(role)})
    return office_role


@transaction.atomic
def revoke_role(*, actor: Any, user: User, office: Office, role: Role | str) -> bool:
    """Take a role in one office away from an officer; False if they did not hold it."""
    deleted, _details = OfficeRole.objects.filter(user=user, office=office,
                                                  role=str(role)).delete()
    if deleted:
        record_event(actor=actor, action="peran.dicabut", obj=user,
                     payload={"office": office.code, "role": str(role)})
    return bool(deleted)


@transaction.atomic
def record_login(*, user: User, via: str) -> None:
    """Record a successful sign-in (`via`: "portal" or "admin")."""
    record_event(actor=user, action="akun.masuk", obj=user, payload={"via": via})


@transaction.atomic
def record_logout(*, user: User | None) -> None:
    """Record a sign-out."""
    if user is not None and user.is_authenticated:
        record_event(actor=user, action="akun.keluar", obj=user)


@transaction.atomic
def record_login_failed(*, identifier_kind: str) -> None:
    """Record a failed sign-in. Only the kind of identifier is kept, never what was typed."""
    record_event(actor=None, action="akun.gagal_masuk", payload={"kind": identifier_kind})


@transaction.atomic
def close_account(*, user: User, actor: Any, reason: str) -> None:
    """Close an account for good (a citizen's erasure request under UU PDP): it can no longer
    sign in. Records kept by law stay attached to it; `reason` is a short code, not free text."""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    record_event(actor=actor, action="akun.ditutup", obj=user, payload={"reason": reason})


# --- calendar feeds -----------------------------------------------------------------------

def _revoke_calendar_feeds(user: User, now: dt.datetime) -> int:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)


@transaction.atomic
def reset_calendar_feed(*, user: User) -> CalendarFeed:
    """Give `user` a new secret calendar address; the previous one stops working at once."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # one reset at a time
    now = timezone.now()
    revoked = _revoke_calendar_feeds(user, now)
    secret = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, secret=secret,
                                       digest=calendar_feed_digest(secret))
    record_event(actor=user, action="akun.kalender_dibuat", obj=feed,
                 payload={"replaced": revoked})
    return feed


@transaction.atomic
def revoke_calendar_feed(*, user: User) -> bool:
    """Stop `user`'s secret calendar address without making a new one. Idempotent."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    revoked = _revoke_calendar_feeds(user, timezone.now())
    if revoked:
        record_event(actor=user, action="akun.kalender_dicabut", obj=user,
                     payload={"revoked": revoked})
    return bool(revoked)
