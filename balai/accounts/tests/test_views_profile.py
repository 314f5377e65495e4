import pytest
from django.urls import reverse

from balai.accounts.models import Citizen, User
from balai.core.testing import PASSWORD, make_citizen, sign_in
from balai.ledger.models import LedgerEntry
from balai.regions.queries import get_village

pytestmark = pytest.mark.django_db
PROFILE = reverse("accounts:profile")
PASSWORD_CHANGE = reverse("accounts:password_change")


def _contact(**overrides):
    data = {"phone": "081299990000", "email": "baru@contoh.id", "address": "Jl. Baru 1",
            "kecamatan": "61.12.09", "desa": "61.12.09.2001"}
    data.update(overrides)
    return data


@pytest.mark.parametrize("url", [PROFILE, PASSWORD_CHANGE])
def test_profile_pages_require_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_profile_shows_the_citizen_with_a_masked_nik(client, kubu_raya):
    citizen = make_citizen(village=get_village("61.12.01.2001"))
    sign_in(client, citizen.user)
    html = client.get(PROFILE).content.decode()
    assert citizen.user.full_name in html
    assert citizen.masked_nik in html and citizen.nik not in html
    assert "17 Agustus 1990" in html
    assert "Sungai Raya" in html and citizen.address in html


def test_profile_leads_the_citizen_to_each_of_their_own_lists(client, kubu_raya):
    citizen = make_citizen()
    sign_in(client, citizen.user)
    html = client.get(PROFILE).content.decode()
    lists = ["applications:dashboard", "complaints:mine", "information:my_requests",
             "payments:mine", "taxes:mine", "transparency:surveys"]
    for name in lists:
        url = reverse(name)
        assert f'href="{url}"' in html, name
        assert client.get(url).status_code == 200, name


def test_profile_change_of_contact_details_is_saved_and_recorded(client, kubu_raya, citizen):
    sign_in(client, citizen.user)
    response = client.post(PROFILE, _contact())
    assert response.status_code == 302
    citizen = Citizen.objects.select_related("user").get(pk=citizen.pk)
    assert citizen.phone == "6281299990000" and citizen.user.email == "baru@contoh.id"
    assert citizen.address == "Jl. Baru 1" and citizen.village_id == "61.12.09.2001"
    entry = LedgerEntry.objects.get(action="akun.kontak_diubah")
    assert entry.actor_id == citizen.user_id
    # The new phone signs in.
    client.logout()
    assert client.post(reverse("accounts:login"),
                       {"username": "081299990000", "password": PASSWORD}).status_code == 302


def test_profile_without_changes_records_nothing(client, kubu_raya):
    citizen = make_citizen(village=get_village("61.12.01.2001"), email="s@contoh.id")
    sign_in(client, citizen.user)
    form = client.get(PROFILE).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    client.post(PROFILE, data)
    assert not LedgerEntry.objects.filter(action="akun.kontak_diubah").exists()


@pytest.mark.parametrize(("overrides", "field", "words"), [
    ({"phone": "", "email": ""}, "phone", "Isi nomor HP atau email"),
    ({"phone": "12345"}, "phone", "Tulis nomor HP Indonesia"),
    ({"email": "x@"}, "email", "Tulis alamat email yang benar"),
    ({"desa": "61.12.01.2001"}, "desa", "tidak termasuk kecamatan"),
])
def test_profile_refuses_bad_input_and_keeps_what_was_typed(client, kubu_raya, citizen,
                                                            overrides, field, words):
    sign_in(client, citizen.user)
    data = _contact(**overrides)
    response = client.post(PROFILE, data)
    assert response.status_code == 200
    assert words in response.context["form"].errors[field][0]
    assert "Jl. Baru 1" in response.content.decode()
    assert not LedgerEntry.objects.filter(action="akun.kontak_diubah").exists()


def test_profile_refuses_an_email_of_another_account(client, kubu_raya, citizen, other_citizen):
    User.objects.filter(pk=other_citizen.user_id).update(email="lain@contoh.id")
    sign_in(client, citizen.user)
    response = client.post(PROFILE, _contact(email="LAIN@contoh.id"))
    assert response.context["form"].errors["email"] == ["Email ini sudah dipakai akun lain."]


def test_profile_picker_button_keeps_the_typed_values(client, kubu_raya, citizen):
    sign_in(client, citizen.user)
    response = client.post(PROFILE, _contact(desa="", kecamatan="61.12.05",
                                             _pilih_kecamatan="1"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jl. Baru 1" in html and "baru@contoh.id" in html
    assert "Ada yang perlu diperbaiki" not in html
    codes = [c for c, _n in response.context["form"].fields["desa"].choices if c]
    assert codes and all(c.startswith("61.12.05.") for c in codes)


def test_profile_of_an_officer_shows_roles_and_no_citizen_form(client, officer):
    sign_in(client, officer)
    response = client.get(PROFILE)
    assert response.context["form"] is None
    assert "Petugas — Dinas Kependudukan (uji)" in response.content.decode()


def test_password_change_needs_the_old_password_and_is_recorded(client, citizen):
    sign_in(client, citizen.user)
    wrong = client.post(PASSWORD_CHANGE, {"old_password": "Salah-Sekali-99",
                                          "new_password1": "Kubu-Raya-Baru-1",
                                          "new_password2": "Kubu-Raya-Baru-1"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["old_password"]
    response = client.post(PASSWORD_CHANGE, {"old_password": PASSWORD,
                                             "new_password1": "Kubu-Raya-Baru-1",
                                             "new_password2": "Kubu-Raya-Baru-1"})
    assert response["Location"] == PROFILE
    citizen.user.refresh_from_db()
    assert citizen.user.check_password("Kubu-Raya-Baru-1")
    assert client.get(PROFILE).status_code == 200  # still signed in
    assert LedgerEntry.objects.filter(action="akun.sandi_diubah").count() == 1
