"""HTML input of complaints: the report form, the officers' triage and answer forms, and the
reporter's confirmation and rating. Parsing and validation only; the rules are in actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from balai.accounts.models import Office
from balai.complaints.models import DESCRIPTION_MAX, DESCRIPTION_MIN, ComplaintCategory, Status
from balai.complaints.photos import MAX_PHOTOS, check_photo
from balai.core.uploads import CleanFile
from balai.regions.queries import get_village, kecamatan_list, kecamatan_with_villages


def village_choices() -> list[tuple[str, Any]]:
    choices: list[tuple[str, Any]] = [("", _("— pilih desa/kelurahan —"))]
    for kecamatan in kecamatan_with_villages():
        choices.append((f"Kec. {kecamatan.name}",
                        [(v.code, v.name) for v in kecamatan.villages]))  # type: ignore[attr-defined]
    return choices


def _village_outside_regency() -> str:
    return gettext("Pilih desa atau kelurahan di %(regency)s.") % {
        "regency": settings.BALAI_REGENCY_NAME}


_not_in_regency = lazy(_village_outside_regency, str)

class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS photos, each checked by its content (balai.complaints.photos)."""

    widget = MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png"})

    def clean(self, data: Any, initial: Any = None) -> list[CleanFile]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("Paling banyak %(n)d foto.") % {"n": MAX_PHOTOS},
                                  code="too_many")
        return [check_photo(f, name=f.name) for f in files]


class ComplaintForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Kategori"), queryset=ComplaintCategory.objects.none(), to_field_name="code",
        empty_label=_("— pilih kategori —"),
        error_messages={"required": _("Pilih kategori pengaduan."),
                        "invalid_choice": _("Pilih kategori dari daftar.")})
    description = forms.CharField(
        label=_("Uraian pengaduan"), widget=forms.Textarea(attrs={"rows": 6}),
        min_length=DESCRIPTION_MIN, max_length=DESCRIPTION_MAX,
        help_text=_("Apa masalahnya, sejak kapan, dan di mana tepatnya. %(min)d sampai %(max)d "
                    "karakter.") % {"min": DESCRIPTION_MIN, "max": DESCRIPTION_MAX},
        error_messages={
            "required": _("Tuliskan uraian pengaduan."),
            "min_length": _("Uraian terlalu pendek: tulis paling sedikit %(limit_value)d "
                            "karakter (sekarang %(show_value)d)."),
            "max_length": _("Uraian terlalu panjang: paling banyak %(limit_value)d karakter "
                            "(sekarang %(show_value)d)."),
        })
    village = forms.ChoiceField(label=_("Desa/kelurahan"), choices=(),
                                error_messages={"required": _("Pilih desa atau kelurahan."),
                                                "invalid_choice": _not_in_regency()})
    location_note = forms.CharField(label=_("Keterangan lokasi"), max_length=200,
                                    required=False,
                                    help_text=_("Nama jalan, RT/RW, atau patokan terdekat."))
    latitude = forms.DecimalField(label=_("Lintang (latitude)"), required=False,
                                  min_value=-90, max_value=90, decimal_places=6,
                                  max_digits=9)
    longitude = forms.DecimalField(label=_("Bujur (longitude)"), required=False,
                                   min_value=-180, max_value=180, decimal_places=6,
                                   max_digits=9)
    photos = PhotosField(label=_("Foto"), required=False,
                         help_text=_("Paling banyak %(n)d foto JPG atau PNG, masing-masing "
                                     "paling besar 5 MB.") % {"n": MAX_PHOTOS})
    anonymous = forms.BooleanField(
        label=_("Laporkan secara anonim"), required=False,
        help_text=_("Tidak seorang pun, termasuk petugas, dapat melihat siapa pelapornya."))
    confidential = forms.BooleanField(
        label=_("Rahasiakan laporan"), required=False,
        help_text=_("Laporan tidak tampil di daftar publik; hanya petugas yang menangani "
                    "dapat membacanya."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ComplaintCategory.objects.filter(is_active=True)
        self.fields["village"].choices = village_choices()

    def clean_village(self) -> Any:
        village = get_village(self.cleaned_data["village"])
        if village is None:
            raise ValidationError(_not_in_regency())
        return village

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise ValidationError(_("Isi lintang dan bujur bersama-sama, atau kosongkan "
                                    "keduanya."), code="coordinates")
        return data


class PublicFilterForm(forms.Form):
    kategori = forms.ChoiceField(label=_("Kategori"), required=False, choices=())
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False, choices=())
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Semua status")), *Status.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kategori"].choices = [("", _("Semua kategori"))] + list(
            ComplaintCategory.objects.filter(is_active=True).values_list("code", "name"))
        self.fields["kecamatan"].choices = [("", _("Semua kecamatan"))] + [
            (k.code, k.name) for k in kecamatan_list().order_by("name")]


class VerifyForm(forms.Form):
    note = forms.CharField(label=_("Catatan (opsional)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ForwardForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Teruskan ke kantor"),
                                    queryset=Office.objects.filter(is_active=True),
                                    empty_label=_("— pilih kantor —"),
                                    error_messages={"required": _("Pilih kantor tujuan.")})
    note = forms.CharField(label=_("Alasan"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": _("Tuliskan alasan diteruskan.")})


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Alasan penolakan (tampil untuk publik)"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Tuliskan alasan penolakan.")})


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Nomor pengaduan utama"), max_length=20,
                           help_text=_("Contoh: ADU-2026-000123"),
                           error_messages={"required": _("Isi nomor pengaduan utama.")})
    note = forms.CharField(label=_("Catatan (opsional)"), required=False, max_length=2000)


class RespondForm(forms.Form):
    public_note = forms.CharField(label=_("Tanggapan resmi (tampil untuk publik dan pelapor)"),
                                  required=False, max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    internal_note = forms.CharField(label=_("Catatan internal (hanya petugas)"), required=False,
                                    max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    photos = PhotosField(label=_("Foto bukti tindak lanjut"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("public_note") or "").strip() and not (
                data.get("internal_note") or "").strip():
            raise ValidationError(_("Tuliskan tanggapan resmi atau catatan internal."))
        return data


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Hasil penyelesaian (tampil untuk publik)"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Tuliskan hasil penyelesaiannya.")})


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Mengapa masalahnya belum selesai?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Tuliskan alasannya.")})


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Penilaian penanganan"), coerce=int, widget=forms.RadioSelect,
        choices=[(5, _("5 — sangat baik")), (4, _("4 — baik")), (3, _("3 — cukup")),
                 (2, _("2 — buruk")), (1, _("1 — sangat buruk"))],
        error_messages={"required": _("Pilih nilai 1 sampai 5."),
                        "invalid_choice": _("Pilih nilai 1 sampai 5.")})
    comment = forms.CharField(label=_("Komentar (opsional)"), required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 2}))
