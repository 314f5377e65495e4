"""manage.py load_offices <file>: create a regency's offices from YAML (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.accounts.actions import OfficeRegionMissing, load_offices
from balai.accounts.offices_file import OfficeFileError, read_office_file

ACTOR = "sistem:load_offices"


class Command(BaseCommand):
    help = ("Buat kantor (OPD, kantor kecamatan, kantor desa) dari berkas YAML; kantor yang "
            "sudah ada dibiarkan. Format: balai/accounts/offices_file.py.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="berkas YAML berisi daftar 'offices'")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        try:
            created, unchanged = load_offices(actor=ACTOR, entries=read_office_file(Path(path)))
        except OfficeFileError as error:
            raise CommandError("Berkas kantor ditolak, tidak ada yang dibuat:\n"
                               + "\n".join(f"  - {p}" for p in error.problems)) from error
        except OfficeRegionMissing as error:
            raise CommandError(f"{error.message} ({', '.join(error.details['regions'])})") \
                from error
        self.stdout.write(f"Kantor: {created} baru, {unchanged} sudah ada.")
