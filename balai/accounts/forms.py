"""Input parsing for registration, confirmation, sign-in, password reset and the profile."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.accounts import actions
from balai.accounts.models import User
from balai.accounts.nik import NikError, parse_nik
from balai.accounts.queries import email_in_use, normalize_phone
from balai.privacy.forms import ConsentFieldsMixin
from balai.regions.forms import RegionPickerMixin

# Indonesian mobile numbers: 08…, +628… or 628…, 10 to 13 digits after the leading 0.
MOBILE_RE = re.compile(r"^628[1-9]\d{7,11}$")


def clean_mobile(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    if re.search(r"[^\d\s+\-().]", value):
        raise forms.ValidationError(_("Nomor HP hanya boleh berisi angka, spasi, tanda + atau -."))
    phone = normalize_phone(value)
    if not MOBILE_RE.match(phone):
        raise forms.ValidationError(_("Tulis nomor HP Indonesia yang dimulai 08 atau +628, "
                                      "misalnya 081234567890."))
    return phone


class PhoneEmailMixin(forms.Form):
    phone = forms.CharField(
        label=_("Nomor HP"), required=False, max_length=20,
        help_text=_("Nomor HP Indonesia, misalnya 081234567890. Kode konfirmasi dikirim lewat "
                    "SMS ke nomor ini."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel",
                                      "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email"), required=False,
        help_text=_("Isi nomor HP, email, atau keduanya."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Tulis alamat email yang benar, misalnya nama@contoh.id.")},
    )

    def clean_phone(self) -> str:
        return clean_mobile(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (not cleaned.get("phone") and not cleaned.get("email")
                and "phone" not in self.errors and "email" not in self.errors):
            self.add_error("phone", _("Isi nomor HP atau email (salah satu wajib) agar kami "
                                      "dapat mengirim kode konfirmasi."))
        return cleaned


class RegistrationForm(PhoneEmailMixin, RegionPickerMixin, ConsentFieldsMixin):
    """A citizen signs up. Address and desa are optional: a citizen of another regency may
    need a service here, and the KTP address is asked again by the services that need it."""

    nik = forms.CharField(
        label=_("NIK"), max_length=20,
        help_text=_("16 angka Nomor Induk Kependudukan, tertera di KTP-el atau Kartu Keluarga."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                      "class": "short"}),
        error_messages={"required": _("Isi NIK Anda (16 angka).")},
    )
    full_name = forms.CharField(
        label=_("Nama lengkap"), max_length=150,
        help_text=_("Sesuai KTP-el atau Kartu Keluarga."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Isi nama lengkap Anda.")},
    )
    birth_date = forms.DateField(
        label=_("Tanggal lahir"),
        help_text=_("Harus sama dengan tanggal lahir di NIK."),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"},
                               format="%Y-%m-%d"),
        error_messages={"required": _("Isi tanggal lahir Anda."),
                        "invalid": _("Tulis tanggal lahir yang benar, misalnya 17-08-1990.")},
    )
    address = forms.CharField(
        label=_("Alamat"), required=False, max_length=300,
        help_text=_("Jalan, nomor rumah, RT/RW, dusun."),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    password1 = forms.CharField(
        label=_("Kata sandi"), strip=False,
        help_text=_("Minimal 10 karakter; jangan memakai NIK, nama, atau kata yang umum."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Buat kata sandi.")},
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Tulis kata sandi sekali lagi.")},
    )

    field_order = ["nik", "full_name", "birth_date", "phone", "email", "address", "kecamatan",
                   "desa", "password1", "password2", "consent_notice", "consent_survei",
                   "consent_informasi"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nik_info = None
        self.fields["birth_date"].input_formats = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]

    def clean_nik(self) -> str:
        try:
            self.nik_info = parse_nik(self.cleaned_data["nik"])
        except NikError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None
        return self.nik_info.nik

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name) < 2 or not re.search(r"[^\W\d_]", name):
            raise forms.ValidationError(_("Tulis nama lengkap dengan huruf."))
        return name

    def clean_birth_date(self) -> dt.date:
        birth_date: dt.date = self.cleaned_data["birth_date"]
        if birth_date > timezone.localdate():
            raise forms.ValidationError(_("Tanggal lahir tidak boleh di masa depan."))
        if birth_date.year < 1900:
            raise forms.ValidationError(_("Periksa tahun lahir Anda."))
        return birth_date

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        birth_date = cleaned.get("birth_date")
        if self.nik_info and birth_date and not self.nik_info.matches_birth_date(birth_date):
            self.add_error("birth_date", _(
                "Tanggal lahir tidak sama dengan yang tercatat di NIK (angka ke-7 sampai ke-12). "
                "Periksa kembali NIK dan tanggal lahir Anda."))
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        elif password1:
            candidate = User(username=cleaned.get("nik", ""),
                             full_name=cleaned.get("full_name", ""),
                             email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class ConfirmCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode konfirmasi"), max_length=6, min_length=6,
        help_text=_("6 angka yang kami kirim kepada Anda."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                      "class": "code-input", "pattern": "[0-9]{6}"}),
        error_messages={"required": _("Tulis 6 angka kode konfirmasi."),
                        "min_length": _("Kode konfirmasi terdiri dari 6 angka."),
                        "max_length": _("Kode konfirmasi terdiri dari 6 angka.")},
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("Kode konfirmasi hanya berisi angka."))
        return code


class LoginForm(AuthenticationForm):
    """Sign in with a NIK, email, phone number or username. The error never says which part
    was wrong, so it does not tell a stranger whether an account exists."""

    username = forms.CharField(
        label=_("NIK, email, nomor HP, atau nama pengguna"), max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
        error_messages={"required": _("Isi NIK, email, nomor HP, atau nama pengguna.")},
    )
    password = forms.CharField(
        label=_("Kata sandi"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Isi kata sandi.")},
    )
    error_messages = {
        "invalid_login": _("Data masuk atau kata sandi salah. Periksa kembali, atau pulihkan "
                           "kata sandi bila lupa."),
        "inactive": _("Data masuk atau kata sandi salah. Periksa kembali, atau pulihkan "
                      "kata sandi bila lupa."),
    }


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the email sent through the outbox (and so in the ledger)."""

    email = forms.EmailField(
        label=_("Email"), max_length=254,
        help_text=_("Email yang Anda daftarkan. Bila terdaftar, kami kirim tautan untuk membuat "
                    "kata sandi baru."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("Isi alamat email Anda."),
                        "invalid": _("Tulis alamat email yang benar, misalnya nama@contoh.id.")},
    )

    def send_mail(self, subject_template_name: str, email_template_name: str,
                  context: dict[str, Any], from_email: str | None, to_email: str,
                  html_email_template_name: str | None = None) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        actions.send_password_reset(user=context["user"], subject=subject, body=body)


