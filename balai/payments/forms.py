"""Input of the payment pages: a payment code typed by hand."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.payments.codes import clean_code, is_valid_code


class PaymentCodeForm(forms.Form):
    kode = forms.CharField(label=_("Kode bayar"), max_length=30,
                           help_text=_("17 angka, tertera pada tagihan atau SPPT."))

    def clean_kode(self) -> str:
        code = clean_code(self.cleaned_data["kode"])
        if not is_valid_code(code):
            raise forms.ValidationError(_("Kode bayar tidak sah: periksa kembali 17 angkanya."))
        return code
