"""Input parsing for the portal pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.portal.queries import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Cari layanan atau informasi"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Contoh: KTP, akta kelahiran, jam buka, lupa kata sandi."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off",
                                      "enterkeyhint": "search"}),
        error_messages={
            "max_length": _("Kata pencarian terlalu panjang: paling banyak %(limit_value)d "
                            "karakter (sekarang %(show_value)d)."),
        },
    )
