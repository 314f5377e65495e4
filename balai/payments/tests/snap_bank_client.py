"""A partner bank's client for the virtual-account services, written from Bank Indonesia's SNAP
specification (Standar Nasional Open API Pembayaran, "Transfer Kredit > Virtual Account") and
NOT from Balai's code: it imports nothing of balai.payments, so a test that passes through it
shows that a bank following the standard is served, not that Balai agrees with itself.

What it does as the standard says:
- access token B2B: POST .../v1.0/access-token/b2b with X-TIMESTAMP, X-CLIENT-KEY and
  X-SIGNATURE = base64(SHA256withRSA(private key, clientId + "|" + X-TIMESTAMP));
- service calls: X-SIGNATURE = base64(HMAC-SHA512(clientSecret, StringToSign)) with
  StringToSign = HTTPMethod + ":" + EndpointUrl + ":" + AccessToken + ":"
  + Lowercase(HexEncode(SHA-256(minify(RequestBody)))) + ":" + TimeStamp, the headers
  Authorization (Bearer), X-TIMESTAMP, X-SIGNATURE, X-PARTNER-ID, X-EXTERNAL-ID, CHANNEL-ID;
- the body goes on the wire pretty-printed (as many bank gateways send it) while the signature
  is over its minified form;
- virtualAccountNo = partnerServiceId (8 characters, left-padded with spaces) + customerNo.
It talks real HTTP (requests) to a running server.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

WIB = dt.timezone(dt.timedelta(hours=7))


def snap_timestamp(moment: dt.datetime | None = None) -> str:
    """yyyy-MM-ddTHH:mm:ssTZD, as SNAP's X-TIMESTAMP: 2020-12-21T14:56:11+07:00."""
    return (moment or dt.datetime.now(WIB)).astimezone(WIB).strftime("%Y-%m-%dT%H:%M:%S+07:00")


