"""Shared helpers for the accounts tests."""

from __future__ import annotations

import re
from typing import Any

from balai.notifications.models import Message

NIK = "6112015708900003"
GOOD_PASSWORD = "Kapuas-Raya-2026"


def registration_data(**overrides: Any) -> dict[str, str]:
    data = {
        "nik": NIK,
        "full_name": "Siti Aminah",
        "birth_date": "1990-08-17",
        "phone": "0812-3456-7890",
        "email": "siti@contoh.id",
        "address": "Jl. Arteri Supadio No. 12",
        "kecamatan": "61.12.01",
        "desa": "61.12.01.2001",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        "consent_notice": "on",
    }
    data.update(overrides)
    return data


def code_sent_to(user: Any) -> str:
    """The six digits of the newest code in the user's outbox."""
    message = Message.objects.filter(recipient=user).order_by("-created_at", "-pk").first()
    assert message is not None, "no message in the outbox"
    match = re.search(r"\b(\d{6})\b", message.body)
    assert match, message.body
    return match.group(1)
