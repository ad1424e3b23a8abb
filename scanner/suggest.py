"""Near-miss names: "did you mean ...?" for config keys, plan keys and event names."""

from __future__ import annotations

import re
from collections.abc import Iterable

_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


def closest_key(key: str, known: Iterable[str]) -> str | None:
    """The known key a mistyped one most likely meant (`requierd` → `required`)."""
    known = list(known)
    from rapidfuzz import process  # here: a tenth of start-up, needed only for a hint
    from rapidfuzz.distance import Levenshtein

    match = process.extractOne(key, known, scorer=Levenshtein.distance, score_cutoff=2)
    if match:
        return str(match[0])
    prefixed = sorted(k for k in known if len(key) >= 3 and k.startswith(key))
    return prefixed[0] if prefixed else None


def did_you_mean(key: str, known: Iterable[str]) -> str:
    """` (did you mean 'required'?)` for a mistyped key, or nothing: for error messages."""
    hint = closest_key(key, known)
    return f" (did you mean '{hint}'?)" if hint else ""


def normalize_name(name: str) -> str:
    """Case, whitespace and punctuation do not make a different event: `signed_up` ~ `Signed Up`."""
    return _NOT_ALNUM.sub("", name.casefold())


def allowed_edits(length: int) -> int:
    """How many typos a name of this length may carry and still be a near miss."""
    if length <= 4:
        return 0
    if length <= 8:
        return 1
    if length <= 16:
        return 2
    return 3


class NameSuggester:
    """Finds the planned name an unplanned one nearly matches, fast for thousands of names."""

    def __init__(self, planned: Iterable[str]) -> None:
        self.by_normal: dict[str, str] = {}
        for name in sorted(set(planned)):
            self.by_normal.setdefault(normalize_name(name), name)
        self.normals = sorted(self.by_normal)

    def suggest(self, name: str) -> str | None:
        normal = normalize_name(name)
        if not normal:
            return None
        if normal in self.by_normal:
            return self.by_normal[normal]
        limit = allowed_edits(len(normal))
        if not limit:
            return None
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        match = process.extractOne(
            normal, self.normals, scorer=Levenshtein.distance, score_cutoff=limit
        )
        return self.by_normal[match[0]] if match else None
