"""Re-encrypt every encrypted field and file under the newest data key.

    manage.py rotate_keys [--batch-size 500] [--dry-run]

Procedure (docs/security.md): put the new key FIRST in BALAI_DATA_KEYS ("new:…,old:…"),
restart Balai (new writes use the new key, old values stay readable), run this command, and
remove the old key only after it reports nothing left. The command is resumable: it picks only
values and files still under another key, in batches of one transaction each, so an
interruption loses at most one batch of work and a second run finishes the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.db.models.functions import Cast

from balai.core import crypto
from balai.core.fields import EncryptedDateField, EncryptedTextField
from balai.core.storage import EncryptedStorage

BAR_WIDTH = 30


@dataclass(frozen=True)
class Target:
    model: type[models.Model]
    field: models.Field[Any, Any]

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field.name}"


def encrypted_field_targets() -> list[Target]:
    return [Target(model, field) for model in apps.get_models()
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField | EncryptedDateField)]


def encrypted_file_targets() -> list[Target]:
    return [Target(model, field) for model in apps.get_models()
            for field in model._meta.concrete_fields
            if isinstance(field, models.FileField) and isinstance(field.storage, EncryptedStorage)]


def stale_rows(target: Target, key_id: str) -> models.QuerySet[Any]:
    """Rows whose value is encrypted under another key than `key_id`."""
    name = target.field.attname
    raw = Cast(models.F(name), output_field=models.TextField())
    return (target.model._default_manager.annotate(_raw=raw)
            .exclude(**{f"{name}__isnull": True}).exclude(**{name: ""})
            .exclude(_raw__startswith=f"{key_id}:").order_by("pk"))


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field and stored file under the newest data key."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--dry-run", action="store_true",
                            help="Only count what is still under an older key.")

    def handle(self, *args: Any, batch_size: int, dry_run: bool, **options: Any) -> None:
        key_id = crypto.current_key_id()
        self.stdout.write(f"Current data key: {key_id}")
        fields_done = 0
        for target in encrypted_field_targets():
            fields_done += self._rotate_field(target, key_id, batch_size, dry_run)
        files_done = 0
        for target in encrypted_file_targets():
            files_done += self._rotate_files(target, key_id, batch_size, dry_run)
        verb = "to re-encrypt" if dry_run else "re-encrypted"
        self.stdout.write(self.style.SUCCESS(
            f"{fields_done} values and {files_done} files {verb} under key {key_id}."))
        if not dry_run and (fields_done or files_done):
            from balai.ledger.actions import record_event

            with transaction.atomic():
                record_event(actor="sistem:rotate_keys", action="keamanan.rotasi_kunci",
                             payload={"key_id": key_id, "values": fields_done,
                                      "files": files_done})

    def _progress(self, label: str, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        end = "\n" if done >= total else ""
        self.stdout.write(f"\r{label:<45} [{bar}] {done}/{total}", ending=end)
        self.stdout.flush()

    def _rotate_field(self, target: Target, key_id: str, batch_size: int,
                      dry_run: bool) -> int:
        total = stale_rows(target, key_id).count()
        if not total or dry_run:
            if total:
                self.stdout.write(f"{target.label:<45} {total} to re-encrypt")
            return total
        name = target.field.attname
        done = 0
        last_pk: Any = None
        self._progress(target.label, 0, total)
        while True:
            rows = stale_rows(target, key_id)
            if last_pk is not None:
                rows = rows.filter(pk__gt=last_pk)
            batch = list(rows.values_list("pk", name)[:batch_size])
            if not batch:
                break
            with transaction.atomic():
                manager = target.model._default_manager
                for pk, value in batch:
                    manager.filter(pk=pk).update(**{name: value})
            done += len(batch)
            last_pk = batch[-1][0]
            self._progress(target.label, min(done, total), total)
        if done < total:
            self._progress(target.label, total, total)
        return done

    def _rotate_files(self, target: Target, key_id: str, batch_size: int,
                      dry_run: bool) -> int:
        storage: EncryptedStorage = target.field.storage  # type: ignore[assignment]
        name = target.field.attname
        rows = (target.model._default_manager.exclude(**{name: ""})
                .exclude(**{f"{name}__isnull": True}).order_by("pk"))
        total = rows.count()
        if not total:
            return 0
        done = rotated = 0
        last_pk: Any = None
        while True:
            page = rows.filter(pk__gt=last_pk) if last_pk is not None else rows
            batch = list(page.values_list("pk", name)[:batch_size])
            if not batch:
                break
            for pk, file_name in batch:
                if storage.exists(file_name) and storage.stored_key_id(file_name) != key_id:
                    rotated += 1
                    if not dry_run:
                        new_name = storage.rewrap(file_name)
                        if new_name != file_name:
                            target.model._default_manager.filter(pk=pk).update(
                                **{name: new_name})
                            storage.delete(file_name)
            done += len(batch)
            last_pk = batch[-1][0]
            if not dry_run:
                self._progress(f"{target.label} (files)", done, total)
        if dry_run and rotated:
            self.stdout.write(f"{target.label + ' (files)':<45} {rotated} to re-encrypt")
        return rotated
