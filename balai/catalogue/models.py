"""Public services as versioned data. An application keeps the exact definition it was
submitted under; publishing a new version never changes applications already made."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.catalogue.spec import CATEGORIES, ServiceSpec, parse_definition

# Parsed definitions by (id, version, creation time): a published version never changes, and
# the creation time tells apart rows that reuse an id (a database rebuilt, a test rolled back).
_SPECS: dict[tuple[int, int, Any], ServiceSpec] = {}
_SPECS_MAX = 512


def _parsed_spec(definition: ServiceDefinition) -> ServiceSpec:
    key = (definition.pk, definition.version, definition.created_at)
    spec = _SPECS.get(key)
    if spec is None:
        if len(_SPECS) >= _SPECS_MAX:
            _SPECS.clear()
        spec = _SPECS[key] = parse_definition(definition.definition)
    return spec


class Service(models.Model):
    """The stable identity of a public service; its content lives in its definitions."""

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    category = models.CharField(_("kategori"), max_length=30, choices=list(CATEGORIES.items()))
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT,
                               related_name="services", verbose_name=_("kantor"))
    current = models.ForeignKey("ServiceDefinition", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+", verbose_name=_("versi berlaku"))
    is_active = models.BooleanField(_("aktif"), default=True)
    # Name, description, requirements and keywords in one column for full-text search.
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")
        ordering = ["name"]
        indexes = [models.Index(fields=["category", "name"], name="service_category_idx"),
                   models.Index(fields=["office", "name"], name="service_office_idx")]

    def __str__(self) -> str:
        return self.name


class ServiceDefinition(models.Model):
    """One version of a service's definition, as validated data (see spec.py)."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="definitions",
                                verbose_name=_("layanan"))
    version = models.PositiveIntegerField(_("versi"))
    definition = models.JSONField(_("definisi"))
    deadline_working_days = models.PositiveIntegerField(_("batas waktu (hari kerja)"))
    fee = models.PositiveBigIntegerField(_("biaya (Rp)"), default=0)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("versi definisi layanan")
        verbose_name_plural = _("versi definisi layanan")
        ordering = ["service", "-version"]
        constraints = [models.UniqueConstraint(fields=["service", "version"],
                                               name="servicedefinition_unique_version")]

    def __str__(self) -> str:
        return f"{self.service.code} v{self.version}"

    @cached_property
    def spec(self) -> ServiceSpec:
        # A published version never changes, so its parsed form is shared by every instance
        # of it in this process (a queue page holds one instance per row).
        if self.pk is None or self.created_at is None:
            return parse_definition(self.definition)
        return _parsed_spec(self)
