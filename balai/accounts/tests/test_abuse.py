"""Throttles (registration, one-time codes, password reset, status look-up, two-factor codes)
and bad input: tampered session cookies, forged CSRF tokens and replayed one-time codes. Each
is refused with an Indonesian message, logged, and changes nothing."""

import logging

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from balai.accounts.models import OneTimeCode, User
from balai.accounts.tests.helpers import code_sent_to, registration_data
from balai.core.testing import PASSWORD, sign_in, totp_device
from balai.ledger.models import LedgerEntry
from balai.notifications.models import Message

pytestmark = pytest.mark.django_db
REGISTER = reverse("accounts:register")
CONFIRM = reverse("accounts:confirm")
RESEND = reverse("accounts:resend_code")
RESET = reverse("accounts:password_reset")
LOGIN = reverse("accounts:login")
PROFILE = reverse("accounts:profile")
SMALL = {
    "register": {"ip": (3, 3600), "account": (2, 3600)},
    "confirm_code": {"ip": (50, 900), "account": (2, 900)},
    "resend_code": {"ip": (50, 900), "account": (1, 900)},
    "password_reset": {"ip": (3, 3600), "account": (2, 3600)},
    "status_lookup": {"ip": (3, 60)},
    "two_factor": {"ip": (50, 900), "account": (2, 900)},
}


def _assert_throttled(response) -> None:
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Terlalu banyak percobaan. Coba lagi dalam" in html and "WIB" in html


@override_settings(BALAI_RATE_LIMITS=SMALL)
def test_registration_is_throttled_per_nik(client, kubu_raya, caplog):
    for n in range(2):
        client.post(REGISTER, registration_data(email=f"siti{n}@contoh.id"),
                    REMOTE_ADDR=f"10.0.0.{n}")
    users = User.objects.count()
    with caplog.at_level(logging.WARNING, logger="balai.security"):
        response = client.post(REGISTER, registration_data(email="lain@contoh.id"),
                               REMOTE_ADDR="10.0.0.9")
    _assert_throttled(response)
    assert User.objects.count() == users
    assert "throttled scope=register by=account" in caplog.text


@override_settings(BALAI_RATE_LIMITS=SMALL)
def test_registration_is_throttled_per_address(client, kubu_raya):
    for nik in ["6112015708900011", "6112015708900012", "6112015708900013"]:
        client.post(REGISTER, registration_data(nik=nik, email=f"{nik}@contoh.id"))
    users = User.objects.count()
    response = client.post(REGISTER, registration_data(nik="6112015708900014",
                                                       email="x@contoh.id"))
    _assert_throttled(response)
    assert User.objects.count() == users


@override_settings(BALAI_RATE_LIMITS=SMALL)
def test_code_entry_is_throttled_per_pending_account(client, kubu_raya):
    client.post(REGISTER, registration_data())
    user = User.objects.get()
    for _ in range(2):
        client.post(CONFIRM, {"code": "000000"})
    # Even the right code waits: the throttle answers before any code is checked.
    response = client.post(CONFIRM, {"code": code_sent_to(user)})
    _assert_throttled(response)
    user.refresh_from_db()
    assert not user.is_active


@override_settings(BALAI_RATE_LIMITS=SMALL)
def test_resending_codes_is_throttled(client, kubu_raya):
    client.post(REGISTER, registration_data())
    OneTimeCode.objects.update(created_at="2000-01-01T00:00:00Z")
    client.post(RESEND)
    sent = Message.objects.count()
    OneTimeCode.objects.update(created_at="2000-01-01T00:00:00Z")
    _assert_throttled(client.post(RESEND))
    assert Message.objects.count() == sent


@override_settings(BALAI_RATE_LIMITS=SMALL)
def test_password_reset_is_throttled_per_email_and_per_address(client, citizen):
    User.objects.filter(pk=citizen.user_id).update(email="siti@contoh.id")
    for n in range(2):
        client.post(RESET, {"email": "siti@contoh.id"}, REMOTE_ADDR=f"10.1.0.{n}")
    sent = Message.objects.count()
    _assert_throttled(client.post(RESET, {"email": "SITI@contoh.id"}, REMOTE_ADDR="10.1.0.9"))
    assert Message.objects.count() == sent
    for n in range(3):
        client.post(RESET, {"email": f"orang{n}@contoh.id"}, REMOTE_ADDR="10.2.0.1")
    _assert_throttled(client.post(RESET, {"email": "lagi@contoh.id"}, REMOTE_ADDR="10.2.0.1"))


@override_settings(BALAI_RATE_LIMITS=SMALL)
def test_public_status_look_ups_are_throttled_per_address(client, db):
    for _ in range(3):
        client.get(reverse("applications:status"), {"number": "KR-2026-000001"})
    _assert_throttled(client.get(reverse("applications:status"),
                                 {"number": "KR-2026-000002"}))
    # Another address is not affected.
    response = client.get(reverse("applications:status"), {"number": "KR-2026-000002"},
                          REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 404


@override_settings(BALAI_RATE_LIMITS=SMALL)
def test_two_factor_codes_are_throttled_per_officer(client, officer):
    totp_device(officer)
    client.post(LOGIN, {"username": officer.username, "password": PASSWORD})
    verify = reverse("accounts:two_factor_verify")
    for _ in range(2):
        client.post(verify, {"code": "123456"})
    _assert_throttled(client.post(verify, {"code": "123456"}))
    assert not client.session.get("otp_device_id")


def test_a_tampered_session_cookie_signs_nobody_in(client, citizen, caplog):
    sign_in(client, citizen.user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.cookies[settings.SESSION_COOKIE_NAME] = key[:-4] + "abcd"
    with caplog.at_level(logging.WARNING, logger="balai.security"):
        response = client.get(PROFILE, follow=True)
    assert response.redirect_chain[0][0].startswith(LOGIN)
    assert "Sesi Anda tidak sah atau sudah berakhir. Silakan masuk lagi." in (
        response.content.decode())
    assert "unknown or tampered session cookie" in caplog.text


@pytest.mark.parametrize("case", ["forged_token", "tampered_cookie", "missing_token"])
def test_a_forged_csrf_token_is_refused_and_changes_nothing(citizen, case, caplog):
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    data = {"username": citizen.nik, "password": PASSWORD}
    if case == "forged_token":
        data["csrfmiddlewaretoken"] = "A" * 64
    elif case == "tampered_cookie":
        client.cookies[settings.CSRF_COOKIE_NAME] = "B" * 32
        data["csrfmiddlewaretoken"] = token
    entries = LedgerEntry.objects.count()
    with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
        response = client.post(LOGIN, data)
    assert response.status_code == 403
    assert "Formulir sudah kedaluwarsa" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LedgerEntry.objects.count() == entries
    assert "Forbidden (CSRF" in caplog.text


def test_a_replayed_registration_code_is_refused(client, kubu_raya):
    client.post(REGISTER, registration_data())
    user = User.objects.get()
    code = code_sent_to(user)
    replayer = Client()
    replayer.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[
        settings.SESSION_COOKIE_NAME].value
    assert client.post(CONFIRM, {"code": code})["Location"] == PROFILE
    confirmed = LedgerEntry.objects.filter(action="akun.dikonfirmasi").count()
    response = replayer.post(CONFIRM, {"code": code}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == LOGIN
    assert "Tidak ada pendaftaran yang menunggu konfirmasi" in html
    assert "_auth_user_id" not in replayer.session
    assert LedgerEntry.objects.filter(action="akun.dikonfirmasi").count() == confirmed
