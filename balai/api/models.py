"""Personal API tokens, and the idempotency keys of API requests that create records.

A token is shown once, when it is made: only its SHA-256 digest is stored, with its first
characters (the prefix) to find it by. The full token reads `balai_<prefix>_<secret>`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX_LENGTH = 8


class ApiToken(models.Model):
    class Scopes(models.TextChoices):
        READ = "read", _("Baca saja")
        READ_WRITE = "read write", _("Baca dan tulis")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens", verbose_name=_("pengguna"))
    name = models.CharField(_("nama"), max_length=80)
    prefix = models.CharField(_("awalan"), max_length=TOKEN_PREFIX_LENGTH, unique=True)
    secret_hash = models.CharField(_("sidik SHA-256"), max_length=64)
    scopes = models.CharField(_("cakupan"), max_length=20, choices=Scopes.choices,
                              default=Scopes.READ)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        indexes = [models.Index(fields=["user", "-created_at"], name="apitoken_user_idx")]

    def __str__(self) -> str:
        return f"{self.name} (balai_{self.prefix}_…)"

    @property
    def can_write(self) -> bool:
        return "write" in self.scopes.split()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class IdempotencyRecord(models.Model):
    """The application draft an API create request made under its Idempotency-Key, so that
    the same request retried over a bad connection returns that draft instead of a second."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+", verbose_name=_("pengguna"))
    key = models.CharField(_("kunci"), max_length=64)
    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE,
                                    related_name="+", verbose_name=_("permohonan"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("kunci idempotensi API")
        verbose_name_plural = _("kunci idempotensi API")
        constraints = [models.UniqueConstraint(fields=["user", "key"],
                                               name="idempotencyrecord_unique_key")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
