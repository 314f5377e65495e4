"""Helpers for the API tests: tokens through the real action, and headers that carry them."""

from __future__ import annotations

import uuid
from typing import Any

from balai.accounts.models import User
from balai.api.actions import create_token


def token_for(user: User, *, scopes: str = "read write", name: str = "uji") -> str:
    """A new token of `user`; returns its secret."""
    return create_token(user=user, name=name, scopes=scopes)[1]


def bearer(secret: str, **extra: Any) -> dict[str, Any]:
    """Headers for Django's test client (`headers=`)."""
    return {"Authorization": f"Bearer {secret}", **extra}


def new_key() -> str:
    return str(uuid.uuid4())


def upload(client: Any, secret: str, ref: str, requirement: str, content: bytes, *,
           name: str = "berkas.pdf", method: str = "put") -> Any:
    """Upload one requirement's file through the API, as multipart PUT (or POST)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    url = f"/api/v1/applications/{ref}/uploads/{requirement}"
    data = {"file": SimpleUploadedFile(name, content)}
    if method == "post":
        return client.post(url, data, headers=bearer(secret))
    # Django's test client encodes multipart bodies for POST only.
    return client.put(url, encode_multipart(BOUNDARY, data), content_type=MULTIPART_CONTENT,
                      headers=bearer(secret))
