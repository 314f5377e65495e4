"""Model fields for personal data that is encrypted at rest."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from balai.core import crypto


class EncryptedTextField(models.TextField):
    """A text value stored as AES-GCM ciphertext; Python code sees the plaintext.

    Encrypted values cannot be filtered or ordered by the database: look-ups go through a
    separate blind-index column (see balai.core.crypto.blind_index).
    """

    description = "Text encrypted at rest"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))


class EncryptedDateField(models.TextField):
    """A date stored encrypted (ISO format inside the ciphertext)."""

    description = "Date encrypted at rest"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> dt.date | None:
        if not value:
            return None
        return dt.date.fromisoformat(crypto.decrypt(value))

    def to_python(self, value: Any) -> dt.date | None:
        if value is None or isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value))

    def get_prep_value(self, value: Any) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str):
            value = dt.date.fromisoformat(value)
        return crypto.encrypt(value.isoformat())
