"""Demo data for documents: development signing keys for the demo signing officials."""

from __future__ import annotations

from typing import Any, TextIO

from django.conf import settings

from balai.documents.management.commands.create_dev_pki import create_dev_pki


def load(stdout: TextIO) -> list[Any]:
    if not settings.BALAI_DEV_PKI_DIR:
        return []
    created = [c for c in create_dev_pki() if c.created]
    if created:
        stdout.write(f"Sertifikat pengembangan dibuat untuk {len(created)} pejabat "
                     f"penandatangan (var/pki/).\n")
    return []
