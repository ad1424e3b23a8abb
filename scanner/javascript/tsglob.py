"""Which files a tsconfig's `files`, `include` and `exclude` select, as TypeScript reads them.

The patterns become regular expressions the way TypeScript's own `getSubPatternFromSpec`
(`src/compiler/utilities.ts`) builds them. Not pathspec, although it is a dependency: its
.gitignore semantics differ where it matters here. A gitignore pattern without a slash
matches at any depth (`src` would select `lib/src/x.ts`), while TypeScript anchors every
spec at its config; TypeScript reads a last segment without `.`, `*` or `?` as a directory
(`"src"` is `src/**/*`, `"src/x.ts"` a file); its `*`, `?` and `**` do not match a name that
starts with a dot, `**` does not enter `node_modules`, and `*` skips `.min.js` files; an
`exclude` spec also covers everything under what it matches. Specs and paths are
root-relative here ("" is the root); the expressions run on the path with a `/` in front.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

_PACKAGE_DIRS = r"(?!(?:node_modules|bower_components|jspm_packages)(?:/|$))"
_RESERVED = re.compile(r"[^\w\s/]")


@dataclasses.dataclass(frozen=True, slots=True)
class _Wildcards:
    star: str  # `*` anywhere in a segment
    double_star: str  # a `**` segment, with the `/` before it
    usage: str  # "include" or "exclude"

    def escape(self, match: re.Match[str]) -> str:
        char = match.group(0)
        if char == "*":
            return self.star
        return "[^/]" if char == "?" else "\\" + char


_FILES = _Wildcards(
    r"(?:[^./]|(?:\.(?!min\.js$))?)*", rf"(?:/{_PACKAGE_DIRS}[^/.][^/]*)*?", "include"
)
_EXCLUDE = _Wildcards(r"[^/]*", r"(?:/.+?)?", "exclude")


def _subpattern(spec: str, wildcards: _Wildcards) -> str | None:
    components = ["", *(part for part in spec.split("/") if part)]
    last = components[-1]
    if wildcards.usage == "include" and last == "**":
        return None  # TypeScript rejects such a spec
    if not re.search(r"[.*?]", last):  # an implicit glob: everything under the directory
        components += ["**", "*"]
    pattern = ""
    for index, component in enumerate(components):
        if component == "**":
            pattern += wildcards.double_star
            continue
        if index:
            pattern += "/"
        if wildcards.usage == "exclude":
            pattern += _RESERVED.sub(wildcards.escape, component)
            continue
        # `*` and `?` at the start of a segment do not match a leading dot.
        start = ""
        if component.startswith("*"):
            start, component = f"(?:[^./]{wildcards.star})?", component[1:]
        elif component.startswith("?"):
            start, component = "[^./]", component[1:]
        escaped = start + _RESERVED.sub(wildcards.escape, component)
        if escaped != component:
            pattern += _PACKAGE_DIRS
        pattern += escaped
    return pattern


def _compile(specs: Iterable[str], wildcards: _Wildcards, end: str) -> re.Pattern[str] | None:
    parts = [p for spec in specs if (p := _subpattern(spec, wildcards)) is not None]
    return re.compile(f"^(?:{'|'.join(f'(?:{p})' for p in parts)}){end}") if parts else None


@dataclasses.dataclass(frozen=True, slots=True)
class Selection:
    """A config's `files` (exact paths), `include` and `exclude`, compiled."""

    files: frozenset[str]
    include: re.Pattern[str] | None
    exclude: re.Pattern[str] | None

    @classmethod
    def of(cls, files: Iterable[str], include: Iterable[str], exclude: Iterable[str]) -> Selection:
        return cls(
            files=frozenset(files),
            include=_compile(include, _FILES, "$"),
            exclude=_compile(exclude, _EXCLUDE, "(?:$|/)"),
        )

    def selects(self, path: str) -> bool:
        """Whether the root-relative `path` is one of the config's files (`exclude` does not
        apply to `files`, as in TypeScript)."""
        if path in self.files:
            return True
        rooted = "/" + path
        if self.include is None or not self.include.match(rooted):
            return False
        return self.exclude is None or not self.exclude.match(rooted)
