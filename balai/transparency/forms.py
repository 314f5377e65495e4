from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.accounts.models import Office
from balai.transparency.models import SKM_ELEMENTS

SCALE = [(4, _("4 — Sangat baik / sangat sesuai")), (3, _("3 — Baik / sesuai")),
         (2, _("2 — Kurang baik / kurang sesuai")), (1, _("1 — Tidak baik / tidak sesuai"))]


class SurveyForm(forms.Form):
    suggestion = forms.CharField(label=_("Saran dan masukan (boleh dikosongkan)"), required=False,
                                 max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = {}
        for code, label in SKM_ELEMENTS:
            fields[code] = forms.TypedChoiceField(
                label=label, choices=SCALE, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": _("Pilih nilai untuk unsur ini."),
                                "invalid_choice": _("Pilih nilai 1 sampai 4.")})
        fields["suggestion"] = self.fields.pop("suggestion")
        self.fields.update(fields)

    def scores(self) -> dict[str, int]:
        return {code: self.cleaned_data[code] for code, _label in SKM_ELEMENTS}


class DashboardFilter(forms.Form):
    tahun = forms.TypedChoiceField(label=_("Tahun"), coerce=int, required=False)
    kantor = forms.ModelChoiceField(label=_("Kantor"), queryset=Office.objects.none(),
                                    required=False, to_field_name="code",
                                    empty_label=_("Semua kantor"))

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["kantor"].queryset = Office.objects.filter(  # type: ignore[attr-defined]
            is_active=True).order_by("name")
