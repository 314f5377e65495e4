"""Load one year's SPMB tracks and quotas from its file; a file outside the bounds of
Permendikdasmen 3/2025 is refused and nothing changes."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.core.errors import DomainError
from balai.education import actions, rules


class Command(BaseCommand):
    help = "Load the SPMB rules of a year (balai/education/data/spmb-<year>.json)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=2025)
        parser.add_argument("--file", type=Path, help="another file than the year's default")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"] or rules.default_file(options["year"])
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Berkas aturan tidak dapat dibaca: {error}") from error
        try:
            year = actions.load_admission_rules(raw=raw, actor="sistem:load_spmb_rules")
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Aturan SPMB {year.year} dimuat: {year.quotas}")
