from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from balai.operations.archive import ArchiveError
from balai.operations.backup import BackupError, restore_drill


class Command(BaseCommand):
    help = ("Rehearse a restore: restore the archive into a scratch database, verify the ledger "
            "there, compare every table's row count with the archive's manifest, and check that "
            "every file decrypts. The configured database and storage are not touched. Exits "
            "non-zero on any difference.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore_drill(options["archive"], keys=settings.BALAI_BACKUP_KEYS)
        except (ArchiveError, BackupError) as exc:
            raise CommandError(str(exc)) from None
        width = max((len(table) for table in report.expected), default=10)
        self.stdout.write(f"{'tabel':<{width}}  {'manifes':>10}  {'dipulihkan':>10}")
        for table in sorted(set(report.expected) | set(report.actual)):
            expected, actual = report.expected.get(table), report.actual.get(table)
            mark = "" if expected == actual else "  <-- BEDA"
            self.stdout.write(f"{table:<{width}}  {_n(expected):>10}  {_n(actual):>10}{mark}")
        self.stdout.write(
            f"Buku besar: {'utuh' if report.ledger_ok else 'RUSAK'} ({report.ledger_checked} "
            f"entri){'' if report.ledger_ok else ': ' + report.ledger_reason}; kepala rantai "
            f"{'cocok' if report.head_matches else 'TIDAK cocok'} dengan manifes.")
        self.stdout.write(f"Berkas: {report.files_found} dari {report.files_expected}; "
                          f"tidak dapat didekripsi: {len(report.unreadable_files)}.")
        if not report.ok:
            raise CommandError(
                f"Latihan pemulihan GAGAL: {len(report.mismatches)} tabel berbeda jumlah "
                f"barisnya, buku besar {'utuh' if report.ledger_ok else 'rusak'}, "
                f"{len(report.unreadable_files)} berkas tidak dapat didekripsi.")
        self.stdout.write(self.style.SUCCESS(
            f"Latihan pemulihan berhasil: {len(report.expected)} tabel dan "
            f"{report.files_found} berkas cocok dengan manifes."))


def _n(value: int | None) -> str:
    return "-" if value is None else str(value)
