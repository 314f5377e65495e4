"""A stand-in SMS provider for tests: records what it was asked to send, fails on demand."""

from __future__ import annotations

from collections.abc import Callable

from balai.notifications.sms import SmsBackend, SmsError


class RecordingSmsBackend(SmsBackend):
    sent: list[tuple[str, str]] = []
    fail_with: str = ""
    # Called during send, before the provider "answers": lets a test act as a second worker.
    during_send: Callable[[], None] | None = None

    @classmethod
    def reset(cls) -> None:
        cls.sent = []
        cls.fail_with = ""
        cls.during_send = None

    def send(self, *, to: str, body: str) -> str:
        hook = type(self).during_send  # read from the class: a plain function, not a method
        if hook is not None:
            hook()
        if self.fail_with:
            raise SmsError(self.fail_with)
        self.sent.append((to, body))
        return f"rec-{len(self.sent)}"
