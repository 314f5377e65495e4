"""Create the development PKI: a CA and a certificate for every signing official."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.accounts.models import Role, User
from balai.accounts.queries import get_user_by_username
from balai.documents import pki, queries


def signing_officials() -> list[User]:
    return list(User.objects.filter(office_roles__role=Role.PEJABAT_PENANDATANGAN,
                                    is_active=True).distinct().order_by("username"))


def create_dev_pki(*, usernames: list[str] | None = None) -> list[pki.DevCertificate]:
    """Certificates for the given users, or for every signing official, and the development
    TSA. Idempotent, except that a revoked certificate is replaced by a new one."""
    if not settings.BALAI_DEV_PKI_DIR:
        raise CommandError("Development keys are never created in production mode "
                           "(BALAI_PRODUCTION=true); install PKCS#12 files in "
                           "BALAI_SIGNING_P12_DIR instead (docs/howto/signing.md).")
    directory = Path(settings.BALAI_DEV_PKI_DIR)
    if usernames:
        users = []
        for username in usernames:
            user = get_user_by_username(username)
            if user is None:
                raise CommandError(f"No user {username!r}")
            users.append(user)
    else:
        users = signing_officials()
    ca_cert, _ = pki.ensure_ca(directory)
    pki.ensure_tsa(directory, base_url=settings.BALAI_PUBLIC_URL)
    revoked = frozenset(queries.certificate_revocations(issuer_key_id=pki.key_id(ca_cert)))
    return [pki.ensure_certificate(directory, username=user.username,
                                   full_name=user.full_name or user.username,
                                   base_url=settings.BALAI_PUBLIC_URL, revoked_serials=revoked)
            for user in users]


class Command(BaseCommand):
    help = ("Create a development CA and TSA (NOT FOR PRODUCTION) and a signing certificate for "
            "each pejabat_penandatangan, under BALAI_DEV_PKI_DIR (var/pki/). Idempotent; a "
            "revoked certificate is replaced.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", action="append", dest="usernames",
                            help="Only for this user (repeatable); any user, role or not.")

    def handle(self, *args: Any, **options: Any) -> None:
        results = create_dev_pki(usernames=options["usernames"])
        self.stdout.write(f"CA pengembangan: {Path(settings.BALAI_DEV_PKI_DIR) / 'ca.cert.pem'}")
        for result in results:
            state = "dibuat" if result.created else "sudah ada"
            self.stdout.write(f"  {result.username}: {result.path} ({state})")
        if not results:
            self.stdout.write("  Belum ada pengguna dengan peran pejabat_penandatangan.")
