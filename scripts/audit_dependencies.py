#!/usr/bin/env python3
"""Audit the locked dependencies (requirements/*.txt) for known vulnerabilities with pip-audit.

pip-audit asks PyPI's vulnerability data (or OSV) about every pinned package without installing
anything. A package it could not look up is "skipped", and pip-audit then still says "No known
vulnerabilities found" — so this wrapper counts what was really audited:

  exit 0  every package was audited and none has a known vulnerability
  exit 1  a known vulnerability (listed), or, with BALAI_AUDIT_STRICT=true, packages that
          could not be audited
  exit 0  when the service cannot be reached and BALAI_AUDIT_STRICT is not set, after a
          warning naming what was not audited (a build machine that reaches only a package
          mirror has no vulnerability data; set BALAI_AUDIT_STRICT=true where it has)

Usage: scripts/audit_dependencies.py [requirements/base.txt requirements/dev.txt]
"""

from __future__ import annotations

import json
import os
import subprocess  # noqa: S404 - runs pip-audit from our own virtualenv, no shell
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIP_AUDIT = ROOT / ".venv" / "bin" / "pip-audit"


def audit(requirements: Path) -> tuple[list[dict], list[dict], int]:
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [str(PIP_AUDIT), "--requirement", str(requirements), "--disable-pip", "--no-deps",
         "--progress-spinner", "off", "--format", "json"],
        capture_output=True, text=True, timeout=600, check=False)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        print(result.stderr.strip()[-2000:], file=sys.stderr)
        return [], [], 0
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    return vulnerable, skipped, len(dependencies) - len(skipped)


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or [ROOT / "requirements" / "base.txt",
                                        ROOT / "requirements" / "dev.txt"]
    strict = os.environ.get("BALAI_AUDIT_STRICT") == "true"
    failed = False
    for requirements in files:
        vulnerable, skipped, audited = audit(requirements)
        print(f"{requirements.name}: {audited} packages audited, {len(skipped)} not audited, "
              f"{len(vulnerable)} with known vulnerabilities")
        for dependency in vulnerable:
            for vuln in dependency["vulns"]:
                fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
                print(f"  {dependency['name']} {dependency['version']}: {vuln['id']} "
                      f"(fixed in {fixes})")
            failed = True
        if skipped and audited == 0:
            message = ("the vulnerability service could not be reached or knows none of the "
                       "packages; nothing was audited")
        elif skipped:
            names = ", ".join(d["name"] for d in skipped[:10])
            message = f"not audited: {names}{' …' if len(skipped) > 10 else ''}"
        else:
            continue
        if strict:
            print(f"  FAIL (BALAI_AUDIT_STRICT=true): {message}", file=sys.stderr)
            failed = True
        else:
            print(f"  WARNING: {message}. Set BALAI_AUDIT_STRICT=true to fail on this.",
                  file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
