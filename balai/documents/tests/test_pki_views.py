"""What the development PKI publishes over HTTP: the CA certificate, a signed CRL, an OCSP
responder and an RFC 3161 TSA, each checked as its protocol says, through Django's test client."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
from pathlib import Path
from urllib.parse import quote

import pytest
from asn1crypto import cms, core, tsp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.x509 import ocsp
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID
from django.contrib.auth import get_user_model
from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
from pyhanko.sign.validation.status import TimestampSignatureStatus

from balai.documents import pki
from balai.documents.actions import revoke_signing_certificate
from balai.documents.testing import DevPki

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser("admin.kominfo", "sandi-uji-panjang-9")


@pytest.fixture
def ca(dev_pki: DevPki) -> x509.Certificate:
    return x509.load_pem_x509_certificate(dev_pki.ca_cert_path.read_bytes())


def certificate_of(dev_pki: DevPki, username: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate((dev_pki.directory / f"{username}.cert.pem")
                                          .read_bytes())


def post_ocsp(client, cert: x509.Certificate, issuer: x509.Certificate, *, nonce: bytes):
    request = (ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA256())
               .add_extension(x509.OCSPNonce(nonce), critical=False).build())
    response = client.post("/pki/ocsp", request.public_bytes(serialization.Encoding.DER),
                           content_type="application/ocsp-request")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ocsp-response"
    return ocsp.load_der_ocsp_response(response.content)


def assert_signed_by(answer: ocsp.OCSPResponse, ca: x509.Certificate) -> None:
    ca.public_key().verify(answer.signature, answer.tbs_response_bytes, padding.PKCS1v15(),
                           answer.signature_hash_algorithm)


def test_ca_certificate_is_served_as_der(client, ca):
    response = client.get("/pki/ca.crt")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pkix-cert"
    assert x509.load_der_x509_certificate(response.content) == ca


def test_signing_certificate_names_the_crl_ocsp_and_ca_addresses_of_balai(official, dev_pki,
                                                                          settings):
    cert = certificate_of(dev_pki, official.username)

    points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert [name.value for name in points[0].full_name] == [
        f"{settings.BALAI_PUBLIC_URL}/pki/ca.crl"]
    access = cert.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
    assert {(item.access_method, item.access_location.value) for item in access} == {
        (AuthorityInformationAccessOID.OCSP, f"{settings.BALAI_PUBLIC_URL}/pki/ocsp"),
        (AuthorityInformationAccessOID.CA_ISSUERS, f"{settings.BALAI_PUBLIC_URL}/pki/ca.crt"),
    }


def test_crl_is_signed_by_the_ca_and_lists_a_revoked_certificate(client, official, admin,
                                                                 dev_pki, ca):
    response = client.get("/pki/ca.crl")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pkix-crl"
    crl = x509.load_der_x509_crl(response.content)
    assert crl.is_signature_valid(ca.public_key())
    assert crl.issuer == ca.subject
    assert len(crl) == 0
    assert crl.next_update_utc > crl.last_update_utc

    revoke_signing_certificate(official=official, actor=admin, reason="key_compromise")

    crl = x509.load_der_x509_crl(client.get("/pki/ca.crl").content)
    assert crl.is_signature_valid(ca.public_key())
    serial = certificate_of(dev_pki, official.username).serial_number
    entry = crl.get_revoked_certificate_by_serial_number(serial)
    assert entry is not None
    assert entry.extensions.get_extension_for_class(x509.CRLReason).value.reason == (
        x509.ReasonFlags.key_compromise)
    assert len(crl) == 1


def test_ocsp_answers_good_then_revoked_signed_by_the_ca_with_the_nonce(client, official,
                                                                       admin, dev_pki, ca):
    cert = certificate_of(dev_pki, official.username)

    answer = post_ocsp(client, cert, ca, nonce=b"nonce-satu-1234")

    assert answer.response_status == ocsp.OCSPResponseStatus.SUCCESSFUL
    assert answer.certificate_status == ocsp.OCSPCertStatus.GOOD
    assert answer.serial_number == cert.serial_number
    assert answer.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce == (
        b"nonce-satu-1234")
    assert_signed_by(answer, ca)

    revocation = revoke_signing_certificate(official=official, actor=admin,
                                            reason="affiliation_changed")

    answer = post_ocsp(client, cert, ca, nonce=b"nonce-dua-5678")
    assert answer.certificate_status == ocsp.OCSPCertStatus.REVOKED
    assert answer.revocation_reason == x509.ReasonFlags.affiliation_changed
    assert abs(answer.revocation_time_utc - revocation.revoked_at) < dt.timedelta(seconds=1)
    assert_signed_by(answer, ca)


def test_ocsp_answers_requests_sent_by_get(client, official, dev_pki, ca):
    request = ocsp.OCSPRequestBuilder().add_certificate(
        certificate_of(dev_pki, official.username), ca, hashes.SHA256()).build()
    encoded = base64.b64encode(request.public_bytes(serialization.Encoding.DER)).decode()

    response = client.get(f"/pki/ocsp/{quote(encoded, safe='')}")

    assert response.status_code == 200
    answer = ocsp.load_der_ocsp_response(response.content)
    assert answer.certificate_status == ocsp.OCSPCertStatus.GOOD


def test_ocsp_answers_unknown_for_a_certificate_of_another_ca(client, tmp_path: Path, ca):
    other = pki.ensure_certificate(tmp_path / "other", username="orang.lain",
                                   full_name="Orang Lain", base_url="http://lain.invalid")
    other_cert = x509.load_pem_x509_certificate(
        (tmp_path / "other" / "orang.lain.cert.pem").read_bytes())
    other_ca = x509.load_pem_x509_certificate((tmp_path / "other" / "ca.cert.pem").read_bytes())
    assert other.created

    answer = post_ocsp(client, other_cert, other_ca, nonce=b"nonce-tiga-9999")

    assert answer.certificate_status == ocsp.OCSPCertStatus.UNKNOWN
    assert_signed_by(answer, ca)


def test_ocsp_answers_malformed_request_in_its_own_format(client, dev_pki):
    response = client.post("/pki/ocsp", b"bukan permintaan OCSP",
                           content_type="application/ocsp-request")

    assert response.status_code == 200
    answer = ocsp.load_der_ocsp_response(response.content)
    assert answer.response_status == ocsp.OCSPResponseStatus.MALFORMED_REQUEST


class RefusedTimeStampResp(core.Sequence):
    """RFC 3161 TimeStampResp, whose token is absent when the request is refused (asn1crypto's
    tsp.TimeStampResp requires it)."""

    _fields = [("status", tsp.PKIStatusInfo),
               ("time_stamp_token", cms.ContentInfo, {"optional": True})]


def time_stamp_query(digest: bytes, *, algorithm: str = "sha256") -> bytes:
    return tsp.TimeStampReq({
        "version": "v1",
        "message_imprint": {"hash_algorithm": {"algorithm": algorithm},
                            "hashed_message": digest},
        "nonce": 20260817,
        "cert_req": True,
    }).dump()


def test_tsa_grants_a_token_over_the_digest_signed_by_the_tsa_certificate(client, dev_pki):
    digest = hashlib.sha256(b"dokumen yang dicap waktu").digest()

    response = client.post("/pki/tsa", time_stamp_query(digest),
                           content_type="application/timestamp-query")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/timestamp-reply"
    reply = tsp.TimeStampResp.load(response.content)
    assert reply["status"]["status"].native == "granted"
    signed_data = reply["time_stamp_token"]["content"]
    info = signed_data["encap_content_info"]["content"].parsed
    assert info["message_imprint"]["hashed_message"].native == digest
    assert info["nonce"].native == 20260817
    assert abs(info["gen_time"].native - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    status = TimestampSignatureStatus(**asyncio.run(validate_tst_signed_data(
        signed_data, dev_pki.validation_context(), expected_tst_imprint=lambda _: digest)))
    assert status.intact and status.valid and status.trusted
    tsa_cert = status.signing_cert
    assert tsa_cert.subject.native["common_name"].startswith("Balai Development TSA")
    # RFC 3161 section 2.3: the one extended key usage is timeStamping, and it is critical.
    usage = x509.load_der_x509_certificate(tsa_cert.dump()).extensions.get_extension_for_class(
        x509.ExtendedKeyUsage)
    assert usage.critical
    assert list(usage.value) == [ExtendedKeyUsageOID.TIME_STAMPING]


@pytest.mark.parametrize(("body", "content_type", "failure"), [
    (b"bukan permintaan", "application/timestamp-query", "bad_data_format"),
    (time_stamp_query(hashlib.sha256(b"x").digest()), "application/octet-stream",
     "bad_data_format"),
    (time_stamp_query(hashlib.sha1(b"x").digest(), algorithm="sha1"),  # noqa: S324
     "application/timestamp-query", "bad_alg"),
    (time_stamp_query(b"pendek"), "application/timestamp-query", "bad_data_format"),
])
def test_tsa_rejects_a_bad_request_in_its_own_format(client, dev_pki, body, content_type,
                                                     failure):
    response = client.post("/pki/tsa", body, content_type=content_type)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/timestamp-reply"
    reply = RefusedTimeStampResp.load(response.content)
    assert reply["status"]["status"].native == "rejection"
    assert reply["status"]["fail_info"].native == {failure}
    assert reply["time_stamp_token"].native is None


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/pki/ca.crt"), ("get", "/pki/ca.crl"), ("post", "/pki/ocsp"),
    ("get", "/pki/ocsp/AAAA"), ("post", "/pki/tsa"),
])
def test_pki_addresses_are_not_served_in_production_mode(client, settings, method, path):
    settings.BALAI_DEV_PKI_DIR = ""

    assert getattr(client, method)(path).status_code == 404
