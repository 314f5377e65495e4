"""manage.py load_tax_tariffs [path]: load the regency's tariff table (YAML) after checking it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.taxes.actions import load_tariff
from balai.taxes.tariffs import TariffError, default_file


class Command(BaseCommand):
    help = "Load a regency's tax tariff table from YAML (balai/taxes/data/<code>.yaml)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"]) if options["path"] else default_file(
            settings.BALAI_REGENCY_CODE)
        try:
            table = load_tariff(actor="sistem:tarif", path=path)
        except TariffError as exc:
            raise CommandError("\n".join(exc.problems)) from exc
        self.stdout.write(f"Tarif {table.regency_code} mulai {table.valid_from_year} dimuat.")
