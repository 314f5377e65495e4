"""What a validator fetches from the development PKI, over HTTP: the CA certificate, its CRL,
its OCSP responder (RFC 6960) and the development time-stamping authority (RFC 3161).

Only outside production mode (a development CA exists); in production mode every address here
is 404, and validators fetch from the PSrE's and the TSA's own services. Each protocol answers
errors in its own format: an OCSP `malformedRequest`, a TSA `rejection`.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from balai.documents import pki, queries, timestamps

# An OCSP request for one certificate is about 100 bytes; a time-stamp request about 60.
MAX_REQUEST_BYTES = 4096


def _directory() -> tuple[Path, x509.Certificate]:
    if not settings.BALAI_DEV_PKI_DIR:
        raise Http404
    directory = Path(settings.BALAI_DEV_PKI_DIR)
    ca = pki.load_ca_certificate(directory)
    if ca is None:
        raise Http404
    return directory, ca


def _der(content: bytes, content_type: str, *, max_age: int = 0,
         status: int = 200) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type, status=status)
    response["Cache-Control"] = f"public, max-age={max_age}" if max_age else "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "HEAD"])
def ca_certificate(request: HttpRequest) -> HttpResponse:
    """The development CA's certificate (DER, RFC 2585), the caIssuers address of its
    certificates."""
    _, ca = _directory()
    return _der(ca.public_bytes(serialization.Encoding.DER), "application/pkix-cert",
                max_age=3600)


@require_http_methods(["GET", "HEAD"])
def crl(request: HttpRequest) -> HttpResponse:
    """A fresh CRL of the development CA (DER, RFC 5280), listing every revoked certificate."""
    directory, ca = _directory()
    revocations = queries.certificate_revocations(issuer_key_id=pki.key_id(ca))
    return _der(pki.build_crl(directory, revocations.values()), "application/pkix-crl")


def _ocsp_answer(directory: Path, ca: x509.Certificate, request_der: bytes) -> HttpResponse:
    if len(request_der) > MAX_REQUEST_BYTES:
        request_der = b""  # answered as malformed
    revocations = queries.certificate_revocations(issuer_key_id=pki.key_id(ca))
    return _der(pki.ocsp_response(directory, request_der, revocations),
                "application/ocsp-response")


@csrf_exempt
@require_http_methods(["POST"])
def ocsp(request: HttpRequest) -> HttpResponse:
    """The development CA's OCSP responder: an application/ocsp-request in the body."""
    directory, ca = _directory()
    return _ocsp_answer(directory, ca, request.body[:MAX_REQUEST_BYTES + 1])


@require_http_methods(["GET", "HEAD"])
def ocsp_get(request: HttpRequest, encoded: str) -> HttpResponse:
    """The same responder for a request sent by GET (RFC 6960 appendix A.1: base64 in the
    path)."""
    directory, ca = _directory()
    try:
        request_der = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        request_der = b""
    return _ocsp_answer(directory, ca, request_der)


@csrf_exempt
@require_http_methods(["POST"])
def tsa(request: HttpRequest) -> HttpResponse:
    """The development TSA: an application/timestamp-query in, an application/timestamp-reply
    out (RFC 3161 section 3.4)."""
    _directory()
    body = request.body[:MAX_REQUEST_BYTES + 1]
    if request.content_type != "application/timestamp-query":
        body = b""  # answered as a rejection (badDataFormat)
    reply, granted = timestamps.respond(body)
    return _der(reply, "application/timestamp-reply", status=200 if granted else 400)
