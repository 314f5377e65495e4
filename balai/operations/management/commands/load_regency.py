"""manage.py load_regency <folder>: set up the regency this installation serves from a data
bundle, by running the loaders of each domain in order (docs/howto/new-regency.md).

The folder holds `regency.yaml`:

    code: "61.02"                      # must equal BALAI_REGENCY_CODE
    name: Kabupaten Mempawah           # must equal BALAI_REGENCY_NAME
    regions: ../61.02.csv              # load_regions
    offices: offices.yaml              # load_offices
    services:                          # load_services
      shared: [kk-perubahan, kia]      #   balai/catalogue/services/<code>.yaml, unchanged
      own: [services/]                 #   the regency's own definitions (files or folders)
    tariffs: tariffs.yaml              # load_tax_tariffs

Paths are relative to the folder. Every step is idempotent, so the command can be run again
after any file changes. Officers and their signing keys are people, not data: they are added
afterwards (see the how-to).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.catalogue.loader import SERVICES_DIR

MANIFEST = "regency.yaml"
KEYS = {"code", "name", "regions", "offices", "services", "tariffs"}


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CommandError(f"{path}: berkas tidak dapat dibaca ({error.strerror})") from error
    except yaml.YAMLError as error:
        raise CommandError(f"{path}: YAML tidak sah: {error}") from error
    if not isinstance(data, dict):
        raise CommandError(f"{path}: harus berisi pasangan kunci dan nilai")
    problems = [f"kunci tidak dikenal: {key}" for key in sorted(set(data) - KEYS)]
    problems += [f"kunci wajib: {key}" for key in ("code", "name", "regions")
                 if not data.get(key)]
    services = data.get("services") or {}
    if not isinstance(services, dict) or set(services) - {"shared", "own"}:
        problems.append("services berisi 'shared' dan/atau 'own'")
    if problems:
        raise CommandError(f"{path}: " + "; ".join(problems))
    return data


def check_settings(manifest: dict[str, Any]) -> None:
    """The bundle must be the regency the settings name: the letterhead, the region picker and
    the tariffs all read the settings."""
    expected = {"BALAI_REGENCY_CODE": str(manifest["code"]),
                "BALAI_REGENCY_NAME": str(manifest["name"])}
    wrong = [f"{name}={getattr(settings, name)!r}, berkas menyebut {value!r}"
             for name, value in expected.items() if getattr(settings, name) != value]
    if wrong:
        raise CommandError("Pengaturan tidak cocok dengan data kabupaten (atur variabel "
                           "lingkungan lebih dulu): " + "; ".join(wrong))


def service_paths(folder: Path, services: dict[str, Any]) -> list[str]:
    paths = [str(SERVICES_DIR / f"{code}.yaml") for code in services.get("shared") or []]
    paths += [str(folder / item) for item in services.get("own") or []]
    return paths


class Command(BaseCommand):
    help = ("Muat data satu kabupaten dari foldernya (regency.yaml): wilayah, kantor, layanan, "
            "tarif pajak. Idempoten.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="folder berisi regency.yaml")

    def handle(self, *args: Any, folder: str, **options: Any) -> None:
        base = Path(folder)
        manifest = read_manifest(base)
        check_settings(manifest)
        out = {"stdout": self.stdout}
        call_command("load_regions", str(base / manifest["regions"]), **out)
        call_command("load_calendar", **out)
        if manifest.get("offices"):
            call_command("load_offices", str(base / manifest["offices"]), **out)
        paths = service_paths(base, manifest.get("services") or {})
        if paths:
            call_command("load_services", *paths, **out)
        if manifest.get("tariffs"):
            call_command("load_tax_tariffs", str(base / manifest["tariffs"]), **out)
        self.stdout.write(self.style.SUCCESS(f"{manifest['name']} ({manifest['code']}) dimuat."))
