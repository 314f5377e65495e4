from __future__ import annotations

from typing import Any

from balai.accounts.models import User
from balai.complaints import actions
from balai.complaints.models import Complaint, ComplaintCategory
from balai.regions.models import Region

DESCRIPTION = "Jalan di depan sekolah berlubang besar dan tergenang air sejak seminggu."


def make_complaint(*, reporter: User, category: ComplaintCategory, village: Region | None = None,
                   **overrides: Any) -> Complaint:
    fields: dict[str, Any] = {"description": DESCRIPTION, "village": village}
    fields.update(overrides)
    return actions.file_complaint(actor=reporter, category=category, **fields)
