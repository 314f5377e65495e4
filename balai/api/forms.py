"""The form on the Token API page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.api.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nama token"), max_length=80,
        help_text=_("Untuk mengenali token ini nanti, misalnya nama aplikasi atau skrip Anda."),
        error_messages={"required": _("Isi nama token."),
                        "max_length": _("Nama token paling panjang 80 karakter.")})
    scopes = forms.ChoiceField(
        label=_("Cakupan"), choices=ApiToken.Scopes.choices, initial=ApiToken.Scopes.READ,
        widget=forms.RadioSelect,
        help_text=_("\"Baca saja\" cukup untuk melihat layanan dan memantau permohonan. "
                    "\"Baca dan tulis\" juga dapat mengajukan permohonan dan mengambil tindakan "
                    "atas nama Anda."),
        error_messages={"required": _("Pilih cakupan token."),
                        "invalid_choice": _("Pilih salah satu cakupan yang tersedia.")})
