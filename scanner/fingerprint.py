"""What a cached result is valid for: trackscan's scanner code, its parsers and Python."""

from __future__ import annotations

import hashlib
import os
import sys
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
    """Digest of the scanner's source and the parsers' versions: a change empties the cache."""
    digest = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    versions = installed_versions(LIBRARIES)
    for name in LIBRARIES:
        digest.update(f"{name}={versions.get(name, '?')};".encode())
    package = Path(__file__).resolve().parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


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
