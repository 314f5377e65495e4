"""Run the SPMB selection of a year and level, track by track; `--resume RUN` takes a run that
stopped (a crash, a restart) on from its first unfinished track."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.core.errors import DomainError
from balai.education import actions
from balai.education.models import AdmissionYear, SelectionRun


class Command(BaseCommand):
    help = "Run (or resume) the SPMB selection."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int)
        parser.add_argument("--level", choices=["sd", "smp"])
        parser.add_argument("--seed", help="the tie-break seed, announced with the result")
        parser.add_argument("--resume", type=int, metavar="RUN", help="the run to resume")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["resume"]:
            run = SelectionRun.objects.filter(pk=options["resume"]).first()
            if run is None:
                raise CommandError("Seleksi tidak ditemukan.")
        else:
            if not (options["year"] and options["level"] and options["seed"]):
                raise CommandError("Isi --year, --level dan --seed (atau --resume).")
            year = AdmissionYear.objects.filter(year=options["year"]).first()
            if year is None:
                raise CommandError(f"Aturan SPMB {options['year']} belum dimuat.")
            try:
                run = actions.start_selection(year=year, level=options["level"],
                                              seed=options["seed"], actor="sistem:seleksi")
            except DomainError as error:
                raise CommandError(error.message) from error
            self.stdout.write(f"Seleksi #{run.pk} dimulai.")
        run = actions.continue_selection(run)
        self.stdout.write(f"Seleksi #{run.pk}: {run.get_status_display()}, hasil "
                          f"{run.result_digest}")
