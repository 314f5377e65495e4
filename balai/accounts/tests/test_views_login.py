import pytest
from django.urls import reverse

from balai.accounts.models import User
from balai.accounts.tests.helpers import registration_data
from balai.accounts.views import PENDING_SESSION_KEY
from balai.core.testing import PASSWORD, sign_in
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
GENERIC_ERROR = ("Data masuk atau kata sandi salah. Periksa kembali, atau pulihkan kata sandi "
                 "bila lupa.")


def _signed_in_as(client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


def test_login_page_renders(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "NIK, email, nomor HP, atau nama pengguna" in response.content.decode()


@pytest.mark.parametrize("identifier", ["nik", "email", "phone_local", "phone_intl", "username"])
def test_login_works_with_each_identifier(client, citizen, identifier):
    User.objects.filter(pk=citizen.user_id).update(email="siti@contoh.id")
    value = {
        "nik": citizen.nik,
        "email": "SITI@contoh.id",
        "phone_local": "0" + citizen.phone[2:],
        "phone_intl": "+" + citizen.phone,
        "username": citizen.user.username,
    }[identifier]
    response = client.post(LOGIN, {"username": value, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert _signed_in_as(client) == citizen.user_id


def test_login_of_an_officer_by_username_is_recorded_in_the_ledger(client, officer):
    client.post(LOGIN, {"username": officer.username, "password": PASSWORD})
    entry = LedgerEntry.objects.filter(action="akun.masuk").get()
    assert (entry.actor_id, entry.object_id) == (officer.pk, str(officer.pk))


@pytest.mark.parametrize("case", ["wrong_password", "unknown_nik", "unknown_username"])
def test_login_failure_says_the_same_whatever_was_wrong(client, citizen, case):
    username, password = {
        "wrong_password": (citizen.nik, "Salah-Sekali-99"),
        "unknown_nik": ("6112011708900009", PASSWORD),
        "unknown_username": ("tidak-ada", PASSWORD),
    }[case]
    response = client.post(LOGIN, {"username": username, "password": password})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [GENERIC_ERROR]
    assert response.context["form"]["username"].value() == username
    assert _signed_in_as(client) is None
    assert LedgerEntry.objects.filter(action="akun.gagal_masuk").count() == 1


def test_login_failure_ledger_entry_does_not_hold_what_was_typed(client, citizen):
    client.post(LOGIN, {"username": citizen.nik, "password": "Salah-Sekali-99"})
    entry = LedgerEntry.objects.get(action="akun.gagal_masuk")
    assert citizen.nik not in str(entry.__dict__) and entry.actor_id is None


def test_login_refuses_a_deactivated_user_with_the_same_message(client, officer):
    User.objects.filter(pk=officer.pk).update(is_active=False)
    response = client.post(LOGIN, {"username": officer.username, "password": PASSWORD})
    assert response.context["form"].non_field_errors() == [GENERIC_ERROR]
    assert _signed_in_as(client) is None


def test_login_sends_an_unconfirmed_citizen_to_the_confirm_page(client, kubu_raya):
    client.post(reverse("accounts:register"), registration_data())
    user = User.objects.get()
    fresh = client.__class__()
    response = fresh.post(LOGIN, {"username": registration_data()["nik"],
                                  "password": registration_data()["password1"]})
    assert response["Location"] == reverse("accounts:confirm")
    assert fresh.session[PENDING_SESSION_KEY] == user.pk
    assert _signed_in_as(fresh) is None


def test_login_does_not_reveal_an_unconfirmed_citizen_to_a_wrong_password(client, kubu_raya):
    client.post(reverse("accounts:register"), registration_data())
    fresh = client.__class__()
    response = fresh.post(LOGIN, {"username": registration_data()["nik"],
                                  "password": "Salah-Sekali-99"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [GENERIC_ERROR]
    assert PENDING_SESSION_KEY not in fresh.session


def test_login_requires_both_fields_with_messages_next_to_them(client, db):
    response = client.post(LOGIN, {"username": "", "password": ""})
    errors = response.context["form"].errors
    assert errors["username"] == ["Isi NIK, email, nomor HP, atau nama pengguna."]
    assert errors["password"] == ["Isi kata sandi."]


def test_login_follows_a_safe_next_url(client, citizen):
    response = client.post(LOGIN + "?next=/akun/profil/kata-sandi/",
                           {"username": citizen.nik, "password": PASSWORD,
                            "next": "/akun/profil/kata-sandi/"})
    assert response["Location"] == "/akun/profil/kata-sandi/"


def test_logout_is_post_only(client, citizen):
    sign_in(client, citizen.user)
    assert client.get(LOGOUT).status_code == 405
    assert _signed_in_as(client) == citizen.user_id


def test_logout_by_post_signs_out_and_is_recorded(client, citizen):
    sign_in(client, citizen.user)
    response = client.post(LOGOUT)
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert _signed_in_as(client) is None
    entry = LedgerEntry.objects.get(action="akun.keluar")
    assert entry.actor_id == citizen.user_id


def test_admin_login_is_recorded_in_the_ledger(client, admin_user):
    response = client.post(reverse("admin:login"),
                           {"username": admin_user.username, "password": PASSWORD,
                            "next": reverse("admin:index")})
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(action="akun.masuk")
    assert entry.actor_id == admin_user.pk
