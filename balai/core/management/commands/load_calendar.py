from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from balai.core.actions import DEFAULT_NON_WORKING_DAYS, load_non_working_days


class Command(BaseCommand):
    help = "Load cuti bersama and extra holidays (CSV: tanggal,jenis,keterangan,dasar_hukum)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", nargs="?", default=str(DEFAULT_NON_WORKING_DAYS))

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        added = load_non_working_days(path=Path(path))
        self.stdout.write(f"Hari libur tambahan dan cuti bersama: {added} baru.")