class SetPasswordByResetForm(SetPasswordForm):
    def save(self, commit: bool = True) -> User:
        return actions.change_password(user=self.user, password=self.cleaned_data["new_password1"],
                                       actor=self.user, reason="reset")


class ChangePasswordForm(PasswordChangeForm):
    def save(self, commit: bool = True) -> User:
        return actions.change_password(user=self.user, password=self.cleaned_data["new_password1"],
                                       actor=self.user, reason="ubah")


class ContactDetailsForm(PhoneEmailMixin, RegionPickerMixin):
    address = forms.CharField(
        label=_("Alamat"), required=False, max_length=300,
        help_text=_("Jalan, nomor rumah, RT/RW, dusun."),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )

    field_order = ["phone", "email", "address", "kecamatan", "desa"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["phone"].help_text = _("Nomor HP Indonesia, misalnya 081234567890.")

    def clean_email(self) -> str:
        email = self.cleaned_data.get("email", "").strip()
        if email and email_in_use(email, exclude_user=self.user):
            raise forms.ValidationError(actions.EmailAlreadyUsed.message)
        return email


class AuthenticatorCodeForm(forms.Form):
    """The 6-digit code of an authenticator app (two-factor enrolment)."""

    code = forms.CharField(
        label=_("Kode dari aplikasi autentikator"), max_length=6, min_length=6,
        help_text=_("6 angka yang tampil di aplikasi, berganti setiap 30 detik."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                      "class": "code-input", "pattern": "[0-9]{6}"}),
        error_messages={"required": _("Tulis 6 angka dari aplikasi autentikator."),
                        "min_length": _("Kode terdiri dari 6 angka."),
                        "max_length": _("Kode terdiri dari 6 angka.")},
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("Kode hanya berisi angka."))
        return code


class TwoFactorCodeForm(forms.Form):
    """An authenticator code, or one of the officer's recovery codes."""

    code = forms.CharField(
        label=_("Kode verifikasi"), max_length=20,
        help_text=_("6 angka dari aplikasi autentikator, atau satu kode pemulihan."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "class": "code-input",
                                      "autocapitalize": "off", "spellcheck": "false"}),
        error_messages={"required": _("Tulis kode dari aplikasi autentikator atau kode "
                                      "pemulihan."),
                        "max_length": _("Kode terlalu panjang.")},
    )
