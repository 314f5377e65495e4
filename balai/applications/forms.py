"""HTML input for applications: the form generated from a service definition, the uploads per
requirement, officers' action forms, the queue filters, the public status look-up and the
assisted-service forms. Parsing and validation only; the rules live in actions.py."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.accounts.nik import NikError, parse_nik
from balai.accounts.queries import normalize_phone
from balai.applications.uploads import CheckedFile, check_upload
from balai.catalogue.spec import FormField, Requirement, ServiceSpec, WorkflowAction
from balai.regions.queries import get_village, kecamatan_with_villages

NUMBER_PATTERN = re.compile(r"^[A-Z]{2}-\d{4}-\d{6,}$")
PHONE_PATTERN = re.compile(r"^628\d{7,12}$")


def _date_limit(value: str | None) -> dt.date | None:
    if value is None:
        return None
    return timezone.localdate() if value == "today" else dt.date.fromisoformat(value)


def _nik_validator(value: str) -> None:
    try:
        parse_nik(value)
    except NikError as exc:
        raise ValidationError(exc.message, code=exc.code) from None


def _kk_validator(value: str) -> None:
    if not re.fullmatch(r"\d{16}", value):
        raise ValidationError(_("Nomor Kartu Keluarga harus 16 angka, tanpa spasi atau tanda "
                                "baca."), code="kk_format")
    if value[12:] == "0000":
        raise ValidationError(_("Nomor urut Kartu Keluarga (4 angka terakhir) tidak boleh "
                                "0000."), code="kk_serial")


def _phone_validator(value: str) -> None:
    if not PHONE_PATTERN.fullmatch(normalize_phone(value)):
        raise ValidationError(_("Nomor HP harus nomor seluler Indonesia, misalnya "
                                "0812 3456 7890."), code="phone")


class DateLimitField(forms.DateField):
    def __init__(self, *, not_after: str | None, not_before: str | None, **kwargs: Any) -> None:
        self.not_after, self.not_before = not_after, not_before
        kwargs.setdefault("widget", forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
        kwargs.setdefault("error_messages", {
            "invalid": gettext_lazy("Isi tanggal yang benar, misalnya 17-08-2025.")})
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        latest, earliest = _date_limit(self.not_after), _date_limit(self.not_before)
        if latest is not None and value > latest:
            if self.not_after == "today":
                raise ValidationError(_("Tanggal tidak boleh di masa depan."), code="not_after")
            raise ValidationError(_("Tanggal paling lambat %(date)s.")
                                  % {"date": date_format(latest)}, code="not_after")
        if earliest is not None and value < earliest:
            if self.not_before == "today":
                raise ValidationError(_("Tanggal tidak boleh sebelum hari ini."),
                                      code="not_before")
            raise ValidationError(_("Tanggal paling awal %(date)s.")
                                  % {"date": date_format(earliest)}, code="not_before")


def _village_choices() -> list[tuple[str, Any]]:
    choices: list[tuple[str, Any]] = [("", _("— pilih desa/kelurahan —"))]
    for kecamatan in kecamatan_with_villages():
        choices.append((f"Kec. {kecamatan.name}",
                        [(v.code, v.name) for v in kecamatan.villages]))  # type: ignore[attr-defined]
    return choices


def _form_field(spec_field: FormField, language: str) -> forms.Field | None:
    common: dict[str, Any] = {"label": spec_field.label.get(language),
                              "required": spec_field.required,
                              "help_text": spec_field.help.get(language)}
    required_message = _("Isi %(label)s.") % {"label": spec_field.label.get(language)}
    common["error_messages"] = {"required": required_message}
    kind = spec_field.type
    if kind in {"text", "textarea"}:
        limit = spec_field.max_length or (200 if kind == "text" else 2000)
        field: forms.Field = forms.CharField(
            max_length=limit, widget=forms.Textarea if kind == "textarea" else None, **common)
        field.error_messages["max_length"] = _(
            "Paling banyak %(limit)d karakter.") % {"limit": limit}
        return field
    if kind == "number":
        field = forms.DecimalField(
            min_value=None if spec_field.min_value is None else Decimal(str(spec_field.min_value)),
            max_value=None if spec_field.max_value is None else Decimal(str(spec_field.max_value)),
            **common)
        field.error_messages.update({
            "invalid": _("Isi dengan angka."),
            "min_value": _("Angka paling kecil %(limit_value)s."),
            "max_value": _("Angka paling besar %(limit_value)s.")})
        return field
    if kind == "date":
        return DateLimitField(not_after=spec_field.not_after, not_before=spec_field.not_before,
                              **common)
    if kind == "choice":
        choices = [(value, label.get(language)) for value, label in spec_field.choices]
        widget = forms.RadioSelect if len(choices) <= 4 else forms.Select
        if widget is forms.Select:
            choices = [("", _("— pilih —")), *choices]
        field = forms.ChoiceField(choices=choices, widget=widget, **common)
        field.error_messages["invalid_choice"] = _("Pilih salah satu pilihan yang tersedia.")
        return field
    if kind == "nik":
        return forms.CharField(max_length=16, min_length=0, validators=[_nik_validator],
                               widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                             "autocomplete": "off"}), **common)
    if kind == "kk":
        return forms.CharField(max_length=16, validators=[_kk_validator],
                               widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                             "autocomplete": "off"}), **common)
    if kind == "region":
        field = forms.ChoiceField(choices=_village_choices, **common)
        field.error_messages["invalid_choice"] = _("Pilih desa atau kelurahan di %(regency)s.") % {
            "regency": settings.BALAI_REGENCY_NAME}
        return field
    if kind == "email":
        field = forms.EmailField(max_length=254, **common)
        field.error_messages["invalid"] = _("Isi alamat email yang benar, misalnya "
                                            "nama@contoh.id.")
        return field
    if kind == "phone":
        return forms.CharField(max_length=20, validators=[_phone_validator],
                               widget=forms.TextInput(attrs={"type": "tel",
                                                             "autocomplete": "tel"}), **common)
    # "file" fields are uploads: the definition's requirements carry them.
    return None


class ServiceDataForm(forms.Form):
    """Step 1: the definition's fields. Build it with `data_form_for(spec)`."""

    spec: ServiceSpec

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for spec_field in self.spec.fields:
            value = cleaned.get(spec_field.name)
            if spec_field.type == "region" and value and get_village(value) is None:
                self.add_error(spec_field.name, _("Pilih desa atau kelurahan di Kabupaten Kubu "
                                                  "Raya."))
        return cleaned

    def values(self) -> dict[str, Any]:
        """The cleaned values as JSON-ready data."""
        result: dict[str, Any] = {}
        for spec_field in self.spec.fields:
            if spec_field.name not in self.cleaned_data:
                continue
            value = self.cleaned_data[spec_field.name]
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = format(value.normalize(), "f")
            elif spec_field.type == "phone" and value:
                value = normalize_phone(value)
            result[spec_field.name] = value
        return result


