"""A task for the worker-crash test only: it writes one row in a transaction, then waits for a
release file, so the test can SIGKILL the worker at a known point inside the task."""

from __future__ import annotations

import time
from pathlib import Path

from django.db import transaction
from django_tasks import task

from balai.core.models import PeriodicRun


@task()
def write_then_wait(key: str, marker_dir: str) -> int:
    """Creates the row "fault-probe:<key>" (unique: a second committed run would fail), marks
    the attempt as started, and holds the transaction open until `release` exists."""
    folder = Path(marker_dir)
    attempt = len(list(folder.glob("started-*"))) + 1
    with transaction.atomic():
        PeriodicRun.objects.create(name=f"fault-probe:{key}")
        (folder / f"started-{attempt}").touch()
        deadline = time.monotonic() + 120
        while not (folder / "release").exists():
            if time.monotonic() > deadline:
                raise TimeoutError("never released")
            time.sleep(0.05)
    return attempt
