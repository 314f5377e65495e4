import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from balai.accounts.models import Citizen, OneTimeCode, User
from balai.accounts.queries import nik_index
from balai.accounts.tests.helpers import NIK, code_sent_to, registration_data
from balai.accounts.views import PENDING_SESSION_KEY
from balai.core.testing import make_citizen, sign_in
from balai.ledger.models import LedgerEntry
from balai.notifications.models import Message

pytestmark = pytest.mark.django_db
URL = reverse("accounts:register")


def test_register_page_shows_the_form_with_the_region_picker(client, kubu_raya):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="nik"' in html and 'name="_pilih_kecamatan"' in html
    assert "Tampilkan desa" in html and "region-picker.js" in html
    assert "<script>" not in html and 'style="' not in html


def test_register_creates_an_inactive_citizen_and_sends_a_code_by_sms(client, kubu_raya):
    response = client.post(URL, registration_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:confirm")
    citizen = Citizen.objects.select_related("user", "village").get(nik_index=nik_index(NIK))
    user = citizen.user
    assert not user.is_active and citizen.verified_at is None
    assert (citizen.nik, citizen.gender, citizen.birth_date) == (NIK, "P", dt.date(1990, 8, 17))
    assert citizen.phone == "6281234567890"
    assert citizen.village.code == "61.12.01.2001"
    assert user.email == "siti@contoh.id" and user.full_name == "Siti Aminah"
    assert user.check_password("Kapuas-Raya-2026")
    message = Message.objects.get(recipient=user)
    assert message.channel == "sms" and message.address == "6281234567890"
    otp = OneTimeCode.objects.get(user=user)
    assert code_sent_to(user) not in otp.code_hash and len(otp.code_hash) == 64
    assert client.session[PENDING_SESSION_KEY] == user.pk
    actions = list(LedgerEntry.objects.filter(object_id=str(user.pk))
                   .values_list("action", flat=True))
    assert actions == ["akun.daftar", "akun.kode_dikirim", "privasi.persetujuan_dicatat"]


def test_register_stores_the_nik_encrypted(client, kubu_raya):
    from django.db import connection

    client.post(URL, registration_data())
    with connection.cursor() as cursor:
        cursor.execute("SELECT nik, phone, address FROM accounts_citizen")
        row = cursor.fetchone()
    assert NIK not in row[0] and "6281234567890" not in row[1] and "Arteri" not in row[2]


def test_register_without_phone_sends_the_code_by_email(client, kubu_raya):
    client.post(URL, registration_data(phone=""))
    message = Message.objects.get()
    assert message.channel == "email" and message.address == "siti@contoh.id"


def test_register_derives_gender_from_the_nik(client, kubu_raya):
    client.post(URL, registration_data(nik="6112011708900003"))
    assert Citizen.objects.get().gender == "L"


def test_register_allows_no_address_and_no_desa(client, db):
    response = client.post(URL, registration_data(address="", kecamatan="", desa=""))
    assert response.status_code == 302
    citizen = Citizen.objects.get()
    assert citizen.village is None and citizen.address == ""


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"nik": "6112A15708900003"}, "nik", "NIK hanya boleh berisi angka."),
    ({"nik": "61120157089000"}, "nik", "NIK harus 16 angka (Anda mengisi 14)."),
    ({"nik": "9912015708900003"}, "nik", "Kode wilayah NIK"),
    ({"nik": "6112019908900003"}, "nik", "bukan tanggal lahir yang mungkin"),
    ({"nik": "6112015708900000"}, "nik", "tidak boleh 0000"),
    ({"nik": ""}, "nik", "Isi NIK Anda (16 angka)."),
    ({"birth_date": "1990-08-18"}, "birth_date", "tidak sama dengan yang tercatat di NIK"),
    ({"birth_date": "1991-08-17"}, "birth_date", "tidak sama dengan yang tercatat di NIK"),
    ({"birth_date": "2090-08-17"}, "birth_date", "tidak boleh di masa depan"),
    ({"birth_date": "17 Agustus"}, "birth_date", "Tulis tanggal lahir yang benar"),
    ({"full_name": ""}, "full_name", "Isi nama lengkap Anda."),
    ({"full_name": "1234"}, "full_name", "Tulis nama lengkap dengan huruf."),
    ({"phone": "", "email": ""}, "phone", "Isi nomor HP atau email"),
    ({"phone": "0561-123456"}, "phone", "Tulis nomor HP Indonesia"),
    ({"phone": "08abc"}, "phone", "hanya boleh berisi angka"),
    ({"email": "siti@"}, "email", "Tulis alamat email yang benar"),
    ({"desa": "61.12.02.2001"}, "desa", "tidak termasuk kecamatan"),
    ({"password2": "Lain-Sekali-2026"}, "password2", "Kedua kata sandi tidak sama."),
    ({"password1": "Pdk-7", "password2": "Pdk-7"}, "password1", "10 karakter"),
    ({"password1": "1234567890123", "password2": "1234567890123"}, "password1", "angka"),
])
def test_register_refuses_bad_input_next_to_the_field_and_keeps_what_was_typed(
        client, kubu_raya, overrides, field, message):
    data = registration_data(**overrides)
    response = client.post(URL, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    html = response.content.decode()
    assert "Ada yang perlu diperbaiki" in html  # the error summary
    assert f'href="#id_{field}"' in html
    for name in ("nik", "full_name", "email", "address"):
        if data[name]:
            assert data[name] in html, name
    assert data["password1"] not in html
    assert not User.objects.exists()
    assert not Message.objects.exists()


def test_register_refuses_a_nik_that_is_taken_without_saying_whose(client, kubu_raya):
    # A phone ending in digits no page carries otherwise (the default ones, 0812000000nn,
    # can match a region code on the form by chance).
    citizen = make_citizen(phone="081397538642", full_name="Pemilik Asli NIK")
    response = client.post(URL, registration_data(nik=citizen.nik, full_name="Orang Lain"))
    assert response.status_code == 200
    errors = response.context["form"].errors["nik"]
    assert errors == ["NIK ini sudah terdaftar. Masuk atau pulihkan kata sandi."]
    html = response.content.decode()
    assert citizen.user.full_name not in html and "8642" not in html
    assert Citizen.objects.count() == 1


def test_register_refuses_a_nik_whose_registration_is_recent_and_unconfirmed(client, kubu_raya):
    client.post(URL, registration_data())
    other = client.__class__()
    response = other.post(URL, registration_data(phone="081399998888", email=""))
    assert "NIK ini sudah terdaftar" in response.context["form"].errors["nik"][0]
    assert User.objects.count() == 1


def test_register_replaces_an_unconfirmed_registration_after_its_grace_period(client, kubu_raya):
    client.post(URL, registration_data(phone="081311112222"))
    Citizen.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    old_user = User.objects.get()
    other = client.__class__()
    response = other.post(URL, registration_data(phone="081399998888"))
    assert response.status_code == 302
    citizen = Citizen.objects.get()
    assert citizen.user_id != old_user.pk and citizen.phone == "6281399998888"
    assert LedgerEntry.objects.filter(action="akun.pendaftaran_diganti",
                                      object_id=str(old_user.pk)).exists()


def test_register_refuses_an_email_already_used(client, kubu_raya, citizen):
    User.objects.filter(pk=citizen.user_id).update(email="dipakai@contoh.id")
    response = client.post(URL, registration_data(nik="6112011708900003",
                                                  email="Dipakai@contoh.id"))
    assert response.context["form"].errors["email"] == ["Email ini sudah dipakai akun lain."]


def test_register_picker_button_shows_the_desa_and_keeps_what_was_typed(client, kubu_raya):
    data = registration_data(kecamatan="61.12.09", desa="", _pilih_kecamatan="1")
    response = client.post(URL, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound  # no error messages for fields not yet filled
    html = response.content.decode()
    assert "Ada yang perlu diperbaiki" not in html
    desa_codes = [code for code, _name in form.fields["desa"].choices if code]
    assert desa_codes and all(code.startswith("61.12.09.") for code in desa_codes)
    assert '<option value="61.12.09" selected>' in html
    assert "Siti Aminah" in html and NIK in html and "Jl. Arteri Supadio No. 12" in html
    assert "Kapuas-Raya-2026" not in html
    assert not User.objects.exists()


def test_register_redirects_a_signed_in_user_to_the_profile(client, citizen):
    sign_in(client, citizen.user)
    assert client.get(URL)["Location"] == reverse("accounts:profile")
