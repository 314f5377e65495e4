"""How an entry's hash is computed. Both the append and the verification use these functions."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any


def canonical_json(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str).encode()


def payload_digest(payload: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def entry_hash(*, sequence: int, created_at: dt.datetime, actor_id: int | None, actor_label: str,
               action: str, object_type: str, object_id: str, payload_digest: str,
               prev_hash: str) -> str:
    body = {
        "seq": sequence,
        "time": created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "digest": payload_digest,
        "prev": prev_hash,
    }
    return hashlib.sha256(canonical_json(body)).hexdigest()
