"""Background tasks of open data: thin wrappers over balai.opendata.actions."""

from __future__ import annotations

from django_tasks import task

from balai.opendata import actions


@task()
def refresh_statistics() -> int:
    """Publish Balai's statistics datasets anew where the figures changed."""
    return actions.refresh_statistics()
