"""Input parsing for the catalogue pages and the definition editor in admin."""

from __future__ import annotations

from typing import Any

import yaml
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from balai.catalogue.actions import ServiceDefinitionError, check_definition
from balai.catalogue.models import ServiceDefinition

MAX_QUERY_LENGTH = 100


class ServiceSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Cari layanan"),
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Contoh: akta kelahiran, KTP hilang, izin usaha, legalisir ijazah."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off",
                                      "enterkeyhint": "search"}),
        error_messages={
            "required": _("Tulis kata pencarian, misalnya “akta kelahiran”."),
            "max_length": _("Kata pencarian terlalu panjang: paling banyak %(limit_value)d "
                            "karakter (sekarang %(show_value)d)."),
        },
    )

    def clean_q(self) -> str:
        query = " ".join(self.cleaned_data["q"].split())
        if not query:
            raise ValidationError(_("Tulis kata pencarian, misalnya “akta kelahiran”."),
                                  code="required")
        return query


def definition_yaml(definition: ServiceDefinition) -> str:
    return yaml.safe_dump(definition.definition, allow_unicode=True, sort_keys=False, width=100)


class ServiceDefinitionForm(forms.ModelForm):
    """A definition as YAML text. Saving publishes a new version (see ServiceDefinitionAdmin):
    a published version is never edited in place."""

    yaml_text = forms.CharField(
        label=_("Definisi (YAML)"),
        widget=forms.Textarea(attrs={"rows": 40, "cols": 100, "spellcheck": "false",
                                     "class": "vLargeTextField"}),
        help_text=_("Skema: docs/howto/services.md. Untuk mengubah layanan, naikkan nilai "
                    "“version”: versi yang sudah terbit tidak pernah diubah, perubahan disimpan "
                    "sebagai versi baru."),
    )

    class Meta:
        model = ServiceDefinition
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["yaml_text"].initial = definition_yaml(self.instance)

    def clean_yaml_text(self) -> Any:
        text = self.cleaned_data["yaml_text"]
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise ValidationError(_("YAML tidak sah: %(error)s"), code="yaml",
                                  params={"error": error}) from error
        try:
            check_definition(data=data)
        except ServiceDefinitionError as error:
            raise ValidationError([ValidationError(problem, code="definition")
                                   for problem in error.problems]) from error
        self.definition_data = data
        return text
