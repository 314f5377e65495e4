from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class LedgerFilterForm(forms.Form):
    action = forms.CharField(label=_("Tindakan"), required=False, max_length=80,
                             help_text=_("Misalnya permohonan.diajukan, atau awalan permohonan"))
    actor = forms.CharField(label=_("Pelaku (nama pengguna atau ID)"), required=False,
                            max_length=150)
    object_type = forms.CharField(label=_("Jenis objek"), required=False, max_length=100,
                                  help_text=_("Misalnya applications.application"))
    object_id = forms.CharField(label=_("ID objek"), required=False, max_length=64)
    date_from = forms.DateField(label=_("Dari tanggal"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data


class ProofLookupForm(forms.Form):
    hash = forms.RegexField(label=_("Hash entri"), regex=r"^\s*[0-9a-fA-F]{64}\s*$",
                            max_length=80, error_messages={
                                "invalid": _("Hash entri adalah 64 angka heksadesimal.")},
                            help_text=_("64 angka heksadesimal, seperti tertera di jejak "
                                        "buku besar Anda"))

    def clean_hash(self) -> str:
        return self.cleaned_data["hash"].strip().lower()
