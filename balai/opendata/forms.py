"""Input of the open-data pages: parsing and validation only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.opendata import licences
from balai.opendata.models import Dataset, Topic

MAX_UPLOAD = 10 * 1024 * 1024


class DatasetForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Produsen data"), queryset=Dataset.objects.none(),
                                    to_field_name="code")
    title = forms.CharField(label=_("Judul"), max_length=200)
    slug = forms.SlugField(label=_("Kode (huruf kecil, angka, tanda hubung)"), max_length=80)
    description = forms.CharField(label=_("Uraian"), required=False, max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    period = forms.CharField(label=_("Periode"), required=False, max_length=40)
    licence = forms.ChoiceField(label=_("Lisensi"), choices=licences.choices)
    frequency = forms.ChoiceField(label=_("Frekuensi pembaruan"),
                                  choices=Dataset.Frequency.choices)
    keywords = forms.CharField(label=_("Kata kunci (dipisah koma)"), required=False,
                               max_length=200)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topik"), required=False, queryset=Topic.objects.all(), to_field_name="slug",
        widget=forms.CheckboxSelectMultiple)
    maintainer = forms.CharField(label=_("Pengelola data (kosongkan bila kantor sendiri)"),
                                 required=False, max_length=200)
    maintainer_email = forms.EmailField(label=_("Surel pengelola data"), required=False)
    file = forms.FileField(label=_("Tabel (CSV, UTF-8, baris pertama judul kolom)"))

    def __init__(self, *args: Any, offices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        if not Topic.objects.exists():
            del self.fields["topics"]  # no empty group of checkboxes before topics exist

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Berkas lebih dari 10 MB."))
        return upload.read()


class VersionForm(forms.Form):
    file = forms.FileField(label=_("Tabel versi baru (CSV, UTF-8)"))
    note = forms.CharField(label=_("Catatan perubahan"), required=False, max_length=200)

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Berkas lebih dari 10 MB."))
        return upload.read()
