"""HTML input of access points, outage reports and coverage observations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.access_points.models import (
    AccessPoint,
    Kind,
    Operator,
    OutageReport,
    Signal,
    Source,
    Status,
    Technology,
)
from balai.regions.models import Region
from balai.regions.queries import kecamatan_list, regency_code


def _kecamatan_choices() -> list[tuple[str, str]]:
    return [("", _("Semua kecamatan"))] + [(k.code, k.name)
                                           for k in kecamatan_list().order_by("name")]


class PointFilterForm(forms.Form):
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False, choices=())
    jenis = forms.ChoiceField(label=_("Jenis tempat"), required=False,
                              choices=[("", _("Semua jenis")), *Kind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Semua status")), *Status.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].choices = _kecamatan_choices()


class DesaField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.name} (Kec. {obj.parent.name})"


def _desa_queryset() -> Any:
    return (Region.objects.filter(parent__parent_id=regency_code(),
                                  level__in=[Region.Level.DESA, Region.Level.KELURAHAN])
            .select_related("parent").order_by("parent__name", "name"))


class AccessPointForm(forms.ModelForm):
    desa = DesaField(label=_("Desa/kelurahan"), queryset=Region.objects.none(),
                     empty_label=_("— pilih desa —"),
                     error_messages={"required": _("Pilih desa tempat titik ini berada.")})
    latitude = forms.DecimalField(label=_("Lintang"), min_value=Decimal("-11"),
                                  max_value=Decimal("6"), max_digits=9, decimal_places=6,
                                  help_text=_("Derajat desimal, misalnya -0.123456."))
    longitude = forms.DecimalField(label=_("Bujur"), min_value=Decimal("95"),
                                   max_value=Decimal("141"), max_digits=9, decimal_places=6,
                                   help_text=_("Derajat desimal, misalnya 109.345678."))
    bandwidth_mbps = forms.IntegerField(label=_("Bandwidth (Mbps)"), min_value=1,
                                        max_value=100_000)

    class Meta:
        model = AccessPoint
        fields = ["name", "kind", "desa", "address", "latitude", "longitude", "opening_hours",
                  "bandwidth_mbps", "provider", "status", "last_seen_alive"]
        widgets = {"last_seen_alive": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["desa"].queryset = _desa_queryset()

    def clean_last_seen_alive(self) -> Any:
        value = self.cleaned_data.get("last_seen_alive")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Tanggal tidak boleh di masa depan."))
        return value


class ReportForm(forms.Form):
    problem = forms.ChoiceField(label=_("Masalahnya"), choices=OutageReport.Problem.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": _("Pilih masalahnya.")})
    description = forms.CharField(label=_("Keterangan (opsional)"), required=False,
                                  max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Catatan (opsional)"), required=False, max_length=500)


class CoverageForm(forms.Form):
    desa = DesaField(label=_("Desa/kelurahan"), queryset=Region.objects.none(),
                     empty_label=_("— pilih desa —"),
                     error_messages={"required": _("Pilih desa.")})
    dusun = forms.CharField(label=_("Dusun (opsional)"), required=False, max_length=100)
    operator = forms.ModelChoiceField(label=_("Operator"), queryset=Operator.objects.none(),
                                      empty_label=_("— pilih operator —"),
                                      error_messages={"required": _("Pilih operator.")})
    technology = forms.ChoiceField(label=_("Teknologi"), choices=Technology.choices)
    signal = forms.ChoiceField(label=_("Sinyal"), choices=Signal.choices)
    source = forms.ChoiceField(label=_("Sumber"), choices=Source.choices)
    source_note = forms.CharField(label=_("Keterangan sumber"), required=False, max_length=150,
                                  help_text=_("Misalnya: BPS Podes 2024."))
    observed_on = forms.DateField(label=_("Tanggal pengamatan"),
                                  widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["desa"].queryset = _desa_queryset()
        self.fields["operator"].queryset = Operator.objects.filter(is_active=True)

    def clean_observed_on(self) -> Any:
        value = self.cleaned_data["observed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Tanggal tidak boleh di masa depan."))
        return value


class DesaProfileForm(forms.Form):
    population = forms.IntegerField(label=_("Jumlah penduduk"), required=False, min_value=0,
                                    max_value=1_000_000)
    population_source = forms.CharField(label=_("Sumber data penduduk"), required=False,
                                        max_length=100,
                                        help_text=_("Misalnya: Disdukcapil, semester II 2026."))
    latitude = forms.DecimalField(label=_("Lintang pusat desa"), required=False,
                                  min_value=Decimal("-11"), max_value=Decimal("6"),
                                  max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(label=_("Bujur pusat desa"), required=False,
                                   min_value=Decimal("95"), max_value=Decimal("141"),
                                   max_digits=9, decimal_places=6)
    bakti_tower_planned = forms.BooleanField(label=_("BTS BAKTI direncanakan di desa ini"),
                                             required=False)
    bakti_plan_year = forms.IntegerField(label=_("Tahun rencana BAKTI"), required=False,
                                         min_value=2020, max_value=2045)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error(None, _("Isi lintang dan bujur bersama-sama, atau kosongkan "
                                   "keduanya."))
        if data.get("bakti_plan_year") and not data.get("bakti_tower_planned"):
            self.add_error("bakti_plan_year", _("Tahun hanya diisi bila BTS BAKTI "
                                                "direncanakan."))
        return data
