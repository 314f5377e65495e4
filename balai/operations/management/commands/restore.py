from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from balai.operations.archive import ArchiveError
from balai.operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = ("Restore an archive of `manage.py backup` into the configured database and the "
            "default storage. Stop the web servers and workers first.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force", action="store_true",
            help="Overwrite a database that already holds data, and files of the same name.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore_backup(options["archive"], keys=settings.BALAI_BACKUP_KEYS,
                                    force=options["force"])
        except (ArchiveError, BackupError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Dipulihkan: {result.tables} tabel, {result.rows} baris, {result.files} berkas."))
