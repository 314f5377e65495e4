"""The audit ledger, publicly: signed checkpoints with their public key, a consistency proof
against an old checkpoint, the hash links of the chain, and an entry's inclusion proof in its
signed Merkle batch (no entry content). Calls balai.ledger.queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from balai.api.auth import OPTIONAL, OPTIONAL_OPENAPI
from balai.api.errors import FieldErrors, errors
from balai.api.pagination import DEFAULT_PER_PAGE, MAX_PER_PAGE, PageOut, paginate
from balai.ledger import queries, signing

router = Router(tags=["buku besar"], auth=OPTIONAL)


class CheckpointOut(Schema):
    sequence: int
    head_hash: str
    signed_at: dt.datetime
    signed_message: str
    signature: str
    public_key: str
    key_id: str
    algorithm: str


class VerificationOut(Schema):
    finished_at: dt.datetime
    ok: bool
    checked: int
    broken_sequence: int | None


class CheckpointListOut(Schema):
    public_key: str
    key_id: str
    last_verification: VerificationOut | None
    items: list[CheckpointOut]
    page: PageOut


class ListFilters(Schema):
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


class ConsistencyIn(Schema):
    sequence: int = Field(..., ge=1, description="The old checkpoint's sequence.")
    hash: str = Field(..., pattern=r"^[0-9a-fA-F]{64}$", description="Its head hash.")


class ConsistencyOut(Schema):
    consistent: bool
    sequence: int
    head_sequence: int
    head_hash: str
    reason: str


class LinkOut(Schema):
    sequence: int
    prev_hash: str
    hash: str


class ProofIn(Schema):
    hash: str = Field(..., pattern=r"^[0-9a-fA-F]{64}$", description="The entry's hash.")


class BatchOut(Schema):
    first_sequence: int
    last_sequence: int
    root_hash: str
    head_hash: str
    sealed_at: dt.datetime
    signed_message: str
    signature: str
    public_key: str
    key_id: str
    algorithm: str


class ProofOut(Schema):
    entry_hash: str
    sequence: int
    leaf_index: int
    tree_size: int
    audit_path: list[str]
    hashing: str
    batch: BatchOut


class LinksIn(Schema):
    after: int = Field(0, ge=0)
    limit: int = Field(500, ge=1, le=1000)


def checkpoint_out(checkpoint: Any) -> dict[str, Any]:
    iso = checkpoint.signed_at.astimezone(dt.UTC).isoformat()
    return {
        "sequence": checkpoint.sequence, "head_hash": checkpoint.head_hash,
        "signed_at": checkpoint.signed_at,
        "signed_message": signing.checkpoint_message(
            sequence=checkpoint.sequence, head_hash=checkpoint.head_hash,
            signed_at_iso=iso).decode(),
        "signature": checkpoint.signature, "public_key": checkpoint.public_key,
        "key_id": checkpoint.key_id, "algorithm": "Ed25519",
    }


@router.get("/ledger/checkpoints", url_name="ledger_checkpoints",
            response={200: CheckpointListOut, **errors(401, 422)},
            openapi_extra=OPTIONAL_OPENAPI, summary="Signed ledger checkpoints",
            description="The audit ledger's signed heads, newest first, with the public key "
                        "and the last full verification. Keep one: the consistency endpoint "
                        "proves later that history up to it was not rewritten. Added in v1.")
def checkpoint_list(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    if not 1 <= filters.per_page <= MAX_PER_PAGE:
        raise FieldErrors({"per_page": [f"Antara 1 dan {MAX_PER_PAGE}."]})
    items, page = paginate(queries.checkpoints(), page=max(filters.page, 1),
                           per_page=filters.per_page)
    public_hex = signing.public_key_hex()
    run = queries.last_verification()
    return {
        "public_key": public_hex, "key_id": signing.key_id(public_hex),
        "last_verification": None if run is None else {
            "finished_at": run.finished_at, "ok": run.ok, "checked": run.checked,
            "broken_sequence": run.broken_sequence},
        "items": [checkpoint_out(c) for c in items], "page": page,
    }


@router.get("/ledger/consistency", url_name="ledger_consistency",
            response={200: ConsistencyOut, **errors(401, 422)},
            openapi_extra=OPTIONAL_OPENAPI, summary="Prove consistency with an old checkpoint",
            description="Whether today's chain still passes through an old checkpoint's "
                        "(sequence, hash): the entry keeps that hash and every later entry "
                        "links to it and recomputes, up to today's head. Added in v1.")
def consistency(request: HttpRequest, params: Query[ConsistencyIn]) -> dict[str, Any]:
    result = queries.consistency_with(sequence=params.sequence, head_hash=params.hash)
    return {"consistent": result.consistent, "sequence": result.sequence,
            "head_sequence": result.head_sequence, "head_hash": result.head_hash,
            "reason": result.reason}


@router.get("/ledger/links", url_name="ledger_links",
            response={200: list[LinkOut], **errors(401, 422)},
            openapi_extra=OPTIONAL_OPENAPI, summary="Hash links of the chain",
            description="(sequence, prev_hash, hash) of up to `limit` entries after `after`, "
                        "without any content: check for yourself that each entry links to the "
                        "one before, from your checkpoint to the head. Added in v1.")
def links(request: HttpRequest, params: Query[LinksIn]) -> list[dict[str, Any]]:
    return [{"sequence": s, "prev_hash": p, "hash": h}
            for s, p, h in queries.entry_links(after=params.after, limit=params.limit)]


@router.get("/ledger/proof", url_name="ledger_proof",
            response={200: ProofOut, **errors(401, 404, 422)},
            openapi_extra=OPTIONAL_OPENAPI, summary="Inclusion proof of an entry",
            description="The audit path from an entry's hash (the leaf data) to the Merkle root "
                        "of its sealed batch, and the batch's Ed25519 signature over that root. "
                        "Leaf hash SHA-256(0x00 || entry hash), node hash SHA-256(0x01 || left || "
                        "right), verified as in RFC 9162 section 2.1.3.2. 404 for an unknown "
                        "hash, an entry still waiting for the sequencer, or one chained before "
                        "batches were sealed. Added in v1.")
def proof(request: HttpRequest, params: Query[ProofIn]) -> dict[str, Any]:
    found = queries.inclusion_proof(params.hash)
    if found is None:
        raise Http404
    batch = found.batch
    return {
        "entry_hash": found.entry_hash, "sequence": found.sequence, "leaf_index": found.index,
        "tree_size": found.tree_size, "audit_path": found.path, "hashing": "RFC 9162 SHA-256",
        "batch": {"first_sequence": batch.first_sequence, "last_sequence": batch.last_sequence,
                  "root_hash": batch.root_hash, "head_hash": batch.head_hash,
                  "sealed_at": batch.sealed_at, "signed_message": found.signed_message,
                  "signature": batch.signature, "public_key": batch.public_key,
                  "key_id": batch.key_id, "algorithm": "Ed25519"},
    }
