"""Two-factor sign-in for officers (django-otp): an authenticator app (TOTP) plus one-time
recovery codes.

Every user who holds an office role, or may use the admin, must enrol and then enter a code
after the password at each sign-in (balai.accounts.middleware.OfficerTwoFactorMiddleware).
Signing a document asks for a fresh authenticator code in the signing form itself.
"""

from __future__ import annotations

import base64
import logging

from django.db import transaction
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from balai.accounts.models import OfficeRole, User
from balai.core.errors import DomainError
from balai.ledger.actions import record_event

logger = logging.getLogger("balai.security")

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Aplikasi autentikator"
RECOVERY_DEVICE_NAME = "Kode pemulihan"


class TwoFactorError(DomainError):
    code = "TWO_FACTOR_INVALID"
    message = gettext_lazy("Kode salah, kedaluwarsa, atau sudah pernah dipakai. Tunggu kode "
                           "berikutnya di aplikasi autentikator, lalu coba lagi.")


class TwoFactorAlreadyActive(TwoFactorError):
    code = "TWO_FACTOR_ACTIVE"
    message = gettext_lazy("Verifikasi dua langkah sudah aktif untuk akun ini.")


# --- reads --------------------------------------------------------------------------------

def requires_two_factor(user: User) -> bool:
    """Officers, operators, admins and auditors: anyone with an office role or admin access."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_balai_requires_two_factor", None)
    if cached is None:
        cached = bool(user.is_staff or user.is_superuser
                      or OfficeRole.objects.filter(user=user).exists())
        user._balai_requires_two_factor = cached  # type: ignore[attr-defined]
    return cached


def confirmed_totp(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_totp(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def secret_of(device: TOTPDevice) -> str:
    """The base32 secret an authenticator app accepts when typed by hand."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- writes -------------------------------------------------------------------------------

@transaction.atomic
def start_totp_enrollment(*, actor: User) -> TOTPDevice:
    """The unconfirmed authenticator device the enrolment page shows (created once)."""
    if confirmed_totp(actor) is not None:
        raise TwoFactorAlreadyActive()
    device = pending_totp(actor)
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def confirm_totp_enrollment(*, actor: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the authenticator with its first code; returns fresh recovery codes (shown once).

    A wrong code changes nothing but the device's throttle counter (kept on purpose).
    """
    if device.user_id != actor.pk or device.confirmed:
        raise TwoFactorAlreadyActive()
    if not device.verify_token(code.strip()):
        logger.warning("two-factor enrolment code refused user=%s", actor.pk)
        raise TwoFactorError()
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        codes = _replace_recovery_codes(actor)
        record_event(actor=actor, action="akun.dua_langkah_aktif", obj=actor,
                     payload={"device": device.pk, "recovery_codes": len(codes)})
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def regenerate_recovery_codes(*, actor: User) -> list[str]:
    if confirmed_totp(actor) is None:
        raise TwoFactorError()
    codes = _replace_recovery_codes(actor)
    record_event(actor=actor, action="akun.kode_pemulihan_baru", obj=actor,
                 payload={"recovery_codes": len(codes)})
    return codes


def verify_sign_in_code(*, user: User, code: str) -> TOTPDevice | StaticDevice | None:
    """The device that accepts `code` (authenticator first, then a recovery code), or None.

    django-otp refuses a TOTP code already used (replay) and deletes a recovery code on use.
    """
    code = "".join(code.split())
    if not code:
        return None
    device: TOTPDevice | StaticDevice | None = confirmed_totp(user)
    if device is not None and code.isdigit() and device.verify_token(code):
        _record_verified(user, "totp")
        return device
    for static in StaticDevice.objects.filter(user=user, confirmed=True):
        if static.verify_token(code.lower()):
            _record_verified(user, "recovery")
            return static
    logger.warning("two-factor code refused user=%s", user.pk)
    return None


def verify_signing_code(*, user: User, code: str) -> bool:
    """A fresh authenticator code for a signature (recovery codes are not accepted)."""
    device = confirmed_totp(user)
    code = "".join((code or "").split())
    if device is None or not code.isdigit() or not device.verify_token(code):
        logger.warning("signing code refused user=%s", user.pk)
        return False
    return True


def _record_verified(user: User, method: str) -> None:
    with transaction.atomic():
        record_event(actor=user, action="akun.verifikasi_dua_langkah", obj=user,
                     payload={"method": method})


@transaction.atomic
def reset_two_factor(*, actor: User, user: User) -> None:
    """Remove an officer's authenticator and recovery codes (lost phone); they enrol again."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record_event(actor=actor, action="akun.dua_langkah_direset", obj=user, payload={})


@transaction.atomic
def enroll_with_key(*, actor: object, user: User, key_hex: str) -> TOTPDevice:
    """A confirmed authenticator with a known key: only for demo accounts (load_demo)."""
    device = confirmed_totp(user)
    if device is not None:
        return device
    device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, key=key_hex,
                                       confirmed=True)
    record_event(actor=actor, action="akun.dua_langkah_aktif", obj=user,
                 payload={"device": device.pk, "demo": True})
    return device
