"""The region picker: choose a kecamatan, then a desa of it, with or without JavaScript.

Without JavaScript the form carries a "Tampilkan desa" button (name PICK_KECAMATAN). Pressing it
submits the form; the view notices the button (`picker_requested`) and renders the same form
again, unbound, from what the user typed (`initial_from`), with the desa list filtered to the
chosen kecamatan and without error messages. static/js/region-picker.js fetches the desa list
instead and hides the button.

Usage in a form: subclass RegionPickerMixin and forms.Form, and include
templates/regions/picker.html with `form=form`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from balai.regions.models import Region
from balai.regions.queries import get_village, kecamatan_list, villages_of

PICK_KECAMATAN = "_pilih_kecamatan"


def picker_requested(data: QueryDict) -> bool:
    """True when the user pressed "Tampilkan desa" rather than the form's submit button."""
    return PICK_KECAMATAN in data


def initial_from(data: QueryDict, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """What the user typed, as initial values for an unbound form (passwords left out)."""
    return {key: data.get(key) for key in data
            if key not in exclude and not key.startswith("_") and key != "csrfmiddlewaretoken"}


class RegionPickerMixin(forms.Form):
    """Adds `kecamatan` and `desa` fields; `cleaned_data["village"]` is the chosen Region."""

    region_required = False

    kecamatan = forms.ChoiceField(
        label=_("Kecamatan"), required=False,
        error_messages={"invalid_choice": _("Pilih kecamatan dari daftar.")},
    )
    desa = forms.ChoiceField(
        label=_("Desa/kelurahan"), required=False,
        error_messages={"invalid_choice": _("Desa/kelurahan ini tidak termasuk kecamatan yang "
                                            "dipilih. Pilih kecamatan lalu desanya lagi.")},
        help_text=_("Pilih kecamatan dahulu, lalu tekan \u201cTampilkan desa\u201d."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kecamatan_choices = [(k.code, k.name) for k in kecamatan_list().order_by("name")]
        self.fields["kecamatan"].choices = [("", _("— Pilih kecamatan —")), *kecamatan_choices]
        self.fields["kecamatan"].required = self.region_required
        self.fields["desa"].required = self.region_required
        self.fields["kecamatan"].widget.attrs.update({
            "data-region-picker": "kecamatan", "data-desa-target": self.add_prefix("desa")})
        self.fields["desa"].widget.attrs["data-region-picker"] = "desa"
        chosen = self._chosen_kecamatan()
        villages = [(v.code, v.name) for v in villages_of(chosen)] if chosen else []
        self.fields["desa"].choices = [("", _("— Pilih desa/kelurahan —")), *villages]

    def _chosen_kecamatan(self) -> str:
        if self.is_bound:
            return str(self.data.get(self.add_prefix("kecamatan")) or "")
        value = self.initial.get("kecamatan") or self.fields["kecamatan"].initial
        return str(value or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kecamatan_code, desa_code = cleaned.get("kecamatan"), cleaned.get("desa")
        cleaned["village"] = None
        if desa_code:
            village: Region | None = get_village(desa_code)
            if village is None or village.parent_id != kecamatan_code:
                self.add_error("desa", _("Desa/kelurahan ini tidak termasuk kecamatan yang "
                                         "dipilih. Pilih kecamatan lalu desanya lagi."))
            else:
                cleaned["village"] = village
        elif kecamatan_code and "desa" not in self.errors:
            self.add_error("desa", _("Pilih desa/kelurahan di kecamatan ini, lalu kirim lagi."))
        return cleaned

    @classmethod
    def initial_for_village(cls, village: Region | None) -> dict[str, str]:
        if village is None:
            return {}
        return {"kecamatan": village.parent_id or "", "desa": village.code}
