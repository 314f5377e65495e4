"""Every change of the innovation catalogue: an office's officers describe an innovation, edit
it, move it to its next stage (one history row per step) and add evidence; each change is
recorded in the ledger and publishes the catalogue's open dataset anew."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import Office, User
from balai.core.errors import DomainError, PermissionDeniedError
from balai.core.uploads import CleanFile
from balai.innovation import queries
from balai.innovation.models import STAGE_ORDER, Evidence, Innovation, Stage, StageChange
from balai.ledger.actions import record_event

FIELDS = ("name", "summary", "problem", "form", "category", "started_on")
DATASET = "katalog-inovasi-daerah"


class InnovationError(DomainError):
    code = "INNOVATION_ERROR"


def _require_officer(actor: Any, office_id: int) -> None:
    # The system (demo, commands) passes a label; a person must be an officer of the office.
    if isinstance(actor, User) and not queries.is_officer_of(actor, office_id):
        raise PermissionDeniedError()


def _payload(innovation: Innovation) -> dict[str, Any]:
    data = {f: str(getattr(innovation, f)) for f in FIELDS}
    data.update(office=innovation.office.code, stage=innovation.stage)
    return data


def _store_evidence(innovation: Innovation, files: Iterable[tuple[str, CleanFile]],
                    actor: Any) -> list[Evidence]:
    stored = []
    for title, clean in files:
        item = Evidence(innovation=innovation, title=title, content_type=clean.content_type,
                        size=clean.size, sha256=clean.sha256,
                        uploaded_by=actor if isinstance(actor, User) else None)
        item.file.save(f"{secrets.token_hex(16)}.{clean.format}", ContentFile(clean.content),
                       save=False)
        item.save()
        stored.append(item)
    return stored


class _FilesOnFailure:
    """Delete the files stored by a change whose transaction fails, so that a failed change
    leaves no file behind in the storage either."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def __enter__(self) -> _FilesOnFailure:
        return self

    def __exit__(self, kind: Any, *_exc: Any) -> None:
        if kind is not None:
            from django.core.files.storage import default_storage

            for name in self.names:
                default_storage.delete(name)


def create_innovation(*, actor: Any, office: Office, is_demo: bool = False,
                      evidence: Iterable[tuple[str, CleanFile]] = (), publish: bool = True,
                      **fields: Any) -> Innovation:
    """A new innovation starts at `inisiatif`, with the first row of its stage history."""
    with _FilesOnFailure() as files, transaction.atomic():
        return _create(actor=actor, office=office, is_demo=is_demo, evidence=evidence,
                       publish=publish, files=files, fields=fields)


def _create(*, actor: Any, office: Office, is_demo: bool,
            evidence: Iterable[tuple[str, CleanFile]],
            publish: bool, files: _FilesOnFailure, fields: dict[str, Any]) -> Innovation:
    _require_officer(actor, office.pk)
    innovation = Innovation.objects.create(
        office=office, is_demo=is_demo, stage=Stage.INISIATIF,
        **{k: v for k, v in fields.items() if k in FIELDS})
    StageChange.objects.create(innovation=innovation, to_stage=Stage.INISIATIF,
                               changed_on=innovation.started_on,
                               changed_by=actor if isinstance(actor, User) else None)
    stored = _store_evidence(innovation, evidence, actor)
    files.names += [item.file.name for item in stored]
    record_event(actor=actor, action="inovasi.dibuat", obj=innovation,
                 payload={**_payload(innovation), "evidence": [e.sha256 for e in stored]})
    if publish:
        publish_catalogue(actor=actor)
    return innovation


@transaction.atomic
def update_innovation(*, actor: Any, innovation: Innovation, **fields: Any) -> Innovation:
    """Edit the description; the office and the stage change only through their own rules."""
    _require_officer(actor, innovation.office_id)
    locked = Innovation.objects.select_for_update().select_related("office").get(
        pk=innovation.pk)
    for name, value in fields.items():
        if name in FIELDS:
            setattr(locked, name, value)
    steps = StageChange.objects.filter(innovation=locked).exclude(from_stage="")
    first_step = steps.order_by("changed_on").values_list("changed_on", flat=True).first()
    if first_step is not None and locked.started_on > first_step:
        raise InnovationError(_("Tanggal mulai tidak boleh sesudah perubahan tahap pertama "
                                "(%(day)s).") % {"day": first_step.strftime("%d-%m-%Y")},
                              code="INNOVATION_START_AFTER_STAGE")
    locked.save()
    # The first row of the history is the start: it follows a corrected start date (the
    # correction itself is in the ledger).
    StageChange.objects.filter(innovation=locked, from_stage="").update(
        changed_on=locked.started_on)
    record_event(actor=actor, action="inovasi.diubah", obj=locked, payload=_payload(locked))
    publish_catalogue(actor=actor)
    return locked


