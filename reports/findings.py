"""Every finding of a report as plain data: the one list SARIF, Markdown and HTML agree on."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from reports.format import printable
from scanner.model import CallResult, CallStatus, FindingKind, Method

MAX_NAME = 200  # characters of a scanned name shown in a message


@dataclass(frozen=True, slots=True)
class Finding:
    kind: FindingKind
    result: CallResult
    message: str  # plain text; names are quoted and control characters escaped
    key: str | None = None  # the property a property finding is about


def clip(text: str, limit: int = MAX_NAME) -> str:
    """Scanned text for a message: printable, and at most `limit` characters."""
    text = printable(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(text: str) -> str:
    return "'" + clip(text) + "'"


def call_label(result: CallResult) -> str:
    """What a call sends, for people: the event (or page) name, else the method."""
    call = result.call
    if call.event is not None:
        return call.event
    if call.dynamic and call.expression:
        return call.expression
    return call.method.value


def _subject(result: CallResult) -> str:
    call = result.call
    if call.event is not None:
        return f"{call.method.value.capitalize()} {quoted(call.event)}"
    return f"This {call.method.value} call"


def _properties_word(result: CallResult) -> str:
    return "trait" if result.call.method in (Method.IDENTIFY, Method.GROUP) else "property"


def call_findings(result: CallResult) -> tuple[Finding, ...]:
    """The findings of one call, in a fixed order: its name first, then its properties."""
    call = result.call
    found: list[Finding] = []
    if result.status is CallStatus.UNPLANNED and call.event is not None:
        if result.suggestion is not None:
            message = (
                f"Event {quoted(call.event)} is not in the tracking plan; "
                f"did you mean {quoted(result.suggestion)}?"
            )
            found.append(Finding(FindingKind.NEAR_MISS, result, message))
        else:
            message = f"Event {quoted(call.event)} is not in the tracking plan"
            found.append(Finding(FindingKind.UNPLANNED_EVENT, result, message))
    elif result.status is CallStatus.DYNAMIC:
        expression = quoted(call.expression) if call.expression else "its argument"
        message = (
            f"The {call.method.value} name is built at run time from {expression}, "
            "so it cannot be checked against the tracking plan"
        )
        found.append(Finding(FindingKind.DYNAMIC_NAME, result, message))
    findings = result.properties
    if findings is None:
        return tuple(found)
    word = _properties_word(result)
    subject = _subject(result)
    for key in findings.missing_required:
        message = f"{subject} is missing the required {word} {quoted(key)}"
        found.append(Finding(FindingKind.MISSING_REQUIRED_PROPERTY, result, message, key))
    for key in findings.unplanned:
        message = f"{subject} sends the {word} {quoted(key)}, which is not planned"
        found.append(Finding(FindingKind.UNPLANNED_PROPERTY, result, message, key))
    for mismatch in findings.type_mismatches:
        if mismatch.kind == "enum":
            allowed = ", ".join(quoted(v) for v in mismatch.expected)
            message = (
                f"{subject} sends {word} {quoted(mismatch.key)} = "
                f"{quoted(mismatch.got)}, which is not one of {allowed}"
            )
            kind = FindingKind.PROPERTY_ENUM_MISMATCH
        else:
            message = (
                f"{subject} sends {word} {quoted(mismatch.key)} as "
                f"{clip(mismatch.got)}; the plan expects {' or '.join(mismatch.expected)}"
            )
            kind = FindingKind.PROPERTY_TYPE_MISMATCH
        found.append(Finding(kind, result, message, mismatch.key))
    return tuple(found)


def property_summary(result: CallResult) -> str:
    """One short line for a call's property findings (tables and lists)."""
    findings = result.properties
    if findings is None:
        return ""
    parts = []
    if findings.missing_required:
        parts.append("missing required: " + ", ".join(clip(k) for k in findings.missing_required))
    if findings.unplanned:
        parts.append("unplanned: " + ", ".join(clip(k) for k in findings.unplanned))
    for m in findings.type_mismatches:
        if m.kind == "enum":
            parts.append(f"{clip(m.key)}: {quoted(m.got)} not in {', '.join(m.expected)}")
        else:
            parts.append(f"{clip(m.key)}: {clip(m.got)}, expected {' or '.join(m.expected)}")
    return "; ".join(parts)


def semantic_key(finding: Finding, prefix: str = "") -> str:
    """What a finding is about, without line numbers: kind, file, callee, name, property.

    Fingerprints built from it survive code moving within a file (detect-secrets' baseline
    identity); `prefix` is the scanned root's path inside the repository.
    """
    call = finding.result.call
    name = (call.expression or "") if call.dynamic else (call.event or "")
    parts = (
        finding.kind.value,
        prefix + call.location.path,
        call.callee,
        call.method.value,
        name,
        finding.key or "",
    )
    return "\x1f".join(parts)


def fingerprint(key: str, occurrence: int) -> str:
    """A stable id for the `occurrence`-th finding (1-based) with this semantic key."""
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"{digest}:{occurrence}"
