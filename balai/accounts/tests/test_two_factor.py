"""Two-factor sign-in for officers: enrolment, verification, recovery codes, replays, and the
middleware that keeps an officer with only a password out of every officer page and the
admin."""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from balai.accounts import twofactor
from balai.core.testing import PASSWORD, sign_in, totp_code, totp_device
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
ENROLL = reverse("accounts:two_factor_enroll")
VERIFY = reverse("accounts:two_factor_verify")
RECOVERY = reverse("accounts:two_factor_recovery")
QUEUE = reverse("applications:queue")


def _password_login(client, user, next_url=""):
    data = {"username": user.username, "password": PASSWORD}
    url = f"{LOGIN}?{urlencode({'next': next_url})}" if next_url else LOGIN
    return client.post(url, data)


def _shown_secret(html: str) -> str:
    return re.search(r'<code class="totp-secret"[^>]*>([A-Z2-7]+)</code>', html).group(1)


def _is_verified(client) -> bool:
    return bool(client.session.get("otp_device_id"))


def test_first_login_of_an_officer_goes_to_enrolment(client, officer):
    response = _password_login(client, officer)
    assert response.status_code == 302
    assert response["Location"].startswith(ENROLL)
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in html  # the QR code, no inline script or style
    # Scripts only from static files (the service worker's registration), never inline.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and 'style="' not in html
    device = TOTPDevice.objects.get(user=officer)
    assert not device.confirmed
    assert _shown_secret(html) == twofactor.secret_of(device)


def test_enrolment_with_the_right_code_shows_recovery_codes_once(client, officer):
    _password_login(client, officer)
    client.get(ENROLL)
    device = TOTPDevice.objects.get(user=officer)
    response = client.post(ENROLL, {"code": totp_code(device), "next": QUEUE})
    assert response.status_code == 302 and response["Location"].startswith(RECOVERY)
    device.refresh_from_db()
    assert device.confirmed and _is_verified(client)
    page = client.get(response["Location"])
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=officer)
                             .values_list("token", flat=True))
    assert page["Cache-Control"] == "no-store"
    # Shown once: a second visit has nothing to show.
    assert client.get(RECOVERY).status_code == 302
    assert client.get(QUEUE).status_code == 200
    assert LedgerEntry.objects.filter(action="akun.dua_langkah_aktif",
                                      object_id=str(officer.pk)).count() == 1


def test_enrolment_with_a_wrong_code_changes_nothing(client, officer):
    _password_login(client, officer)
    client.get(ENROLL)
    device = TOTPDevice.objects.get(user=officer)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(ENROLL, {"code": wrong})
    assert response.status_code == 200
    assert "Kode salah, kedaluwarsa, atau sudah pernah dipakai" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and not _is_verified(client)
    assert not StaticToken.objects.filter(device__user=officer).exists()
    assert client.get(QUEUE)["Location"].startswith(ENROLL)


@pytest.mark.parametrize("path", ["/permohonan/antrean/", "/admin/", "/akun/profil/",
                                  "/notifikasi/"])
def test_an_officer_with_only_a_password_reaches_no_page(client, admin_user, path):
    totp_device(admin_user)
    _password_login(client, admin_user)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?{urlencode({'next': path})}"


def test_an_officer_with_only_a_password_gets_no_api_answer(client, officer):
    _password_login(client, officer)
    response = client.get("/api/v1/applications")
    assert response.status_code == 403
    assert response.json()["code"] == "TWO_FACTOR_REQUIRED"


def test_enrolled_officer_verifies_with_a_code_and_goes_on(client, officer):
    device = totp_device(officer)
    response = _password_login(client, officer, next_url=QUEUE)
    assert response["Location"] == f"{VERIFY}?{urlencode({'next': QUEUE})}"
    response = client.post(VERIFY, {"code": totp_code(device), "next": QUEUE})
    assert response.status_code == 302 and response["Location"] == QUEUE
    assert _is_verified(client)
    assert client.get(QUEUE).status_code == 200
    assert LedgerEntry.objects.filter(action="akun.verifikasi_dua_langkah").count() == 1


def test_a_replayed_authenticator_code_is_refused(client, officer):
    device = totp_device(officer)
    code = totp_code(device)
    _password_login(client, officer)
    assert client.post(VERIFY, {"code": code})["Location"]
    client.post(reverse("accounts:logout"))
    _password_login(client, officer)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "sudah pernah dipakai" in response.content.decode()
    assert not _is_verified(client)
    assert LedgerEntry.objects.filter(action="akun.verifikasi_dua_langkah").count() == 1


def test_a_recovery_code_works_once(client, officer):
    device = totp_device(officer)
    codes = twofactor._replace_recovery_codes(officer)
    _password_login(client, officer)
    response = client.post(VERIFY, {"code": codes[0].upper()})
    assert response.status_code == 302 and _is_verified(client)
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    client.post(reverse("accounts:logout"))
    _password_login(client, officer)
    response = client.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200 and not _is_verified(client)
    assert device.confirmed


def test_an_enrolled_officer_cannot_enrol_a_second_authenticator(client, officer):
    totp_device(officer)
    _password_login(client, officer)
    response = client.get(ENROLL)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_a_citizen_signs_in_with_a_password_alone(client, citizen):
    response = client.post(LOGIN, {"username": citizen.nik, "password": PASSWORD})
    assert response["Location"] == reverse("accounts:profile")
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert not TOTPDevice.objects.filter(user=citizen.user).exists()


def test_sign_in_helper_leaves_an_officer_verified(client, auditor):
    sign_in(client, auditor)
    assert _is_verified(client)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_new_recovery_codes_replace_the_old_ones(client, officer):
    sign_in(client, officer)
    old = twofactor._replace_recovery_codes(officer)
    response = client.post(reverse("accounts:two_factor_new_recovery_codes"))
    assert response["Location"] == RECOVERY
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", client.get(RECOVERY)
                     .content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert StaticToken.objects.filter(device__user=officer).count() == 10


def test_reset_lets_an_officer_enrol_again(officer, admin_user):
    totp_device(officer)
    twofactor._replace_recovery_codes(officer)
    twofactor.reset_two_factor(actor=admin_user, user=officer)
    assert twofactor.confirmed_totp(officer) is None
    assert twofactor.recovery_codes_left(officer) == 0
    assert LedgerEntry.objects.filter(action="akun.dua_langkah_direset").count() == 1


def test_an_admin_resets_a_lost_authenticator_from_the_admin(client, officer, admin_user):
    totp_device(officer)
    sign_in(client, admin_user)
    response = client.post("/admin/accounts/user/", {
        "action": "reset_two_factor", "_selected_action": [officer.pk]}, follow=True)
    assert response.status_code == 200
    assert "Verifikasi dua langkah diatur ulang untuk 1 pengguna" in response.content.decode()
    assert twofactor.confirmed_totp(officer) is None
    entry = LedgerEntry.objects.get(action="akun.dua_langkah_direset")
    assert entry.actor_id == admin_user.pk


def test_citizens_have_no_enrolment_page(client, citizen):
    sign_in(client, citizen.user)
    assert client.get(ENROLL)["Location"] == reverse("accounts:profile")
    assert not TOTPDevice.objects.filter(user=citizen.user).exists()
