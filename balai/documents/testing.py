"""Test helpers for anything that issues documents: a throwaway PKI, offices and officials.

Other apps use them from their conftest.py:
    from balai.documents.testing import dev_pki_fixture  # noqa: F401  (the `dev_pki` fixture)
and give each signing official a certificate with `dev_pki.certify(user)`.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from balai.accounts.models import Office, OfficeRole, Role, User
from balai.documents import pki


@dataclass
class DevPki:
    directory: Path

    @property
    def ca_cert_path(self) -> Path:
        return self.directory / "ca.cert.pem"

    def certify(self, user: User) -> Path:
        """Give `user` a signing certificate from the throwaway CA (a new one if theirs was
        revoked). Its CRL and OCSP addresses are under BALAI_PUBLIC_URL as it is now."""
        from django.conf import settings

        from balai.documents import queries

        revoked = frozenset(queries.certificate_revocations(
            issuer_key_id=pki.key_id(pki.ensure_ca(self.directory)[0])))
        return pki.ensure_certificate(self.directory, username=user.username,
                                      full_name=user.full_name,
                                      base_url=settings.BALAI_PUBLIC_URL,
                                      revoked_serials=revoked).path

    def validation_context(self) -> Any:
        """A pyHanko ValidationContext that trusts only this CA and fetches nothing."""
        from pyhanko.keys import load_cert_from_pemder
        from pyhanko_certvalidator import ValidationContext

        return ValidationContext(trust_roots=[load_cert_from_pemder(str(self.ca_cert_path))],
                                 allow_fetching=False)


@pytest.fixture(name="dev_pki")
def dev_pki_fixture(tmp_path: Path, settings: Any) -> DevPki:
    """A development PKI in tmp_path, used instead of var/pki/ for the test's duration."""
    directory = tmp_path / "pki"
    settings.BALAI_DEV_PKI_DIR = str(directory)
    settings.BALAI_SIGNING_P12_DIR = ""
    pki.ensure_ca(directory)
    return DevPki(directory)


def make_office(code: str = "disdukcapil", **overrides: Any) -> Office:
    defaults: dict[str, Any] = {
        "name": f"Dinas Uji {code.title()}", "short_name": code.title(),
        "kind": Office.Kind.DINAS,
    }
    return Office.objects.create(code=code, **{**defaults, **overrides})


def make_official(username: str, office: Office, *, role: str = Role.PEJABAT_PENANDATANGAN,
                  full_name: str = "Drs. Hendra Gunawan") -> User:
    user = User.objects.create_user(username, "sandi-uji-panjang-1", full_name=full_name)
    OfficeRole.objects.create(user=user, office=office, role=role)
    return user


def tool(name: str, *, package: str = "poppler-utils") -> str:
    """The path of a command-line tool (pdfsig, pdftotext, pdftoppm from poppler-utils;
    certutil from libnss3-tools).

    Skips the test when it is missing, except in CI (CI=true), where it must be installed.
    """
    path = shutil.which(name)
    if path is None:
        reason = f"{name} is not installed (apt-get install {package})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {reason}", pytrace=False)
        pytest.skip(reason)
    return path


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The text of a PDF as poppler's pdftotext reads it."""
    path = tmp_path / "text-source.pdf"
    path.write_bytes(pdf)
    result = subprocess.run([tool("pdftotext"), "-enc", "UTF-8", str(path), "-"],  # noqa: S603
                            capture_output=True, check=True)
    return result.stdout.decode()


def qr_texts_in_pdf(pdf: bytes, *, resolution: int = 150) -> list[str]:
    """The texts of the QR codes on every page of a PDF, page by page, as a phone would read a
    printout: poppler's pdftoppm draws each page at `resolution` dpi and zxing-cpp decodes it."""
    import zxingcpp
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="balai-qr-") as directory:
        source = Path(directory) / "document.pdf"
        source.write_bytes(pdf)
        subprocess.run([tool("pdftoppm"), "-r", str(resolution), "-png",  # noqa: S603
                        str(source), str(Path(directory) / "page")],
                       capture_output=True, check=True)
        texts: list[str] = []
        # page-1.png … page-N.png, zero-padded to the width of N: sorted is page order.
        for image_path in sorted(Path(directory).glob("page-*.png")):
            with Image.open(image_path) as image:
                texts += [barcode.text for barcode in zxingcpp.read_barcodes(
                    image, formats=zxingcpp.BarcodeFormat.QRCode)]
    return texts


def read_pdf(pdf: bytes) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(pdf))
