from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "balai.accounts"
    label = "accounts"
    verbose_name = "Akun dan kantor"

    def ready(self) -> None:
        # The one use of signals in Balai: django.contrib.auth announces sign-ins and sign-outs
        # only through them (the portal's and the admin's alike).
        from django.contrib.auth import signals

        signals.user_logged_in.connect(_logged_in, dispatch_uid="balai_record_login")
        signals.user_logged_out.connect(_logged_out, dispatch_uid="balai_record_logout")
        signals.user_login_failed.connect(_login_failed, dispatch_uid="balai_record_login_failed")


def _via(request: Any) -> str:
    path = getattr(request, "path", "") or ""
    from django.urls import reverse

    return "admin" if path.startswith(reverse("admin:index")) else "portal"


def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from balai.accounts.actions import record_login
    from balai.accounts.middleware import stamp_sign_in

    if request is not None and hasattr(request, "session"):
        stamp_sign_in(request, user)
    record_login(user=user, via=_via(request))


def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from balai.accounts.actions import record_logout

    record_logout(user=user)


def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None,
                  **kwargs: Any) -> None:
    import re

    from balai.accounts.actions import record_login_failed

    identifier = str(credentials.get("username") or "")
    if re.fullmatch(r"\d{16}", identifier.strip()):
        kind = "nik"
    elif "@" in identifier:
        kind = "email"
    elif re.fullmatch(r"[+\d][\d\s-]{8,}", identifier.strip()):
        kind = "phone"
    else:
        kind = "username"
    record_login_failed(identifier_kind=kind)
