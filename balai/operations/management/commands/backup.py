import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from balai.operations.archive import ArchiveError
from balai.operations.backup import BackupError, create_backup, write_metrics_file


class Command(BaseCommand):
    help = ("Write one encrypted archive (BALAI_BACKUP_KEYS) of the database and every file of "
            "the default storage. docs/deployment.md, 'Backups and restore'.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--output", type=Path,
            help="Archive path (default: var/backups/balai-<UTC time>.balai-backup).")
        parser.add_argument(
            "--metrics-file", type=Path,
            help="After success, write the time and size of this backup there in Prometheus' "
                 "text format (for the node exporter's textfile collector).")

    def handle(self, *args: Any, **options: Any) -> None:
        output = options["output"] or (
            Path(settings.VAR_DIR) / "backups"
            / f"balai-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.balai-backup")
        try:
            manifest = create_backup(output, keys=settings.BALAI_BACKUP_KEYS)
        except (ArchiveError, BackupError) as exc:
            raise CommandError(str(exc)) from None
        tables = manifest["database"]["tables"]
        self.stdout.write(self.style.SUCCESS(
            f"Cadangan ditulis: {output} ({manifest['archive_bytes']} byte, "
            f"{manifest['seconds']} detik): {len(tables)} tabel, {sum(tables.values())} baris, "
            f"{manifest['files']['count']} berkas."))
        if options["metrics_file"]:
            write_metrics_file(options["metrics_file"], manifest)
        for name in manifest["files"]["missing"]:
            self.stderr.write(f"Berkas hilang selama pencadangan (dilewati): {name}")
