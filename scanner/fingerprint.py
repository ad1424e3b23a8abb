"""What a cached result is valid for: trackscan's scanner code, its parsers and Python."""

from __future__ import annotations

import os
import sys
import zlib
from functools import cache
from pathlib import Path

LIBRARIES = (
    "trackscan",
    "libcst",
    "tree-sitter",
    "tree-sitter-javascript",
    "tree-sitter-typescript",
)


@cache
def code_fingerprint() -> str:
    """What the scanner's source and the parsers' versions are: a change empties the cache.

    Two checksums (CRC-32 and Adler-32) of every source file and its name, and their total
    size, rather than a SHA-256: it only has to notice that the code changed, and every warm
    scan computes it, where importing `hashlib` (which probes each of OpenSSL's digests)
    cost more than reading and summing the ~700 KB of source."""
    versions = installed_versions(LIBRARIES)
    head = f"{sys.version_info[:2]};" + "".join(
        f"{name}={versions.get(name, '?')};" for name in LIBRARIES
    )
    return sources_fingerprint(Path(__file__).resolve().parent, head)


def sources_fingerprint(package: Path, head: str = "") -> str:
    """Checksums of `head` and of every Python file under `package`, with its path."""
    crc, adler, size = zlib.crc32(head.encode()), zlib.adler32(head.encode()), 0
    for relative, absolute in _sources(str(package)):
        content = relative.encode() + b"\0" + Path(absolute).read_bytes()
        crc, adler = zlib.crc32(content, crc), zlib.adler32(content, adler)
        size += len(content)
    return f"{crc:08x}{adler:08x}{size:x}"


def _sources(package: str) -> list[tuple[str, str]]:
    """The package's Python files, (relative "/" path, absolute path), in path order."""
    found = []
    for folder, _, names in os.walk(package):
        for name in names:
            if name.endswith(".py"):
                absolute = os.path.join(folder, name)  # noqa: PTH118 (no Path per file)
                found.append((os.path.relpath(absolute, package).replace(os.sep, "/"), absolute))
    return sorted(found)


def installed_versions(names: tuple[str, ...]) -> dict[str, str]:
    """The installed version of each distribution, from the first `*.dist-info` directory on
    `sys.path` that names it, as `importlib.metadata` finds them: that module takes a tenth of
    a warm scan's time to import, and only this is wanted of it."""
    wanted = {_normalized(name): name for name in names}
    versions: dict[str, str] = {}
    for folder in sys.path:
        try:
            entries = os.listdir(folder or ".")  # noqa: PTH208 (names only, no Paths)
        except OSError:
            continue
        for entry in entries:
            if not entry.endswith(".dist-info"):
                continue
            name, _, version = entry.removesuffix(".dist-info").partition("-")
            original = wanted.get(_normalized(name))
            if original is not None and original not in versions:
                versions[original] = version
    return versions


def _normalized(name: str) -> str:
    """A distribution name as its dist-info directory spells it (PEP 503, with underscores)."""
    return name.lower().replace("-", "_").replace(".", "_")
