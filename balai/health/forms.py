"""HTML input of the health queue: the facility list's filter, a citizen's booking and the
desk's booking of a walk-in or telephone patient."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from balai.health.queries import Availability
from balai.regions.queries import kecamatan_list

BPJS_HELP = _("13 angka pada kartu JKN-KIS, bila berobat dengan BPJS Kesehatan.")


def _clean_bpjs(value: str) -> str:
    digits = re.sub(r"[\s.-]", "", value or "")
    if digits and not re.fullmatch(r"\d{13}", digits):
        raise forms.ValidationError(gettext("Nomor kartu BPJS Kesehatan harus 13 angka."))
    return digits


class FacilityFilterForm(forms.Form):
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].choices = [("", gettext("Semua kecamatan"))] + [  # type: ignore[attr-defined]
            (k.code, k.name) for k in kecamatan_list().order_by("name")]


def _day_choices(days: list[Availability], *, walk_in: bool = False) -> list[tuple[str, str]]:
    choices = []
    for day in days:
        left = day.left_total if walk_in else day.left_to_book
        label = gettext("%(date)s — sisa %(left)d") % {
            "date": day.plan.date.strftime("%d-%m-%Y"), "left": left}
        choices.append((day.plan.date.isoformat(), label))
    return choices


class BookingForm(forms.Form):
    date = forms.ChoiceField(label=_("Tanggal berobat"),
                             error_messages={"required": _("Pilih tanggal berobat."),
                                             "invalid_choice": _("Pilih tanggal yang ada di "
                                                                 "daftar.")})
    bpjs_number = forms.CharField(label=_("Nomor kartu BPJS Kesehatan"), required=False,
                                  max_length=20, help_text=BPJS_HELP,
                                  widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                                "autocomplete": "off"}))

    def __init__(self, *args: Any, days: list[Availability], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = _day_choices(days)  # type: ignore[attr-defined]

    def clean_bpjs_number(self) -> str:
        return _clean_bpjs(self.cleaned_data["bpjs_number"])


class DeskBookingForm(forms.Form):
    KIND_CHOICES = [("datang", _("Datang langsung (hari ini)")),
                    ("telepon", _("Pendaftaran lewat telepon"))]

    kind = forms.ChoiceField(label=_("Cara mendaftar"), choices=KIND_CHOICES,
                             widget=forms.RadioSelect, initial="datang",
                             error_messages={"required": _("Pilih cara mendaftar.")})
    date = forms.ChoiceField(label=_("Tanggal berobat"),
                             error_messages={"required": _("Pilih tanggal berobat."),
                                             "invalid_choice": _("Pilih tanggal yang ada di "
                                                                 "daftar.")})
    patient_name = forms.CharField(label=_("Nama pasien"), max_length=120,
                                   error_messages={"required": _("Isi nama pasien.")})
    phone = forms.CharField(label=_("Nomor HP"), required=False, max_length=20,
                            help_text=_("Untuk SMS pengingat sehari sebelumnya."),
                            widget=forms.TextInput(attrs={"inputmode": "tel"}))
    bpjs_number = forms.CharField(label=_("Nomor kartu BPJS Kesehatan"), required=False,
                                  max_length=20, help_text=BPJS_HELP,
                                  widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                                "autocomplete": "off"}))

    def __init__(self, *args: Any, days: list[Availability], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = _day_choices(days, walk_in=True)  # type: ignore[attr-defined]

    def clean_bpjs_number(self) -> str:
        return _clean_bpjs(self.cleaned_data["bpjs_number"])

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        digits = re.sub(r"\D", "", phone)
        if phone and not (9 <= len(digits) <= 15 and digits.startswith(("0", "62"))):
            raise forms.ValidationError(gettext("Nomor HP tidak dikenali, mis. 081234567890."))
        return phone
