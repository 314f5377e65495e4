"""Background tasks of school admission: thin wrappers over balai.education.actions.

`manage.py run_scheduler` enqueues the re-registration expiry every hour
(settings.BALAI_PERIODIC_TASKS); a selection run is started by `manage.py run_spmb_selection`
and, after a crash, resumed by that command's `--resume` or by `resume_selection` below."""

from __future__ import annotations

from django_tasks import task

from balai.education import actions
from balai.education.models import SelectionRun


@task()
def expire_reregistrations() -> int:
    """Forfeit the seats not re-registered in time and offer them to the next in line."""
    return actions.expire_reregistrations()


@task()
def resume_selection(run_id: int) -> str:
    """Take a selection run on from its first unfinished track; returns its result digest."""
    run = SelectionRun.objects.get(pk=run_id)
    return actions.continue_selection(run).result_digest
