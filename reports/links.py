"""Links from a report location to the repository host (`--source-url`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from scanner.model import Value

PLACEHOLDERS = ("commit", "path", "line")
_PLACEHOLDER = re.compile(r"\{(\w*)\}")


def check_template(template: str) -> str | None:
    """What a `--source-url` template lacks ("a URL template <reason>"), or None if fine."""
    if not template.startswith(("https://", "http://")):
        return "starting with https:// or http://"
    unknown = sorted(set(_PLACEHOLDER.findall(template)) - set(PLACEHOLDERS))
    if unknown:
        return (
            f"with only the placeholders {{commit}}, {{path}} and {{line}} (not {{{unknown[0]}}})"
        )
    if "{path}" not in template:
        return "with a {path} placeholder"
    return None


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class SourceLinks(Value):
    """How to turn `path:line` into a URL on the repository host.

    `prefix` is the scanned root's path inside the repository ("" at the top, else e.g.
    "services/web/"), because hosts address files from the repository's top.
    """

    template: str
    commit: str | None = None
    prefix: str = ""

    @property
    def usable(self) -> bool:
        """Links need a commit when the template names one (never guess a branch)."""
        return "{commit}" not in self.template or bool(self.commit)

    def url(self, path: str, line: int | None = None) -> str | None:
        if not self.usable:
            return None
        values = {
            "commit": quote(self.commit or "", safe=""),
            # Paths come from the scanned tree: encode everything but the separators, so
            # no file name can add a query, a fragment or leave the template's host.
            "path": quote(self.prefix + path, safe="/"),
            "line": str(line or 1),
        }
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), self.template)


def source_links(template: str | None, commit: str | None, prefix: str = "") -> SourceLinks | None:
    return None if not template else SourceLinks(template, commit, prefix)
