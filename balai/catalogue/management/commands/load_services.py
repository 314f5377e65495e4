"""Load the service catalogue from YAML (idempotent: unchanged definitions are left alone)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.catalogue.actions import ServiceDefinitionError, publish_definitions
from balai.catalogue.loader import DefinitionFileError, read_definition_files

ACTOR = "sistem:load_services"


class Command(BaseCommand):
    help = ("Terbitkan definisi layanan dari berkas YAML (bawaan: balai/catalogue/services/). "
            "Versi yang sudah terbit dengan isi sama dilewati.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", help="berkas .yaml atau folder berisi .yaml")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            published = publish_definitions(sources=read_definition_files(options["paths"]),
                                            actor=ACTOR)
        except (DefinitionFileError, ServiceDefinitionError) as error:
            raise CommandError("Definisi layanan ditolak, tidak ada yang diterbitkan:\n"
                               + "\n".join(f"  - {p}" for p in error.problems)) from error
        for item in published:
            definition = item.definition
            state = "diterbitkan" if item.created else "tidak berubah"
            self.stdout.write(f"{item.source}: {definition.service.code} versi "
                              f"{definition.version} {state}")
        created = sum(1 for item in published if item.created)
        self.stdout.write(self.style.SUCCESS(
            f"{created} versi baru diterbitkan, {len(published) - created} tidak berubah."))
