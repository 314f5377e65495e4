"""The Kubu Raya service catalogue as demo data: every YAML definition, published once.
Idempotent: unchanged definitions are left alone (and add nothing to the ledger)."""

from __future__ import annotations

from typing import Any, TextIO

from balai.catalogue.actions import publish_definitions
from balai.catalogue.loader import read_definition_files

DEMO_ACTOR = "sistem:demo"


def load(stdout: TextIO) -> list[Any]:
    published = publish_definitions(sources=read_definition_files(), actor=DEMO_ACTOR)
    created = sum(1 for item in published if item.created)
    stdout.write(f"Katalog layanan: {created} versi baru diterbitkan, "
                 f"{len(published) - created} tidak berubah.\n")
    return []