def next_stage(stage: str) -> str | None:
    index = STAGE_ORDER.index(Stage(stage))
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


@transaction.atomic
def advance_stage(*, actor: Any, innovation: Innovation, changed_on: dt.date | None = None,
                  note: str = "", publish: bool = True) -> Innovation:
    """Move the innovation to the next IID stage (inisiatif → uji coba → penerapan); stages
    never go back and are never skipped."""
    _require_officer(actor, innovation.office_id)
    locked = Innovation.objects.select_for_update().select_related("office").get(
        pk=innovation.pk)
    target = next_stage(locked.stage)
    if target is None:
        raise InnovationError(_("Inovasi ini sudah pada tahap penerapan, tahap terakhir."),
                              code="INNOVATION_FINAL_STAGE")
    changed_on = changed_on or timezone.localdate()
    if changed_on < locked.started_on:
        raise InnovationError(_("Tanggal perubahan tahap tidak boleh sebelum tanggal mulai "
                                "inovasi."), code="INNOVATION_DATE_BEFORE_START")
    change = StageChange.objects.create(
        innovation=locked, from_stage=locked.stage, to_stage=target, changed_on=changed_on,
        note=note.strip(), changed_by=actor if isinstance(actor, User) else None)
    locked.stage = target
    locked.save(update_fields=["stage", "updated_at"])
    record_event(actor=actor, action="inovasi.tahap_maju", obj=locked,
                 payload={"from": change.from_stage, "to": target,
                          "on": changed_on.isoformat(), "note": change.note})
    if publish:
        publish_catalogue(actor=actor)
    return locked


def add_evidence(*, actor: Any, innovation: Innovation, title: str,
                 clean: CleanFile) -> Evidence:
    with _FilesOnFailure() as files, transaction.atomic():
        _require_officer(actor, innovation.office_id)
        [item] = _store_evidence(innovation, [(title.strip(), clean)], actor)
        files.names.append(item.file.name)
        return _evidence_added(actor, innovation, item)


def _evidence_added(actor: Any, innovation: Innovation, item: Evidence) -> Evidence:
    record_event(actor=actor, action="inovasi.bukti_ditambah", obj=innovation,
                 payload={"evidence": item.pk, "sha256": item.sha256, "title": item.title})
    publish_catalogue(actor=actor)
    return item


# --- open data ------------------------------------------------------------------------------

TITLE = "Katalog inovasi daerah Kabupaten Kubu Raya"
DESCRIPTION = ("Inovasi perangkat daerah Kabupaten Kubu Raya menurut Indeks Inovasi Daerah: "
               "nama, perangkat daerah, tahap (inisiatif, uji coba, penerapan), bentuk "
               "(digital atau non-digital), jenis, tanggal mulai, ringkasan dan masalah yang "
               "diselesaikan. Diperbarui otomatis setiap ada perubahan.")
KEYWORDS = "inovasi daerah, IID, pelayanan publik, tata kelola"


def _publisher() -> Office | None:
    code = getattr(settings, "BALAI_INNOVATION_OFFICE", "setda")
    return Office.objects.filter(code=code).first()


def publish_catalogue(*, actor: Any) -> bool:
    """Publish the catalogue dataset anew (nothing when the table did not change, nothing when
    the publishing office — Setda unless BALAI_INNOVATION_OFFICE says otherwise — is missing).
    Runs in the caller's transaction: a change that fails publishes nothing."""
    from balai.opendata import actions as opendata
    from balai.opendata.models import Dataset

    dataset = Dataset.objects.filter(slug=DATASET).first()
    if dataset is None:
        office = _publisher()
        if office is None:
            return False
        dataset = opendata.create_dataset(
            actor=actor, office=office, slug=DATASET, title=TITLE, description=DESCRIPTION,
            keywords=KEYWORDS, frequency=Dataset.Frequency.IRREGULAR, is_system=True)
    return opendata.publish_version(actor=actor, dataset=dataset, columns=queries.COLUMNS,
                                    rows=queries.catalogue_table(),
                                    note="pembaruan otomatis") is not None
