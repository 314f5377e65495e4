"""Domain errors with stable codes.

Actions raise them; views and the API turn them into messages.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A business rule refused an action. `code` is stable (UPPER_SNAKE, prefixed by domain)."""

    code = "DOMAIN_ERROR"
    message = "Permintaan tidak dapat diproses."

    def __init__(self, message: str | None = None, *, code: str | None = None,
                 details: dict[str, Any] | None = None) -> None:
        self.message = str(message or self.message)
        self.code = code or self.code
        self.details = details or {}
        super().__init__(self.message)


class PermissionDeniedError(DomainError):
    code = "PERMISSION_DENIED"
    message = "Anda tidak berwenang melakukan tindakan ini."


class ConflictError(DomainError):
    """Someone else changed the record first (concurrent officers, a stale form)."""

    code = "CONFLICT"
    message = "Data ini baru saja diubah oleh orang lain. Muat ulang halaman lalu coba lagi."
