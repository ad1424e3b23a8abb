"""`--shard K/N`: split the files into N disjoint parts by a stable hash of their paths.

A hash of the path, not the position in the file list, so adding or removing one file moves
no other file between shards, and every runner of a CI matrix agrees on the split without
talking to the others.
"""

from __future__ import annotations

import re

from scanner.model import Shard

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse_shard(text: str) -> Shard:
    """`"2/4"` → Shard(2, 4); ValueError with the reason for anything else."""
    match = _SHARD.match(text)
    if not match:
        raise ValueError(f"expected K/N such as 1/4, got {text!r}")
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1 or not 1 <= index <= count:
        raise ValueError(f"K must be between 1 and N, got {text!r}")
    return Shard(index, count)


def shard_of(path: str, count: int) -> int:
    """The 1-based shard a root-relative path belongs to."""
    import hashlib  # only for --shard: its import probes every OpenSSL digest

    digest = hashlib.sha256(path.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def in_shard(path: str, shard: Shard | None) -> bool:
    return shard is None or shard_of(path, shard.count) == shard.index
