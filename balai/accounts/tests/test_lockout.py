"""Login lockout (django-axes): on the account together with the client address, never on the
address alone, whichever identifier (NIK, email, phone, username) names the account."""

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from django.urls import reverse

from balai.accounts.models import User
from balai.core.testing import PASSWORD, make_citizen
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
IP_A = "10.20.30.40"
IP_B = "10.20.30.41"


def _attempt(client, identifier, password="Salah-Sekali-99", ip=IP_A):  # noqa: S107
    return client.post(LOGIN, {"username": identifier, "password": password}, REMOTE_ADDR=ip)


def _lock(client, citizen, ip=IP_A):
    for _ in range(4):
        assert _attempt(client, citizen.nik, ip=ip).status_code == 200
    # The fifth failure locks, and already answers with the lockout page.
    assert _attempt(client, citizen.nik, ip=ip).status_code == 429


def test_five_wrong_passwords_lock_the_account_on_that_address(client, citizen):
    _lock(client, citizen)
    response = _attempt(client, citizen.nik, password=PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Terlalu banyak percobaan masuk yang salah. Coba lagi setelah pukul" in html
    assert int(response["Retry-After"]) == 15 * 60
    assert "_auth_user_id" not in client.session
    assert not LedgerEntry.objects.filter(action="akun.masuk").exists()


def test_the_lock_holds_whichever_identifier_names_the_account(client, citizen):
    User.objects.filter(pk=citizen.user_id).update(email="siti@contoh.id")
    _lock(client, citizen)
    for identifier in ["SITI@contoh.id", "0" + citizen.phone[2:], citizen.user.username]:
        assert _attempt(client, identifier, password=PASSWORD).status_code == 429


def test_the_lock_is_never_on_the_address_alone(client, citizen, other_citizen):
    _lock(client, citizen)
    # Another citizen behind the same carrier NAT address signs in.
    response = _attempt(client, other_citizen.nik, password=PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == other_citizen.user_id


def test_the_same_account_from_another_address_is_not_locked(client, citizen):
    _lock(client, citizen)
    response = _attempt(client, citizen.nik, password=PASSWORD, ip=IP_B)
    assert response.status_code == 302


def test_lockout_records_hold_no_nik(client, citizen):
    _lock(client, citizen)
    unknown_nik = "6112011708900009"
    _attempt(client, unknown_nik)
    usernames = list(AccessAttempt.objects.values_list("username", flat=True))
    assert f"akun:{citizen.user_id}" in usernames
    assert not any(citizen.nik in name or unknown_nik in name for name in usernames)


def test_the_lock_ends_after_the_cool_off(client, citizen):
    _lock(client, citizen)
    with override_settings(AXES_COOLOFF_TIME=0.0):
        AccessAttempt.objects.update(attempt_time="2000-01-01T00:00:00Z")
        response = _attempt(client, citizen.nik, password=PASSWORD)
    assert response.status_code == 302


def test_a_successful_login_resets_the_count(client):
    person = make_citizen()
    for _ in range(4):
        _attempt(client, person.nik)
    assert _attempt(client, person.nik, password=PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        assert _attempt(client, person.nik).status_code == 200
    assert _attempt(client, person.nik, password=PASSWORD).status_code == 302
