"""Forms of the developer portal: input parsing and validation only."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from balai.developers.models import AppKey, WebhookEndpoint

MAX_CALLBACKS = 10
MAX_RATE = 600


class AppForm(forms.Form):
    name = forms.CharField(label=_("Nama aplikasi"), max_length=80,
                           error_messages={"required": _("Isi nama aplikasi.")})
    description = forms.CharField(
        label=_("Deskripsi"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Apa yang dilakukan aplikasi Anda dan data apa yang dipakainya."),
        error_messages={"required": _("Isi deskripsi aplikasi.")})
    contact_email = forms.EmailField(
        label=_("Email kontak"), help_text=_("Ke sini Balai mengirim kabar peninjauan dan "
                                             "peringatan webhook."),
        error_messages={"required": _("Isi email kontak."),
                        "invalid": _("Isi alamat email yang sah.")})
    callback_urls = forms.CharField(
        label=_("Alamat callback"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu alamat per baris, paling banyak 10; harus https."))

    def clean_callback_urls(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["callback_urls"].splitlines()
                 if line.strip()]
        if len(lines) > MAX_CALLBACKS:
            raise ValidationError(_("Paling banyak 10 alamat callback."))
        validate = URLValidator(schemes=["https"])
        for line in lines:
            try:
                validate(line)
            except ValidationError:
                raise ValidationError(_("Alamat \"%(url)s\" bukan alamat https yang sah.")
                                      % {"url": line[:100]}) from None
        return lines


class KeyForm(forms.Form):
    name = forms.CharField(label=_("Nama kunci"), max_length=80,
                           error_messages={"required": _("Isi nama kunci.")})
    kind = forms.ChoiceField(
        label=_("Jenis kunci"), choices=AppKey.Kind.choices, initial=AppKey.Kind.TEST,
        widget=forms.RadioSelect,
        help_text=_("Kunci uji hanya bekerja di sandbox: data buatan, tanpa data warga dan "
                    "tanpa pesan terkirim. Kunci langsung baru dapat dipakai setelah aplikasi "
                    "disetujui pemerintah kabupaten."),
        error_messages={"required": _("Pilih jenis kunci.")})
    scopes = forms.ChoiceField(label=_("Cakupan"), choices=AppKey.Scopes.choices,
                               initial=AppKey.Scopes.READ, widget=forms.RadioSelect,
                               error_messages={"required": _("Pilih cakupan kunci.")})
    rate_per_minute = forms.IntegerField(
        label=_("Batas permintaan per menit"), min_value=1, max_value=MAX_RATE, initial=120,
        help_text=_("Paling banyak 600. Permintaan di atas batas dijawab 429."),
        error_messages={"required": _("Isi batas permintaan per menit."),
                        "invalid": _("Isi bilangan bulat."),
                        "min_value": _("Paling sedikit 1."),
                        "max_value": _("Paling banyak 600.")})


class RotateForm(forms.Form):
    overlap = forms.ChoiceField(
        label=_("Kunci lama tetap berlaku selama"),
        choices=[("1", _("1 jam")), ("24", _("24 jam")), ("168", _("7 hari"))], initial="24",
        error_messages={"required": _("Pilih masa peralihan."),
                        "invalid_choice": _("Pilih salah satu masa peralihan.")})


class EndpointForm(forms.Form):
    url = forms.URLField(
        label=_("Alamat endpoint"), max_length=500, assume_scheme="https",
        help_text=_("https, alamat publik. Endpoint uji juga boleh memakai penerima uji Balai."),
        error_messages={"required": _("Isi alamat endpoint."),
                        "invalid": _("Isi alamat yang sah.")})
    mode = forms.ChoiceField(label=_("Peristiwa dari"), choices=WebhookEndpoint.Mode.choices,
                             initial=WebhookEndpoint.Mode.TEST, widget=forms.RadioSelect,
                             error_messages={"required": _("Pilih mode.")})


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"), choices=[("approve", _("Setujui")), ("reject", _("Tolak"))],
        widget=forms.RadioSelect, error_messages={"required": _("Pilih keputusan.")})
    note = forms.CharField(label=_("Catatan untuk pengembang"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Wajib bila ditolak."))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not str(data.get("note", "")).strip():
            self.add_error("note", _("Tuliskan alasan penolakan."))
        return data
