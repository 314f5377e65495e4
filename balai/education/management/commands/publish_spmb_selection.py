"""Announce a finished SPMB selection run: the masked ranking goes public and re-registration
opens."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.core.errors import DomainError
from balai.education import actions
from balai.education.models import SelectionRun


class Command(BaseCommand):
    help = "Publish an SPMB selection run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("run", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        run = SelectionRun.objects.filter(pk=options["run"]).first()
        if run is None:
            raise CommandError("Seleksi tidak ditemukan.")
        try:
            run = actions.publish_selection(run=run, actor="sistem:seleksi")
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Seleksi #{run.pk} diumumkan; daftar ulang sampai "
                          f"{run.reregistration_deadline:%Y-%m-%d %H:%M}.")
