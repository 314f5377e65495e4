"""Periodic task of privacy: a thin wrapper over balai.privacy.actions."""

from __future__ import annotations

from django_tasks import task

from balai.privacy import actions


@task()
def apply_retention() -> dict[str, int]:
    """Delete what is past its retention period (balai/privacy/retention.py)."""
    return actions.apply_retention()
