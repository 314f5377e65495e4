from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.management import CommandError, call_command

from balai.accounts.models import Role
from balai.documents.pki import CA_NAME, DEV_P12_PASSWORD
from balai.documents.testing import make_office, make_official

pytestmark = pytest.mark.django_db


@pytest.fixture
def pki_dir(tmp_path: Path, settings) -> Path:
    settings.BALAI_DEV_PKI_DIR = str(tmp_path / "pki")
    settings.BALAI_SIGNING_P12_DIR = ""
    return tmp_path / "pki"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_create_dev_pki_makes_ca_and_certificate_per_signing_official(pki_dir: Path):
    office = make_office("disdukcapil")
    make_official("pejabat.dukcapil", office, full_name="Drs. Hendra Gunawan")
    make_official("verifikator.dukcapil", office, role=Role.VERIFIKATOR)

    call_command("create_dev_pki", stdout=io.StringIO())

    ca = x509.load_pem_x509_certificate((pki_dir / "ca.cert.pem").read_bytes())
    assert ca.subject.rfc4514_string().endswith(f"CN={CA_NAME}") or CA_NAME in str(ca.subject)
    key, cert, chain = pkcs12.load_key_and_certificates(
        (pki_dir / "pejabat.dukcapil.p12").read_bytes(), DEV_P12_PASSWORD)
    assert key is not None and cert is not None
    assert "Drs. Hendra Gunawan" in cert.subject.rfc4514_string()
    assert cert.issuer == ca.subject
    assert [c.subject for c in chain] == [ca.subject]
    assert not (pki_dir / "verifikator.dukcapil.p12").exists()
    assert _mode(pki_dir) == 0o700
    assert _mode(pki_dir / "ca.key.pem") == 0o600
    assert _mode(pki_dir / "pejabat.dukcapil.p12") == 0o600


def test_create_dev_pki_is_idempotent(pki_dir: Path):
    make_official("pejabat.dukcapil", make_office("disdukcapil"))
    call_command("create_dev_pki", stdout=io.StringIO())
    before = {p: p.read_bytes() for p in pki_dir.rglob("*") if p.is_file()}

    output = io.StringIO()
    call_command("create_dev_pki", stdout=output)

    assert {p: p.read_bytes() for p in pki_dir.rglob("*") if p.is_file()} == before
    assert "sudah ada" in output.getvalue()


def test_create_dev_pki_for_a_named_user(pki_dir: Path, django_user_model):
    django_user_model.objects.create_user("uji.tandatangan", "sandi-uji-panjang-4",
                                          full_name="Penguji")

    call_command("create_dev_pki", "--username", "uji.tandatangan", stdout=io.StringIO())

    assert (pki_dir / "uji.tandatangan.p12").exists()


def test_create_dev_pki_refuses_in_production_mode(settings):
    settings.BALAI_DEV_PKI_DIR = ""

    with pytest.raises(CommandError, match="never created in production mode"):
        call_command("create_dev_pki", stdout=io.StringIO())


def test_demo_load_gives_every_signing_official_a_certificate(pki_dir: Path):
    from balai.documents import demo

    make_official("pejabat.dukcapil", make_office("disdukcapil"))
    output = io.StringIO()

    assert demo.load(output) == []
    assert (pki_dir / "pejabat.dukcapil.p12").exists()
    assert "1 pejabat" in output.getvalue()
