"""The QR code printed on an issued PDF decodes, from a 150 dpi rendering of the page, to the
document's public verification page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from balai.documents.actions import verification_url
from balai.documents.testing import qr_texts_in_pdf
from balai.documents.tests.helpers import issue, stored_bytes

pytestmark = pytest.mark.django_db


def test_issued_pdf_qr_code_decodes_to_the_verification_url(office, official, citizen,
                                                             settings: Any):
    settings.BALAI_PUBLIC_URL = "https://balai.kuburayakab.go.id"
    document = issue(source=citizen, office=office, signer=official)

    texts = qr_texts_in_pdf(stored_bytes(document))

    assert texts == [verification_url(document.code)]
    url = urlsplit(texts[0])
    assert (url.scheme, url.netloc) == ("https", "balai.kuburayakab.go.id")
    assert url.path == f"/verifikasi/{document.code}/"
