"""Call patterns as data: which callees are analytics calls, and where their arguments sit.

Signatures follow the SDKs' real parameter lists, so positional and keyword arguments bind
the way they do at run time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scanner.model import Method


@dataclass(frozen=True, slots=True)
class Signature:
    params: tuple[str, ...]  # parameter names in positional order
    event: str | None  # the parameter holding the event (or page/screen) name
    properties: str | None  # the parameter holding properties or traits


@dataclass(frozen=True, slots=True)
class PythonSdk:
    name: str
    # `<receiver>.<method>(...)` is a call whatever `<receiver>` is bound to.
    receiver_names: frozenset[str]
    # Module functions: `from segment.analytics import track`, `import segment.analytics as a`.
    modules: frozenset[str]
    # Classes whose instances are clients: `client = Client(key)`; `client.track(...)`.
    client_classes: frozenset[str]
    methods: dict[str, Method] = field(default_factory=dict)
    signatures: dict[Method, Signature] = field(default_factory=dict)


# segment-analytics-python (`segment.analytics`) and its predecessor analytics-python
# (`analytics`) share these signatures, for the module functions and `Client` methods alike.
SEGMENT_PYTHON_SIGNATURES = {
    Method.TRACK: Signature(("user_id", "event", "properties"), "event", "properties"),
    Method.IDENTIFY: Signature(("user_id", "traits"), None, "traits"),
    Method.PAGE: Signature(("user_id", "category", "name", "properties"), "name", "properties"),
    Method.SCREEN: Signature(("user_id", "category", "name", "properties"), "name", "properties"),
    Method.GROUP: Signature(("user_id", "group_id", "traits"), None, "traits"),
    Method.ALIAS: Signature(("previous_id", "user_id"), None, None),
}

PYTHON_SEGMENT = PythonSdk(
    name="segment",
    receiver_names=frozenset({"analytics"}),
    modules=frozenset({"segment.analytics", "analytics"}),
    client_classes=frozenset(
        {
            "segment.analytics.Client",
            "segment.analytics.client.Client",
            "analytics.Client",
            "analytics.client.Client",
        }
    ),
    methods={method.value: method for method in Method},
    signatures=SEGMENT_PYTHON_SIGNATURES,
)
