"""Sign in with a NIK, an email, a phone number or a username."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from balai.accounts.models import User
from balai.accounts.queries import find_user_by_identifier


class IdentifierBackend(ModelBackend):
    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> User | None:
        if not username or password is None:
            return None
        user = find_user_by_identifier(username)
        if user is None:
            # Run the hasher anyway, so that timing does not reveal which accounts exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
