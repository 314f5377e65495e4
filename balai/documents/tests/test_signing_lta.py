"""Signatures are PAdES B-LTA: time-stamped, with their validation data in the document, and
closed by a document time-stamp, so that they validate from the document alone."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pyhanko.keys import load_cert_from_pemder
from pyhanko.sign.validation.ades import ades_lta_validation
from pyhanko.sign.validation.policy_decl import (
    PdfSignatureValidationSpec,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko_certvalidator.authority import CertTrustAnchor
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.policy_decl import REQUIRE_REVINFO, CertRevTrustPolicy
from pyhanko_certvalidator.registry import SimpleTrustManager

from balai.core.errors import DomainError
from balai.documents.models import DocumentCounter, IssuedDocument
from balai.documents.pki import DEV_P12_PASSWORD
from balai.documents.signing import DOCUMENT_TIMESTAMP_FIELD, SIGNATURE_FIELD
from balai.documents.testing import DevPki, read_pdf
from balai.documents.tests.helpers import issue, stored_bytes

pytestmark = pytest.mark.django_db


def offline_lta_validation(pdf: bytes, dev_pki: DevPki) -> Any:
    """ETSI EN 319 102-1 long-term validation by pyHanko with nothing fetched: every
    certificate, CRL and OCSP answer must come from the document itself."""
    signature = read_pdf(pdf).embedded_regular_signatures[0]
    trust = SimpleTrustManager.build(
        trust_roots=[CertTrustAnchor(load_cert_from_pemder(str(dev_pki.ca_cert_path)))])
    spec = PdfSignatureValidationSpec(SignatureValidationSpec(
        cert_validation_policy=CertValidationPolicySpec(
            trust_manager=trust, revinfo_policy=CertRevTrustPolicy(REQUIRE_REVINFO)),
        revinfo_gathering_policy=RevocationInfoGatheringSpec(
            online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY),
    ))
    return asyncio.run(ades_lta_validation(signature, spec))


def test_issued_document_has_signature_timestamp_dss_and_document_timestamp(office, official,
                                                                           citizen):
    document = issue(source=citizen, office=office, signer=official)

    reader = read_pdf(stored_bytes(document))
    [signature] = reader.embedded_regular_signatures
    [document_timestamp] = reader.embedded_timestamp_signatures
    assert signature.field_name == SIGNATURE_FIELD
    unsigned = [attribute["type"].native for attribute in signature.signer_info["unsigned_attrs"]]
    assert "signature_time_stamp_token" in unsigned  # B-T: the signature time-stamp
    assert document_timestamp.field_name == DOCUMENT_TIMESTAMP_FIELD
    assert document_timestamp.sig_object["/SubFilter"] == "/ETSI.RFC3161"
    dss = reader.root["/DSS"]  # B-LT: validation data of the signer's and the TSA's chains
    assert len(dss["/Certs"]) >= 3  # the official, the TSA and the CA
    assert len(dss["/CRLs"]) >= 1
    assert len(dss["/OCSPs"]) >= 2  # the official's and the TSA's certificate


def test_issued_document_passes_long_term_validation_from_its_own_data(office, official,
                                                                      citizen, dev_pki):
    document = issue(source=citizen, office=office, signer=official)

    result = offline_lta_validation(stored_bytes(document), dev_pki)

    assert result.ades_subindic.status.name == "PASSED", result.failure_msg
    assert result.api_status.bottom_line
    assert result.oldest_evidence_record_timestamp is not None  # the document time-stamp
    assert result.signature_timestamp_status is not None


def test_issue_document_in_production_mode_without_a_tsa_is_refused(office, official, citizen,
                                                                    dev_pki, settings):
    # Production mode: keys from BALAI_SIGNING_P12_DIR, no development PKI, no TSA configured.
    settings.BALAI_SIGNING_P12_DIR = str(dev_pki.directory)
    settings.BALAI_SIGNING_P12_PASSWORD = DEV_P12_PASSWORD.decode()
    settings.BALAI_DEV_PKI_DIR = ""
    settings.BALAI_TSA_URL = ""

    with pytest.raises(DomainError) as caught:
        issue(source=citizen, office=office, signer=official)

    assert caught.value.code == "DOCUMENT_TIMESTAMP_NOT_CONFIGURED"
    assert "BALAI_TSA_URL" in caught.value.message
    assert not IssuedDocument.objects.exists()
    assert not DocumentCounter.objects.exists()  # the number went back with the transaction