def data_form_for(spec: ServiceSpec, *, language: str = "id") -> type[ServiceDataForm]:
    fields: dict[str, Any] = {"spec": spec}
    for spec_field in spec.fields:
        field = _form_field(spec_field, language)
        if field is not None:
            fields[spec_field.name] = field
    return type("ServiceDataForm", (ServiceDataForm,), fields)


class RequirementFileField(forms.FileField):
    def __init__(self, *, requirement: Requirement, **kwargs: Any) -> None:
        self.requirement = requirement
        accept = ",".join({"pdf": ".pdf,application/pdf", "png": ".png,image/png",
                           "jpg": ".jpg,.jpeg,image/jpeg"}[f] for f in requirement.formats)
        super().__init__(widget=forms.ClearableFileInput(attrs={"accept": accept}), **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            checked = check_upload(value, name=value.name or "", size=value.size or 0,
                                   requirement=self.requirement)
            return (value, checked)
        return None


def _file_field(requirement: Requirement, *, required: bool, language: str) -> RequirementFileField:
    formats = ", ".join(f.upper() for f in requirement.formats)
    hint = _("Format %(formats)s, paling besar %(max)s MB.") % {
        "formats": formats, "max": f"{requirement.max_mb:g}"}
    if requirement.description.id:
        hint = f"{requirement.description.get(language)} {hint}"
    return RequirementFileField(
        requirement=requirement, label=requirement.name.get(language), required=required,
        help_text=hint, error_messages={
            "required": _("Unggah %(name)s.") % {"name": requirement.name.get(language)},
            "invalid": _("Berkas tidak terbaca. Pilih berkas lagi."),
            "empty": _("Berkas %(name)s kosong.") % {"name": requirement.name.get(language)},
        })


class UploadsForm(forms.Form):
    """Step 2: one file per requirement. A requirement already uploaded may be left empty."""

    def __init__(self, *args: Any, spec: ServiceSpec, uploaded: set[str],
                 language: str = "id", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        for requirement in spec.requirements:
            self.fields[requirement.code] = _file_field(
                requirement, required=requirement.required and requirement.code not in uploaded,
                language=language)

    def files_to_store(self) -> dict[str, tuple[UploadedFile, CheckedFile]]:
        return {code: value for code, value in self.cleaned_data.items() if value}


class SubmitForm(forms.Form):
    """Step 3: the hidden key that makes a retried submission return the same application."""

    idempotency_key = forms.RegexField(regex=r"^[A-Za-z0-9_-]{16,64}$", widget=forms.HiddenInput,
                                       error_messages={"required": gettext_lazy(
                                           "Formulir kedaluwarsa. Muat ulang halaman.")})
    confirm = forms.BooleanField(
        label=gettext_lazy("Saya menyatakan data dan berkas yang saya ajukan benar."),
        error_messages={"required": gettext_lazy("Centang pernyataan kebenaran data untuk "
                                                 "mengajukan.")})


class ActionForm(forms.Form):
    """One officer or applicant action on one application, with the version it was shown."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(label=gettext_lazy("Catatan"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, spec: ServiceSpec, action: WorkflowAction,
                 correction: bool = False, language: str = "id", **kwargs: Any) -> None:
        kwargs.setdefault("prefix", action.name)
        super().__init__(*args, **kwargs)
        self.action = action
        self.correction = correction
        if action.issues:
            # Signing issues a document under the officer's name: a fresh authenticator code
            # is asked in this very form (balai.accounts.twofactor.verify_signing_code).
            self.fields["signing_code"] = forms.CharField(
                label=_("Kode dari aplikasi autentikator"), max_length=6, min_length=6,
                help_text=_("Menandatangani dokumen meminta kode baru dari aplikasi "
                            "autentikator Anda."),
                widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "code-input",
                                              "autocomplete": "one-time-code",
                                              "pattern": "[0-9]{6}"}),
                error_messages={"required": _("Tulis 6 angka dari aplikasi autentikator untuk "
                                              "menandatangani."),
                                "min_length": _("Kode terdiri dari 6 angka."),
                                "max_length": _("Kode terdiri dari 6 angka.")})
        note = self.fields["note"]
        if action.comment == "required":
            note.required = True
            note.label = _("Alasan")
            note.error_messages["required"] = _(
                "Tuliskan alasan untuk tindakan \"%(action)s\".") % {
                "action": action.label.get(language)}
        elif action.comment == "none":
            note.help_text = _("Opsional.")
        if correction:
            for requirement in spec.requirements:
                self.fields[f"perbaikan_{requirement.code}"] = forms.CharField(
                    label=_("Perbaikan %(name)s") % {"name": requirement.name.get(language)},
                    required=False, max_length=500,
                    help_text=_("Kosongkan bila berkas ini sudah benar."))

    def corrections(self) -> dict[str, str]:
        return {name.removeprefix("perbaikan_"): value
                for name, value in self.cleaned_data.items()
                if name.startswith("perbaikan_") and value}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.correction and not any(v for k, v in cleaned.items()
                                       if k.startswith("perbaikan_")):
            raise ValidationError(_("Sebutkan paling sedikit satu berkas yang perlu diperbaiki "
                                    "dan alasannya."))
        return cleaned


class ResubmitForm(forms.Form):
    """The applicant's corrected files, one per requirement the officer named."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(label=gettext_lazy("Catatan untuk petugas"), required=False,
                           max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, spec: ServiceSpec, codes: list[str], language: str = "id",
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in codes:
            requirement = spec.requirement(code)
            if requirement is not None:
                self.fields[f"berkas_{code}"] = _file_field(requirement, required=True,
                                                            language=language)

    def replacements(self) -> dict[str, tuple[UploadedFile, CheckedFile]]:
        return {name.removeprefix("berkas_"): value for name, value in self.cleaned_data.items()
                if name.startswith("berkas_") and value}


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AssignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    assignee = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Tugaskan kepada"),
                                      empty_label=gettext_lazy("— pilih petugas —"),
                                      error_messages={"required": gettext_lazy(
                                          "Pilih petugas yang akan menangani.")})

    def __init__(self, *args: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = colleagues  # type: ignore[attr-defined]


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    service = forms.ChoiceField(label=gettext_lazy("Layanan"), required=False)
    overdue = forms.BooleanField(label=gettext_lazy("Hanya yang terlambat"), required=False)
    mine = forms.BooleanField(label=gettext_lazy("Hanya yang saya tangani"), required=False)
    closed = forms.BooleanField(label=gettext_lazy("Tampilkan yang sudah selesai"),
                                required=False)

    def __init__(self, *args: Any, states: list[tuple[str, str]],
                 services: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("Semua yang masih diproses")), *states]  # type: ignore[attr-defined]
        self.fields["service"].choices = [("", _("Semua layanan")), *services]  # type: ignore[attr-defined]


class StatusLookupForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("Nomor registrasi"), max_length=20,
        help_text=gettext_lazy("Tertulis di tanda terima, misalnya KR-2026-000123."),
        error_messages={"required": gettext_lazy("Isi nomor registrasi permohonan.")})

    def clean_number(self) -> str:
        number = self.cleaned_data["number"].strip().upper().replace(" ", "")
        if not NUMBER_PATTERN.fullmatch(number):
            raise ValidationError(_("Nomor registrasi berbentuk KR-2026-000123."))
        return number


