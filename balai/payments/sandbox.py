"""The built-in sandbox bank: it pays bills through the host-to-host API exactly as a partner
bank does (B2B token, signed requests), so the whole payment path runs in the demo. Available
only when settings.BALAI_BANK_SANDBOX is true (never in production mode)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404

from balai.payments import queries
from balai.payments.bank_client import BankSession, local_transport


def sandbox_session() -> BankSession:
    if not settings.BALAI_BANK_SANDBOX:
        raise Http404
    client = queries.sandbox_client()
    if client is None:
        raise Http404
    return BankSession(partner_id=client.code, client_key=client.client_key,
                       client_secret=client.client_secret,
                       private_key_pem=client.sandbox_private_key_pem,
                       partner_service_id=client.partner_service_id,
                       transport=local_transport)


def inquiry(code: str) -> tuple[int, dict[str, Any]]:
    return sandbox_session().inquiry(code)


def pay(code: str, amount: int) -> tuple[int, dict[str, Any]]:
    return sandbox_session().pay(code, amount)
