"""HTML input of school admission: the registration form (with its documents, checked by
balai.core.uploads), the operator's verification and the public ranking's choice of school."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from balai.accounts.nik import NikError, parse_nik
from balai.core.uploads import MB, CleanFile, UploadRejected, inspect_upload
from balai.education.models import DocumentKind, Level, School, Track
from balai.regions.models import Region

DOCUMENT_FORMATS = ("pdf", "jpg", "png")
DOCUMENT_MAX_MB = 2
# Kubu Raya lies between about 0.5° S and 0.5° N, 109° and 110° E; a wider box still catches a
# swapped latitude and longitude.
LATITUDE_RANGE = (-2.0, 2.0)
LONGITUDE_RANGE = (108.0, 111.0)


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.name} ({obj.parent.name})" if obj.parent_id else obj.name


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: School) -> str:
        return f"{obj.get_level_display()} · {obj.name}"


def new_idempotency_key() -> str:
    return secrets.token_urlsafe(24)


class RegistrationForm(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=16)
    level = forms.ChoiceField(label=_("Jenjang"), choices=Level.choices,
                              widget=forms.RadioSelect)
    track = forms.ChoiceField(
        label=_("Jalur"), choices=Track.choices, widget=forms.RadioSelect,
        help_text=_("Satu anak mendaftar di satu jalur. Jalur prestasi hanya untuk SMP."))
    child_name = forms.CharField(label=_("Nama lengkap anak"), max_length=120)
    child_nik = forms.CharField(label=_("NIK anak"), max_length=20,
                                help_text=_("16 angka, lihat Kartu Keluarga."),
                                widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                              "autocomplete": "off"}))
    child_birth_date = forms.DateField(label=_("Tanggal lahir anak"),
                                       widget=forms.DateInput(attrs={"type": "date"}))
    home_village = VillageChoiceField(label=_("Desa/kelurahan tempat tinggal"),
                                      queryset=Region.objects.none())
    home_latitude = forms.FloatField(
        label=_("Lintang rumah"), min_value=LATITUDE_RANGE[0], max_value=LATITUDE_RANGE[1],
        help_text=_("Contoh -0,0512. Lihat titik rumah di aplikasi peta ponsel."),
        widget=forms.NumberInput(attrs={"step": "any"}))
    home_longitude = forms.FloatField(
        label=_("Bujur rumah"), min_value=LONGITUDE_RANGE[0], max_value=LONGITUDE_RANGE[1],
        help_text=_("Contoh 109,3912."), widget=forms.NumberInput(attrs={"step": "any"}))
    kk_issued_on = forms.DateField(
        label=_("Tanggal terbit Kartu Keluarga"),
        help_text=_("Jalur domisili: paling lambat satu tahun sebelum hari pendaftaran."),
        widget=forms.DateInput(attrs={"type": "date"}))
    school_1 = SchoolChoiceField(label=_("Sekolah pilihan 1"), queryset=School.objects.none())
    school_2 = SchoolChoiceField(label=_("Sekolah pilihan 2"), queryset=School.objects.none(),
                                 required=False)
    school_3 = SchoolChoiceField(label=_("Sekolah pilihan 3"), queryset=School.objects.none(),
                                 required=False)
    transfer_letter_date = forms.DateField(
        label=_("Tanggal surat mutasi orang tua"), required=False,
        help_text=_("Hanya jalur mutasi."), widget=forms.DateInput(attrs={"type": "date"}))
    score = forms.DecimalField(label=_("Nilai prestasi (0–100)"), required=False,
                               min_value=0, max_value=100, decimal_places=2,
                               help_text=_("Hanya jalur prestasi: rata-rata rapor atau nilai "
                                           "lomba yang dikonversi."))
    doc_kk = forms.FileField(label=DocumentKind.KK.label)
    doc_akta = forms.FileField(label=DocumentKind.AKTA.label)
    doc_afirmasi = forms.FileField(label=DocumentKind.AFIRMASI.label, required=False,
                                   help_text=_("Hanya jalur afirmasi."))
    doc_mutasi = forms.FileField(label=DocumentKind.MUTASI.label, required=False,
                                 help_text=_("Hanya jalur mutasi."))
    doc_prestasi = forms.FileField(label=DocumentKind.PRESTASI.label, required=False,
                                   help_text=_("Hanya jalur prestasi."))
    doc_rekomendasi = forms.FileField(
        label=DocumentKind.REKOMENDASI.label, required=False,
        help_text=_("Hanya untuk anak SD berusia 5 tahun 6 bulan sampai di bawah 6 tahun."))

    def __init__(self, *args: Any, max_choices: int = 3, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        villages = (Region.objects.filter(level__in=[Region.Level.DESA, Region.Level.KELURAHAN])
                    .select_related("parent").order_by("parent__name", "name"))
        self.fields["home_village"].queryset = villages  # type: ignore[attr-defined]
        schools = School.objects.order_by("level", "name")
        for n in range(1, 4):
            if n > max_choices:
                del self.fields[f"school_{n}"]
            else:
                self.fields[f"school_{n}"].queryset = schools  # type: ignore[attr-defined]
        self.max_choices = max_choices
        for name in ("doc_kk", "doc_akta", "doc_afirmasi", "doc_mutasi", "doc_prestasi",
                     "doc_rekomendasi"):
            self.fields[name].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"

    def clean_child_nik(self) -> str:
        try:
            return parse_nik(self.cleaned_data["child_nik"]).nik
        except NikError as error:
            raise ValidationError(str(error)) from error

    def _clean_document(self, name: str) -> CleanFile | None:
        upload = self.cleaned_data.get(name)
        if not upload:
            return None
        try:
            return inspect_upload(upload, name=upload.name or name, formats=DOCUMENT_FORMATS,
                                  max_bytes=DOCUMENT_MAX_MB * MB,
                                  label=str(self.fields[name].label))
        except UploadRejected as error:
            raise ValidationError(error.messages[0]) from error

    def clean_doc_kk(self) -> CleanFile | None:
        return self._clean_document("doc_kk")

    def clean_doc_akta(self) -> CleanFile | None:
        return self._clean_document("doc_akta")

    def clean_doc_afirmasi(self) -> CleanFile | None:
        return self._clean_document("doc_afirmasi")

    def clean_doc_mutasi(self) -> CleanFile | None:
        return self._clean_document("doc_mutasi")

    def clean_doc_prestasi(self) -> CleanFile | None:
        return self._clean_document("doc_prestasi")

    def clean_doc_rekomendasi(self) -> CleanFile | None:
        return self._clean_document("doc_rekomendasi")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data is None:
            return {}
        data["schools"] = [data[f"school_{n}"] for n in range(1, self.max_choices + 1)
                           if data.get(f"school_{n}")]
        data["documents"] = {kind: data[f"doc_{kind}"] for kind in DocumentKind.values
                             if data.get(f"doc_{kind}")}
        return data


class VerificationForm(forms.Form):
    decision = forms.ChoiceField(label=_("Keputusan"), widget=forms.RadioSelect, choices=[
        ("terima", _("Data dan dokumen sesuai")), ("tolak", _("Tolak"))])
    note = forms.CharField(label=_("Catatan"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Wajib diisi jika pendaftaran ditolak."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "tolak" and not data.get("note", "").strip():
            self.add_error("note", _("Tulis alasan penolakan."))
        return data
