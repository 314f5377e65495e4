"""Input of the tax pages: a NOP to look up, a monthly return."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.taxes.models import TaxObject
from balai.taxes.nop import InvalidNop, clean_nop, region_of_nop
from balai.taxes.queries import tariff_for_year


class NopLookupForm(forms.Form):
    nop = forms.CharField(label=_("Nomor Objek Pajak (NOP)"), max_length=30,
                          help_text=_("18 angka seperti pada SPPT, boleh dengan titik: "
                                      "61.12.010.001.001.0001.0"))

    def clean_nop(self) -> str:
        nop = clean_nop(self.cleaned_data["nop"])
        try:
            region_of_nop(nop, tariff_for_year(timezone.localdate().year))
        except InvalidNop as exc:
            raise forms.ValidationError(exc.message) from exc
        return nop


class TaxReturnForm(forms.Form):
    period = forms.DateField(label=_("Masa pajak (bulan)"), input_formats=["%Y-%m"],
                             widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                             help_text=_("Bulan yang dilaporkan, misalnya 2026-10."))
    base_amount = forms.IntegerField(label=_("Dasar pengenaan (omzet) dalam rupiah"),
                                     min_value=0, max_value=10**13,
                                     help_text=_("Jumlah pembayaran yang diterima usaha pada "
                                                 "bulan itu, tanpa titik."))

    def clean_period(self) -> dt.date:
        period: dt.date = self.cleaned_data["period"].replace(day=1)
        if period >= timezone.localdate().replace(day=1):
            raise forms.ValidationError(_("Masa pajak harus bulan yang sudah berakhir."))
        return period


class TaxObjectForm(forms.Form):
    nop = forms.CharField(label=_("NOP"), max_length=30)
    taxpayer_name = forms.CharField(label=_("Nama wajib pajak"), max_length=150)
    nik = forms.RegexField(label=_("NIK wajib pajak"), regex=r"^\d{16}$", required=False,
                           help_text=_("16 angka; bila diisi, objek tampil di akun warga."),
                           error_messages={"invalid": _("NIK harus 16 angka.")})
    address = forms.CharField(label=_("Letak objek"), max_length=200)
    land_area = forms.IntegerField(label=_("Luas bumi (m²)"), min_value=1, max_value=10**8)
    building_area = forms.IntegerField(label=_("Luas bangunan (m²)"), min_value=0,
                                       max_value=10**7, initial=0)
    land_njop_per_m2 = forms.IntegerField(label=_("NJOP bumi per m²"), min_value=1,
                                          max_value=10**9)
    building_njop_per_m2 = forms.IntegerField(label=_("NJOP bangunan per m²"), min_value=0,
                                              max_value=10**9, initial=0)
    land_use = forms.ChoiceField(label=_("Penggunaan tanah"), choices=TaxObject.LandUse.choices)

    def clean_nop(self) -> str:
        nop = clean_nop(self.cleaned_data["nop"])
        try:
            region_of_nop(nop, tariff_for_year(timezone.localdate().year))
        except InvalidNop as exc:
            raise forms.ValidationError(exc.message) from exc
        return nop
