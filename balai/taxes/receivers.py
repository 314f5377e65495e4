"""Listeners of the domain events (balai.core.events) that concern taxes."""

from __future__ import annotations

from typing import Any

from balai.core import events


def on_citizen_confirmed(sender: Any, *, user_id: int, nik: str, **kwargs: Any) -> None:
    from balai.taxes.actions import link_taxpayers_to_citizen

    link_taxpayers_to_citizen(user_id=user_id, nik=nik)


def connect() -> None:
    events.citizen_confirmed.connect(on_citizen_confirmed,
                                     dispatch_uid="balai.taxes.citizen_confirmed")
