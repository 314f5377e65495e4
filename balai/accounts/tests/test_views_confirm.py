import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from balai.accounts import actions
from balai.accounts.models import OneTimeCode, User
from balai.accounts.tests.helpers import code_sent_to, registration_data
from balai.ledger.models import LedgerEntry
from balai.notifications.models import Message

pytestmark = pytest.mark.django_db
CONFIRM = reverse("accounts:confirm")
RESEND = reverse("accounts:resend_code")


@pytest.fixture
def registered(client, kubu_raya):
    """A citizen who has just registered in this client's session."""
    client.post(reverse("accounts:register"), registration_data())
    return User.objects.get()


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def _age_codes(seconds: int) -> None:
    OneTimeCode.objects.update(created_at=timezone.now() - dt.timedelta(seconds=seconds))


def test_confirm_page_says_where_the_code_went(client, registered):
    response = client.get(CONFIRM)
    assert response.status_code == 200
    assert "berakhiran 7890" in response.content.decode()


def test_confirm_with_the_right_code_activates_and_signs_in(client, registered):
    response = client.post(CONFIRM, {"code": code_sent_to(registered)})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    registered.refresh_from_db()
    assert registered.is_active and registered.citizen.verified_at is not None
    assert OneTimeCode.objects.get().used_at is not None
    profile = client.get(reverse("accounts:profile"))
    assert profile.status_code == 200 and "Siti Aminah" in profile.content.decode()
    actions_done = list(LedgerEntry.objects.filter(object_id=str(registered.pk))
                        .values_list("action", flat=True))
    assert actions_done[-2:] == ["akun.dikonfirmasi", "akun.masuk"]


def test_confirm_with_a_wrong_code_counts_the_attempt(client, registered):
    response = client.post(CONFIRM, {"code": _wrong(code_sent_to(registered))})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["Kode salah. Sisa percobaan: 4."]
    assert OneTimeCode.objects.get().attempts == 1
    registered.refresh_from_db()
    assert not registered.is_active


def test_confirm_refuses_malformed_codes_next_to_the_field(client, registered):
    cases = [("", "Tulis 6 angka"), ("12345", "6 angka"), ("12a456", "hanya berisi angka")]
    for value, words in cases:
        response = client.post(CONFIRM, {"code": value})
        assert words in response.context["form"].errors["code"][0]
    assert OneTimeCode.objects.get().attempts == 0


@override_settings(OTP_MAX_ATTEMPTS=3, OTP_LOCK_SECONDS=900)
def test_confirm_locks_after_too_many_wrong_codes_and_says_until_when(client, registered):
    code = code_sent_to(registered)
    for _ in range(2):
        client.post(CONFIRM, {"code": _wrong(code)})
    response = client.post(CONFIRM, {"code": _wrong(code)})
    otp = OneTimeCode.objects.get()
    assert otp.locked_until is not None
    until = timezone.localtime(otp.locked_until).strftime("%H.%M")
    assert response.context["form"].errors["code"] == [
        f"Terlalu banyak kode salah. Coba lagi setelah pukul {until} WIB."]
    # Even the right code is refused while locked, and a resend cannot get round the lock.
    response = client.post(CONFIRM, {"code": code})
    assert "Terlalu banyak kode salah" in response.context["form"].errors["code"][0]
    _age_codes(120)
    client.post(RESEND)
    assert OneTimeCode.objects.count() == 1
    registered.refresh_from_db()
    assert not registered.is_active
    assert LedgerEntry.objects.filter(action="akun.kode_dikunci").count() == 1


@override_settings(OTP_MAX_ATTEMPTS=2, OTP_LOCK_SECONDS=60)
def test_confirm_allows_new_attempts_once_the_lock_has_passed(client, registered):
    code = code_sent_to(registered)
    client.post(CONFIRM, {"code": _wrong(code)})
    client.post(CONFIRM, {"code": _wrong(code)})
    OneTimeCode.objects.update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    response = client.post(CONFIRM, {"code": code})
    assert response.status_code == 302
    registered.refresh_from_db()
    assert registered.is_active


def test_confirm_refuses_an_expired_code(client, registered):
    code = code_sent_to(registered)
    OneTimeCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.post(CONFIRM, {"code": code})
    assert response.context["form"].errors["code"] == ["Kode sudah kedaluwarsa. Minta kode baru."]
    registered.refresh_from_db()
    assert not registered.is_active


def test_confirm_code_cannot_be_replayed(client, registered):
    code = code_sent_to(registered)
    client.post(CONFIRM, {"code": code})
    with pytest.raises(actions.CodeError) as excinfo:
        actions.confirm_registration(user=registered, code=code)
    assert excinfo.value.code == "OTP_USED"
    # Over HTTP there is no pending registration any more: the page sends to sign-in.
    client.logout()
    assert client.post(CONFIRM, {"code": code})["Location"] == reverse("accounts:login")


def test_confirm_without_a_pending_registration_goes_to_login(client, db):
    assert client.get(CONFIRM)["Location"] == reverse("accounts:login")


def test_resend_is_refused_during_the_cooldown(client, registered):
    response = client.post(RESEND, follow=True)
    assert "Kode baru dapat diminta" in response.content.decode()
    assert OneTimeCode.objects.count() == 1 and Message.objects.count() == 1


def test_resend_after_the_cooldown_sends_a_new_code_and_the_old_one_stops_working(
        client, registered):
    old = code_sent_to(registered)
    _age_codes(61)
    response = client.post(RESEND, follow=True)
    assert "Kode baru sudah dikirim." in response.content.decode()
    assert OneTimeCode.objects.count() == 2 and Message.objects.count() == 2
    new = code_sent_to(registered)
    if new != old:  # one chance in a million that they are equal
        response = client.post(CONFIRM, {"code": old})
        assert "Kode salah" in response.context["form"].errors["code"][0]
    assert client.post(CONFIRM, {"code": new}).status_code == 302


def test_resend_is_post_only(client, registered):
    assert client.get(RESEND).status_code == 405