class NikSearchForm(forms.Form):
    nik = forms.CharField(label=gettext_lazy("NIK warga"), max_length=16,
                          validators=[_nik_validator],
                          widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                        "autocomplete": "off"}),
                          error_messages={"required": gettext_lazy("Isi NIK warga.")})


CONSENT_LABEL = gettext_lazy(
    "Warga menyetujui operator mengajukan permohonan atas namanya dan mengolah data pribadinya "
    "untuk permohonan ini.")


class AssistedStartForm(forms.Form):
    service = forms.ChoiceField(label=gettext_lazy("Layanan"),
                                error_messages={"required": gettext_lazy("Pilih layanan.")})
    consent = forms.BooleanField(label=CONSENT_LABEL, error_messages={
        "required": gettext_lazy("Permohonan dibantu memerlukan persetujuan warga.")})

    def __init__(self, *args: Any, services: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("— pilih layanan —")), *services]  # type: ignore[attr-defined]


class AssistedRegisterForm(AssistedStartForm):
    nik = forms.CharField(label=gettext_lazy("NIK"), max_length=16, validators=[_nik_validator],
                          widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                          error_messages={"required": gettext_lazy("Isi NIK warga.")})
    full_name = forms.CharField(label=gettext_lazy("Nama lengkap sesuai KTP-el"), max_length=150,
                                error_messages={"required": gettext_lazy("Isi nama lengkap.")})
    birth_date = DateLimitField(label=gettext_lazy("Tanggal lahir"), not_after="today",
                                not_before=None, error_messages={
                                    "required": gettext_lazy("Isi tanggal lahir.")})
    phone = forms.CharField(label=gettext_lazy("Nomor HP"), max_length=20, required=False,
                            validators=[_phone_validator],
                            help_text=gettext_lazy("Untuk kabar status lewat SMS. Opsional."))

    field_order = ["nik", "full_name", "birth_date", "phone", "service", "consent"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        nik, birth_date = cleaned.get("nik"), cleaned.get("birth_date")
        if nik and birth_date and not parse_nik(nik).matches_birth_date(birth_date):
            self.add_error("birth_date", _("Tanggal lahir tidak sesuai dengan NIK."))
        return cleaned
