from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from balai.regions.actions import RegionFileError, load_regions

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "61.12.csv"


class Command(BaseCommand):
    help = "Load a regency's Kemendagri regions from a CSV file (kode,nama,tingkat,kode_induk)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", nargs="?", default=str(DEFAULT_FILE),
                            help="CSV file; default: Kabupaten Kubu Raya (61.12)")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        try:
            result = load_regions(path=Path(path))
        except (OSError, RegionFileError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        self.stdout.write(f"Wilayah: {result.created} baru, {result.updated} diperbarui, "
                          f"{result.unchanged} tetap.")
