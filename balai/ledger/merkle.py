"""Merkle trees over a batch of ledger entries, hashed as in RFC 9162 (Certificate Transparency
2.0), section 2.1, so that any RFC 6962/9162 verifier can check our proofs.

The leaves of a batch are its entries' chain hashes (32 bytes each), in sequence order:

    leaf hash   = SHA-256(0x00 || entry_hash)
    node hash   = SHA-256(0x01 || left || right)
    MTH(D[n])   = node hash of MTH(D[0:k]) and MTH(D[k:n]), k the largest power of two < n

An inclusion proof (audit path) for the entry at index m of a batch of n is the list of sibling
hashes from the leaf up to the root; `verify_inclusion` is the algorithm of RFC 9162 2.1.3.2.
This module uses only the standard library, so a citizen can copy it and check a proof alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n >= 2)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def _root(leaves: Sequence[bytes]) -> bytes:
    """MTH over already leaf-hashed items."""
    if len(leaves) == 1:
        return leaves[0]
    k = _split(len(leaves))
    return node_hash(_root(leaves[:k]), _root(leaves[k:]))


def root(items: Sequence[bytes]) -> bytes:
    """The Merkle tree hash of `items` (raw leaf data, e.g. 32-byte entry hashes)."""
    if not items:
        return hashlib.sha256(b"").digest()
    return _root([leaf_hash(item) for item in items])


def _path(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    if len(leaves) == 1:
        return []
    k = _split(len(leaves))
    if index < k:
        return [*_path(index, leaves[:k]), _root(leaves[k:])]
    return [*_path(index - k, leaves[k:]), _root(leaves[:k])]


def inclusion_proof(index: int, items: Sequence[bytes]) -> list[bytes]:
    """The audit path of items[index] (RFC 6962 2.1.1 PATH(m, D[n])), leaf to root."""
    if not 0 <= index < len(items):
        raise IndexError("leaf index outside the tree")
    return _path(index, [leaf_hash(item) for item in items])


def verify_inclusion(*, item: bytes, index: int, tree_size: int, path: Sequence[bytes],
                     expected_root: bytes) -> bool:
    """RFC 9162 2.1.3.2: whether `item` is leaf `index` of the tree of `tree_size` leaves
    whose root is `expected_root`, given the audit path `path`."""
    if not 0 <= index < tree_size:
        return False
    fn, sn = index, tree_size - 1
    r = leaf_hash(item)
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == expected_root
