"""Development secrets, generated once into var/ so that `make run` needs no setup.

Production mode never calls this: there every secret comes from the environment.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from pathlib import Path


def load_or_create(path: Path) -> dict[str, str]:
    if path.exists():
        return json.loads(path.read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    values = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "BALAI_DATA_KEYS": "dev1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "BALAI_INDEX_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    # Created with owner-only permissions: these keys decrypt personal data.
    # Written to a private temporary file, then linked into place: two processes starting at
    # once (the web server and the worker, parallel test workers) end up with the same keys.
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(values, handle, indent=2)
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return json.loads(path.read_text())