def minify(payload: dict[str, Any]) -> str:
    """The request body without whitespace between tokens, as the bank serializes it."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


def external_id() -> str:
    """X-EXTERNAL-ID: a numeric string unique per day, at most 36 characters."""
    return str(secrets.randbelow(10**30)).zfill(30)


def va_number(partner_service_id: str, customer_no: str) -> dict[str, str]:
    """The three identifying fields of a SNAP virtual account."""
    padded = partner_service_id.rjust(8, " ")
    return {"partnerServiceId": padded, "customerNo": customer_no,
            "virtualAccountNo": padded + customer_no}


def amount(rupiah: int) -> dict[str, str]:
    return {"value": f"{rupiah}.00", "currency": "IDR"}


@dataclass
class Reply:
    status: int
    body: dict[str, Any]
    headers: Any

    @property
    def code(self) -> str:
        return str(self.body.get("responseCode", ""))


@dataclass
class SnapBankClient:
    base_url: str  # e.g. http://127.0.0.1:8081
    client_id: str  # X-CLIENT-KEY
    client_secret: str
    private_key_pem: str
    partner_id: str  # X-PARTNER-ID
    partner_service_id: str  # the biller code the bank gave the regency
    prefix: str = "/bank/v1.0"
    channel_id: str = "95221"
    access_token: str = field(default="", init=False)

    # --- signatures -----------------------------------------------------------------------

    def asymmetric_signature(self, stamp: str) -> str:
        key = serialization.load_pem_private_key(self.private_key_pem.encode(), password=None)
        raw = key.sign(f"{self.client_id}|{stamp}".encode(),  # type: ignore[union-attr,call-arg]
                       padding.PKCS1v15(), hashes.SHA256())  # type: ignore[call-arg]
        return base64.b64encode(raw).decode()

    def symmetric_signature(self, method: str, endpoint: str, minified_body: str,
                            stamp: str, *, secret: str | None = None) -> str:
        body_hash = hashlib.sha256(minified_body.encode()).hexdigest().lower()
        text = f"{method}:{endpoint}:{self.access_token}:{body_hash}:{stamp}"
        raw = hmac.new((secret or self.client_secret).encode(), text.encode(),
                       hashlib.sha512).digest()
        return base64.b64encode(raw).decode()

    # --- transport ------------------------------------------------------------------------

    def _reply(self, response: requests.Response) -> Reply:
        try:
            body = response.json()
        except ValueError:
            body = {"_raw": response.text[:200]}
        return Reply(status=response.status_code, body=body, headers=response.headers)

    def get_token(self) -> Reply:
        stamp = snap_timestamp()
        response = requests.post(
            f"{self.base_url}{self.prefix}/access-token/b2b", timeout=30,
            data=json.dumps({"grantType": "client_credentials", "additionalInfo": {}},
                            indent=2),
            headers={"Content-Type": "application/json", "X-TIMESTAMP": stamp,
                     "X-CLIENT-KEY": self.client_id,
                     "X-SIGNATURE": self.asymmetric_signature(stamp)})
        reply = self._reply(response)
        self.access_token = reply.body.get("accessToken", "") if reply.status == 200 else ""
        return reply

    def call(self, service: str, payload: dict[str, Any] | None = None, *,
             method: str = "POST", raw_body: bytes | None = None, signed_body: str | None = None,
             ext_id: str | None = None, stamp: str | None = None, secret: str | None = None,
             drop: tuple[str, ...] = (), override: dict[str, str] | None = None) -> Reply:
        """One service call. The body is sent pretty-printed (or `raw_body` as it is) and
        signed over its minified form (or over `signed_body`)."""
        if not self.access_token:
            self.get_token()
        endpoint = f"{self.prefix}{service}"
        if raw_body is None:
            payload = payload or {}
            wire = json.dumps(payload, indent=4, ensure_ascii=False).encode()
            signed = minify(payload) if signed_body is None else signed_body
        else:
            wire = raw_body
            signed = raw_body.decode("utf-8", "replace") if signed_body is None else signed_body
        stamp = stamp or snap_timestamp()
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {self.access_token}",
            "X-TIMESTAMP": stamp,
            "X-SIGNATURE": self.symmetric_signature(method, endpoint, signed, stamp,
                                                    secret=secret),
            "X-PARTNER-ID": self.partner_id,
            "X-EXTERNAL-ID": ext_id or external_id(),
            "CHANNEL-ID": self.channel_id,
            **(override or {}),
        }
        for name in drop:
            headers.pop(name, None)
        response = requests.request(method, f"{self.base_url}{endpoint}", data=wire,
                                    headers=headers, timeout=30)
        return self._reply(response)

    # --- the virtual-account services -----------------------------------------------------

    def account(self, customer_no: str) -> dict[str, str]:
        return va_number(self.partner_service_id, customer_no)

    def inquiry(self, customer_no: str, inquiry_request_id: str, **kwargs: Any) -> Reply:
        return self.call("/transfer-va/inquiry", {
            **self.account(customer_no), "channelCode": 6011, "language": "ID",
            "trxDateInit": snap_timestamp(), "inquiryRequestId": inquiry_request_id,
            "additionalInfo": {}}, **kwargs)

    def payment(self, customer_no: str, payment_request_id: str, rupiah: int,
                **kwargs: Any) -> Reply:
        """SNAP: after an inquiry, paymentRequestId is the inquiryRequestId."""
        return self.call("/transfer-va/payment", {
            **self.account(customer_no), "virtualAccountName": "Nasabah",
            "paymentRequestId": payment_request_id, "channelCode": 6011,
            "paidAmount": amount(rupiah), "totalAmount": amount(rupiah),
            "trxDateTime": snap_timestamp(), "referenceNo": "123456789012345",
            "flagAdvise": "N", "additionalInfo": {}}, **kwargs)

    def status(self, customer_no: str, inquiry_request_id: str, **kwargs: Any) -> Reply:
        return self.call("/transfer-va/status", {
            **self.account(customer_no), "inquiryRequestId": inquiry_request_id,
            "paymentRequestId": inquiry_request_id, "additionalInfo": {}}, **kwargs)

    def report(self, start_date: str, **kwargs: Any) -> Reply:
        return self.call("/transfer-va/report", {
            "partnerServiceId": self.partner_service_id.rjust(8, " "),
            "startDate": start_date, "startTime": "00:00", "endDate": start_date,
            "endTime": "23:59", "additionalInfo": {}}, **kwargs)
