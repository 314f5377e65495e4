"""Officers' notes and the names citizens give their scans are encrypted at rest, and the
migration that introduced it encrypts existing rows (and decrypts them when reversed)."""

from __future__ import annotations

import io

import pytest
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor
from django.db.models.functions import Cast

from balai.applications import actions
from balai.applications.models import ApplicationEvent, Upload
from balai.applications.tests.helpers import PDF, act, make_draft
from balai.applications.uploads import check_upload
from balai.core import crypto

NOTE = "KK atas nama Siti Aminah 6112015708900003 buram"
FILE_NAME = "KTP Siti Aminah 6112015708900003.pdf"
BEFORE = ("applications", "0002_partial_queue_indexes")
AFTER = ("applications", "0003_encrypt_note_and_file_name")


def _raw(model: type[models.Model], field: str) -> list[str]:
    return list(model.objects.annotate(raw=Cast(field, models.TextField()))
                .exclude(**{field: ""}).order_by("pk").values_list("raw", flat=True))


def _with_personal_note_and_file_name(citizen, akta, verifikator):
    draft = make_draft(citizen.user, akta, uploads=False)
    for requirement in akta.spec.requirements:
        name = FILE_NAME if requirement.code == "kk" else f"{requirement.code}.pdf"
        checked = check_upload(io.BytesIO(PDF), name=name, size=len(PDF), requirement=requirement)
        actions.attach_upload(application=draft, requirement=requirement.code,
                              file=io.BytesIO(PDF), checked=checked, actor=citizen.user)
    application = actions.submit_application(draft=draft, actor=citizen.user,
                                             idempotency_key="kunci-catatan-rahasia")
    return act(application, "minta_perbaikan", verifikator, note=NOTE,
               corrections={"kk": "Pindai ulang."})


def test_notes_and_file_names_are_ciphertext_in_the_database(db, citizen, akta, verifikator):
    application = _with_personal_note_and_file_name(citizen, akta, verifikator)

    event = ApplicationEvent.objects.get(application=application, action="minta_perbaikan")
    upload = Upload.objects.get(application=application, requirement="kk")
    assert event.note == NOTE
    assert "6112015708900003" in upload.original_name
    for raw in _raw(ApplicationEvent, "note") + _raw(Upload, "original_name"):
        assert "6112015708900003" not in raw and "Siti" not in raw
        assert crypto.decrypt(raw)


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_rows_and_its_reversal_decrypts_them(citizen, akta,
                                                                             verifikator):
    application = _with_personal_note_and_file_name(citizen, akta, verifikator)
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([BEFORE])
        assert NOTE in _raw(ApplicationEvent, "note")
        assert FILE_NAME in _raw(Upload, "original_name")
    finally:
        executor.loader.build_graph()
        executor.migrate([AFTER])

    raw = _raw(ApplicationEvent, "note") + _raw(Upload, "original_name")
    assert raw and not [value for value in raw if "Siti" in value]
    assert ApplicationEvent.objects.get(application=application,
                                        action="minta_perbaikan").note == NOTE
    assert "6112015708900003" in Upload.objects.get(application=application,
                                                     requirement="kk").original_name
