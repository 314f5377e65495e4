"""Demo payments: the built-in sandbox bank (keys generated here, never a real bank's).
Idempotent."""

from __future__ import annotations

from typing import Any, TextIO

from django.conf import settings

from balai.payments.actions import register_bank_client
from balai.payments.queries import sandbox_client
from balai.payments.snap import new_key_pair


def load(stdout: TextIO | None = None) -> list[Any]:
    if not settings.BALAI_BANK_SANDBOX or sandbox_client() is not None:
        return []
    private, public = new_key_pair()
    register_bank_client(actor="sistem:demo", code="bank-sandbox", name="Bank SANDBOX",
                         public_key_pem=public, partner_service_id="61120",
                         is_sandbox=True,
                         sandbox_private_key_pem=private)
    if stdout is not None:
        stdout.write("Bank SANDBOX terdaftar: /bank-sandbox/\n")
    return []
