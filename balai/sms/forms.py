"""Parsing of the gateway's delivery and of the bulk SMS form."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from balai.accounts.queries import normalize_phone
from balai.sms import gsm7, queries

MAX_TEXT = 1600  # ten concatenated SMS: more than any phone sends as one message
MAX_BULK_SEGMENTS = 3


@dataclass(frozen=True)
class Delivery:
    gateway_id: str
    phone: str
    text: str


class MalformedDelivery(ValueError):
    pass


def parse_delivery(body: bytes, content_type: str) -> Delivery:
    """The gateway's JSON (or form-encoded) delivery: {"id", "from", "text"}."""
    data: Any
    if content_type.startswith("application/x-www-form-urlencoded"):
        try:
            data = QueryDict(body.decode("utf-8")).dict()
        except UnicodeDecodeError:
            raise MalformedDelivery("body is not UTF-8") from None
    else:
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise MalformedDelivery("body is not JSON") from None
    if not isinstance(data, dict):
        raise MalformedDelivery("body is not a JSON object")
    gateway_id, phone, text = data.get("id"), data.get("from"), data.get("text")
    if isinstance(gateway_id, int) and not isinstance(gateway_id, bool):
        gateway_id = str(gateway_id)
    if (not isinstance(gateway_id, str) or not 0 < len(gateway_id.strip()) <= 100
            or not gateway_id.isprintable()):
        raise MalformedDelivery("id must be a string of 1 to 100 printable characters")
    if not isinstance(phone, str) or not 8 <= len(normalize_phone(phone)) <= 15:
        raise MalformedDelivery("from must be a phone number")
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        raise MalformedDelivery(f"text must be a string of at most {MAX_TEXT} characters")
    # PostgreSQL text cannot hold NUL; an SMS never contains one.
    return Delivery(gateway_id=gateway_id.strip(), phone=normalize_phone(phone),
                    text=text.replace("\x00", " "))


class BulkSmsForm(forms.Form):
    kecamatan = forms.ChoiceField(label=_("Kecamatan penerima"))
    body = forms.CharField(
        label=_("Isi SMS"), max_length=MAX_BULK_SEGMENTS * gsm7.PART_SEPTETS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("160 karakter GSM-7 adalah satu segmen. Huruf di luar GSM-7 (mis. emoji) "
                    "membuat satu segmen hanya 70 karakter."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].choices = [("", _("Pilih kecamatan"))] + [
            (r.code, r.name) for r in queries.kecamatan_choices()]

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"].strip()
        if gsm7.segments(body) > MAX_BULK_SEGMENTS:
            raise forms.ValidationError(
                _("SMS ini terlalu panjang: paling banyak %(n)s segmen.")
                % {"n": MAX_BULK_SEGMENTS})
        return body


class ConfirmForm(forms.Form):
    recipients = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
