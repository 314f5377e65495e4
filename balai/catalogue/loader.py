"""Reading service definitions from YAML files (balai/catalogue/services/*.yaml by default)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

SERVICES_DIR = Path(__file__).resolve().parent / "services"


class DefinitionFileError(Exception):
    """Files that cannot be read as YAML; `problems` names each file."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def definition_paths(paths: Iterable[str | Path] = ()) -> list[Path]:
    """The YAML files named, with directories expanded to their *.yaml files, in name order."""
    found: list[Path] = []
    for path in [Path(p) for p in paths] or [SERVICES_DIR]:
        if path.is_dir():
            found += sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
        else:
            found.append(path)
    return found


def read_definition_files(paths: Iterable[str | Path] = ()) -> list[tuple[str, Any]]:
    """(file name, parsed YAML) for each file; raises DefinitionFileError naming every file that
    is missing or not valid YAML."""
    sources: list[tuple[str, Any]] = []
    problems: list[str] = []
    for path in definition_paths(paths):
        try:
            sources.append((path.name, yaml.safe_load(path.read_text(encoding="utf-8"))))
        except OSError as error:
            problems.append(f"{path}: berkas tidak dapat dibaca ({error.strerror})")
        except yaml.YAMLError as error:
            problems.append(f"{path.name}: YAML tidak sah: {error}")
    if problems:
        raise DefinitionFileError(problems)
    return sources
