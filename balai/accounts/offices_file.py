"""Reading a regency's offices from YAML (`manage.py load_offices <file>`).

The file lists the units of the regency's government, parents before their children:

    offices:
      - {code: setda, name: Sekretariat Daerah Kabupaten Mempawah, short_name: Setda,
         kind: sekretariat}
      - {code: disdukcapil, name: Dinas Kependudukan dan Pencatatan Sipil, kind: dinas,
         parent: setda}
      - {code: kec-toho, name: Kantor Kecamatan Toho, kind: kecamatan, parent: setda,
         region: "61.02.06"}

`kind` is one of Office.Kind; `region` is a Kemendagri code already loaded (`load_regions`).
Service definitions name their office by `code`, so a regency that keeps the usual codes
(disdukcapil, dpmptsp, dinkes, …) can publish the shared definitions unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from balai.accounts.models import Office

_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


class OfficeFileError(ValueError):
    """The office file is malformed; `problems` names every entry at fault."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class OfficeEntry:
    code: str
    name: str
    kind: str
    short_name: str = ""
    parent: str = ""
    region: str = ""


def parse_offices(data: Any) -> list[OfficeEntry]:
    """The entries of a parsed office file, checked; raises OfficeFileError naming each fault."""
    if not isinstance(data, dict) or not isinstance(data.get("offices"), list):
        raise OfficeFileError(["berkas harus berisi daftar 'offices'"])
    entries: list[OfficeEntry] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, item in enumerate(data["offices"], start=1):
        where = f"kantor ke-{number}"
        if not isinstance(item, dict):
            problems.append(f"{where}: harus berupa pasangan kunci dan nilai")
            continue
        unknown = set(item) - {"code", "name", "kind", "short_name", "parent", "region"}
        if unknown:
            problems.append(f"{where}: kunci tidak dikenal: {', '.join(sorted(unknown))}")
        values = {key: str(item.get(key) or "").strip() for key in
                  ("code", "name", "kind", "short_name", "parent", "region")}
        if not _CODE.match(values["code"]):
            problems.append(f"{where}: code {values['code']!r} harus huruf kecil, angka dan '-'")
        if not values["name"]:
            problems.append(f"{where}: name wajib diisi")
        if values["kind"] not in Office.Kind.values:
            problems.append(f"{where}: kind {values['kind']!r} tidak dikenal "
                            f"({', '.join(Office.Kind.values)})")
        if values["code"] in seen:
            problems.append(f"{where}: code {values['code']!r} sudah dipakai")
        if values["parent"] and values["parent"] not in seen:
            problems.append(f"{where}: parent {values['parent']!r} harus disebut lebih dulu")
        seen.add(values["code"])
        entries.append(OfficeEntry(**values))
    if problems:
        raise OfficeFileError(problems)
    return entries


def read_office_file(path: Path) -> list[OfficeEntry]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise OfficeFileError([f"{path}: berkas tidak dapat dibaca ({error.strerror})"]) from error
    except yaml.YAMLError as error:
        raise OfficeFileError([f"{path.name}: YAML tidak sah: {error}"]) from error
    return parse_offices(data)
