"""The bank's side of the host-to-host API: signs and sends requests as a partner bank would.
The sandbox bank page, the tests and the benchmarks use it, so every payment they make runs
through the same signature checks as a real bank's.

`transport(path, headers, body) -> (http status, JSON answer)` carries a request: in process
(`local_transport`, the server calling its own view, which works under any server) or a test
client.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.test.client import RequestFactory
from django.urls import resolve
from django.utils import timezone

from balai.payments import snap

Transport = Callable[[str, dict[str, str], bytes], tuple[int, dict[str, Any]]]
PREFIX = "/bank/v1.0"


def local_transport(path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
    """Call the API view in this process, with the same headers and body a bank would send."""
    request: HttpRequest = RequestFactory().post(path, data=body, content_type="application/json",
                                                 headers=headers)
    match = resolve(path)
    response = match.func(request, *match.args, **match.kwargs)
    return response.status_code, json.loads(response.content)


def django_client_transport(client: Any) -> Transport:
    """A transport through Django's test client (full middleware stack)."""

    def send(path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        response = client.post(path, data=body, content_type="application/json",
                               headers=headers)
        return response.status_code, response.json()

    return send


def new_external_id() -> str:
    return f"{secrets.randbelow(10**18):018d}"


@dataclass
class BankSession:
    partner_id: str
    client_key: str
    client_secret: str
    private_key_pem: str
    partner_service_id: str
    transport: Transport = local_transport
    channel_id: str = "95221"
    token: str = field(default="", init=False)

    def get_token(self) -> dict[str, Any]:
        stamp = snap.timestamp()
        body = snap.minified({"grantType": "client_credentials"})
        status, answer = self.transport(f"{PREFIX}/access-token/b2b", {
            "X-TIMESTAMP": stamp, "X-CLIENT-KEY": self.client_key,
            "X-SIGNATURE": snap.sign_token_request(private_key_pem=self.private_key_pem,
                                                   client_key=self.client_key, stamp=stamp),
        }, body)
        self.token = answer.get("accessToken", "") if status == 200 else ""
        return answer

    def send(self, path: str, payload: dict[str, Any], *, external_id: str | None = None,
             stamp: str | None = None, secret: str | None = None) -> tuple[int, dict[str, Any]]:
        if not self.token:
            self.get_token()
        full_path = f"{PREFIX}{path}"
        body = snap.minified(payload)
        stamp = stamp or snap.timestamp()
        signature = snap.sign_transaction(secret=secret or self.client_secret, method="POST",
                                          path=full_path, token=self.token, body=body,
                                          stamp=stamp)
        return self.transport(full_path, {
            "Authorization": f"Bearer {self.token}", "X-TIMESTAMP": stamp,
            "X-SIGNATURE": signature, "X-PARTNER-ID": self.partner_id,
            "X-EXTERNAL-ID": external_id or new_external_id(), "CHANNEL-ID": self.channel_id,
        }, body)

    def account(self, code: str) -> dict[str, str]:
        """partnerServiceId, customerNo and virtualAccountNo of a payment code."""
        return {"partnerServiceId": snap.padded_service_id(self.partner_service_id),
                "customerNo": code,
                "virtualAccountNo": snap.virtual_account_no(self.partner_service_id, code)}

    def inquiry(self, code: str, *, inquiry_id: str | None = None,
                **kwargs: Any) -> tuple[int, dict[str, Any]]:
        return self.send("/transfer-va/inquiry", {
            **self.account(code), "inquiryRequestId": inquiry_id or new_external_id()},
            **kwargs)

    def pay(self, code: str, amount: int, *, request_id: str | None = None,
            paid_at: Any = None, **kwargs: Any) -> tuple[int, dict[str, Any]]:
        return self.send("/transfer-va/payment", {
            **self.account(code), "paymentRequestId": request_id or new_external_id(),
            "paidAmount": snap.money(amount),
            "trxDateTime": snap.timestamp(paid_at or timezone.now())}, **kwargs)

    def status(self, code: str, inquiry_id: str, **kwargs: Any) -> tuple[int, dict[str, Any]]:
        return self.send("/transfer-va/status", {
            **self.account(code), "inquiryRequestId": inquiry_id}, **kwargs)

    def reverse(self, code: str, original_external_id: str,
                **kwargs: Any) -> tuple[int, dict[str, Any]]:
        return self.send("/transfer-va/reversal", {
            **self.account(code), "originalExternalId": original_external_id}, **kwargs)

    def report(self, day: str, **kwargs: Any) -> tuple[int, dict[str, Any]]:
        return self.send("/transfer-va/report", {
            "partnerServiceId": snap.padded_service_id(self.partner_service_id),
            "startDate": day}, **kwargs)
