"""Input of the public-information pages: parsing and validation only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from balai.accounts.models import Office
from balai.information.files import CheckedFile, check_file
from balai.information.models import Category, InformationRequest, Objection

MAX_FILES = 5


class CatalogueFilter(forms.Form):
    q = forms.CharField(label=_("Kata kunci"), required=False, max_length=100)
    kategori = forms.ChoiceField(label=_("Kategori"), required=False,
                                 choices=[("", _("Semua kategori")), *Category.choices])
    kantor = forms.ModelChoiceField(label=_("Kantor"), required=False, to_field_name="code",
                                    queryset=Office.objects.filter(is_active=True),
                                    empty_label=_("Semua kantor"))


class RequestForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Kantor (badan publik) yang dimintai informasi"),
                                    to_field_name="code",
                                    queryset=Office.objects.filter(is_active=True),
                                    error_messages={"required": _("Pilih kantor.")})
    information = forms.CharField(
        label=_("Informasi yang diminta"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Sebutkan informasi yang Anda minta.")})
    purpose = forms.CharField(
        label=_("Tujuan penggunaan informasi"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Sebutkan tujuan penggunaan informasi (wajib menurut UU "
                                      "14/2008 Pasal 22).")})
    format = forms.ChoiceField(label=_("Bentuk informasi"),
                               choices=InformationRequest.Format.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": _("Pilih bentuk informasi.")})
    delivery = forms.ChoiceField(label=_("Cara memperoleh"),
                                 choices=InformationRequest.Delivery.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": _("Pilih cara memperoleh.")})
    name = forms.CharField(label=_("Nama lengkap"), required=False, max_length=120)
    nik = forms.RegexField(label=_("NIK"), required=False, regex=r"^\d{16}$",
                           error_messages={"invalid": _("NIK terdiri atas 16 angka.")})
    address = forms.CharField(label=_("Alamat"), required=False, max_length=300)
    phone = forms.RegexField(label=_("Nomor HP"), required=False, regex=r"^\+?\d{9,15}$",
                             error_messages={"invalid": _("Nomor HP 9-15 angka.")})
    email = forms.EmailField(label=_("Surel"), required=False,
                             error_messages={"invalid": _("Alamat surel tidak sah.")})

    def __init__(self, *args: Any, anonymous: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.anonymous = anonymous
        if not anonymous:
            for name in ("name", "nik", "address", "phone", "email"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.anonymous:
            # UU 14/2008 Pasal 22(2): the request states the requester's name and address.
            for name, message in (("name", _("Nama wajib diisi.")),
                                  ("nik", _("NIK wajib diisi sebagai identitas pemohon.")),
                                  ("address", _("Alamat wajib diisi."))):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
            if not data.get("phone") and not data.get("email") and "phone" not in self.errors:
                self.add_error("phone", _("Isi nomor HP atau surel agar kami dapat menghubungi "
                                          "Anda."))
        return data


class LookupForm(forms.Form):
    number = forms.CharField(label=_("Nomor permohonan"), max_length=24)
    code = forms.CharField(label=_("Kode akses"), max_length=40)


class ExtendForm(forms.Form):
    reason = forms.CharField(label=_("Alasan perpanjangan (dikirim ke pemohon)"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Tuliskan alasan perpanjangan.")})
    version = forms.IntegerField(widget=forms.HiddenInput)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by `CheckedFilesForm`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [] if not data else [super().clean(data, initial)]


class CheckedFilesForm(forms.Form):
    """A form with a `files` field whose uploads are checked by content; the checked files
    are in `self.checked` for the action."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checked: list[tuple[Any, CheckedFile]] = []

    def clean_files(self) -> Any:
        files = [f for f in self.cleaned_data.get("files") or [] if f]
        if len(files) > MAX_FILES:
            raise ValidationError(_("Paling banyak %(n)d berkas.") % {"n": MAX_FILES})
        self.checked = [(f, check_file(f, name=f.name, size=f.size)) for f in files]
        return files


class AnswerForm(CheckedFilesForm):
    outcome = forms.ChoiceField(label=_("Hasil"), choices=InformationRequest.Outcome.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": _("Pilih hasil jawaban.")})
    answer = forms.CharField(label=_("Jawaban kepada pemohon"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages={"required": _("Tuliskan jawaban.")})
    refusal_basis = forms.CharField(label=_("Dasar hukum penolakan (bila ditolak atau sebagian)"),
                                    required=False, max_length=500)
    files = MultipleFileField(label=_("Berkas informasi (PDF, JPG, PNG, CSV; paling besar "
                                      "10 MB)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("outcome") in (InformationRequest.Outcome.REFUSED,
                                    InformationRequest.Outcome.PARTLY)
                and not data.get("refusal_basis")):
            self.add_error("refusal_basis", _("Sebutkan dasar hukum penolakan."))
        return data


class PublishForm(CheckedFilesForm):
    office = forms.ModelChoiceField(label=_("Kantor"), queryset=Office.objects.none(),
                                    to_field_name="code")
    title = forms.CharField(label=_("Judul"), max_length=200)
    summary = forms.CharField(label=_("Ringkasan"), max_length=4000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ChoiceField(label=_("Kategori (UU 14/2008)"), choices=Category.choices,
                                 widget=forms.RadioSelect)
    period = forms.CharField(label=_("Periode"), max_length=40, required=False)
    responsible = forms.CharField(label=_("Penanggung jawab"), max_length=120, required=False)
    legal_basis = forms.CharField(label=_("Dasar hukum pengecualian (untuk informasi "
                                          "dikecualikan)"), required=False, max_length=1000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    consequence_test = forms.CharField(label=_("Hasil uji konsekuensi (untuk informasi "
                                               "dikecualikan)"), required=False,
                                       max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label=_("Berkas (PDF, JPG, PNG, CSV; paling besar 10 MB)"),
                              required=False)

    def __init__(self, *args: Any, offices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("category") == Category.DIKECUALIKAN:
            if not data.get("legal_basis"):
                self.add_error("legal_basis", _("Informasi dikecualikan wajib mencantumkan "
                                                "dasar hukumnya."))
            if not data.get("consequence_test"):
                self.add_error("consequence_test", _("Informasi dikecualikan wajib "
                                                     "mencantumkan hasil uji konsekuensi."))
        return data


class ObjectionForm(forms.Form):
    ground = forms.ChoiceField(label=_("Alasan keberatan (UU 14/2008 Pasal 35)"),
                               choices=Objection.Ground.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("Pilih alasan keberatan.")})
    reason = forms.CharField(label=_("Uraian keberatan"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Uraikan keberatan Anda.")})


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Putusan"), choices=Objection.Decision.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": _("Pilih putusan.")})
    note = forms.CharField(label=_("Tanggapan tertulis atasan PPID"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": _("Tuliskan tanggapan.")})
    position = forms.CharField(label=_("Jabatan"), max_length=120, required=False)


class ReactionForm(forms.Form):
    reaction = forms.ChoiceField(label=_("Tanggapan Anda atas putusan"),
                                 choices=Objection.Reaction.choices, widget=forms.RadioSelect,
                                 error_messages={"required": _("Pilih tanggapan Anda.")})


class ReportFilter(forms.Form):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2008, max_value=2100, required=False)
    kantor = forms.ModelChoiceField(label=_("Kantor"), required=False, to_field_name="code",
                                    queryset=Office.objects.filter(is_active=True),
                                    empty_label=_("Semua kantor"))
