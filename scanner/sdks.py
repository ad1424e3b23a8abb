"""Call patterns as data: which callees are analytics calls, and where their arguments sit.

Signatures follow the SDKs' real parameter lists, so positional and keyword arguments bind
the way they do at run time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

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


# ---------------------------------------------------------------------------
# JavaScript and TypeScript SDKs.


class JsForm(str, Enum):
    """How a client's methods take their arguments."""

    # analytics.js / @segment/analytics-next: `track(event, properties?, options?, callback?)`.
    POSITIONAL = "positional"
    # analytics-node / @segment/analytics-node: `track({ userId, event, properties })`.
    MESSAGE = "message"


@dataclass(frozen=True, slots=True)
class PositionalForm:
    """Where the name and properties sit in a positional call.

    `leading` are the parameters before the properties (or traits). They are optional when
    `optional_leading` is set: an object in their place means they were left out, as in
    `identify({ email })`. With `fill_from_end`, fewer leading arguments fill the later
    parameters first, the way analytics-next reads `page('Home')` (a name) and
    `page('Docs', 'Home')` (a category and a name).
    """

    leading: tuple[str, ...]
    event: str | None  # which leading parameter is the event (or page/screen) name
    properties: bool = True  # whether the argument after the leading ones is properties/traits
    optional_leading: bool = False
    fill_from_end: bool = False


@dataclass(frozen=True, slots=True)
class MessageForm:
    """The keys of a message object: `track({ userId, event: 'X', properties: {...} })`."""

    event: str | None  # key holding the event (or page/screen) name
    properties: str | None  # key holding properties or traits


@dataclass(frozen=True, slots=True)
class ClientFactory:
    """An SDK export that makes clients: `new X(...)`, `X(...)` or `X.<static>(...)`."""

    module: str  # the import specifier, exactly as written in `import ... from`
    export: str  # the exported name; "default" for a default export or `module.exports`
    form: JsForm
    construct: bool = True  # `new X(...)` is a client
    static_methods: frozenset[str] = frozenset()  # `X.load(...)` is a client
    call: bool = False  # `X(...)` is a client
    type_name: bool = True  # a value annotated `: X` is a client


@dataclass(frozen=True, slots=True)
class JsSdk:
    name: str
    # `<anything>.analytics.<method>(...)` is a call whatever `analytics` is bound to.
    receiver_names: frozenset[str]
    factories: tuple[ClientFactory, ...]
    methods: dict[str, Method]
    positional: dict[Method, PositionalForm]
    message: dict[Method, MessageForm]
    # Every key a message object may hold; a first argument made only of these keys, with
    # one of `identity_keys`, is a message even when the client's form is not known.
    message_keys: frozenset[str] = frozenset()
    identity_keys: frozenset[str] = frozenset()


SEGMENT_JS_POSITIONAL = {
    Method.TRACK: PositionalForm(("event",), "event"),
    Method.IDENTIFY: PositionalForm(("userId",), None, optional_leading=True),
    Method.PAGE: PositionalForm(
        ("category", "name"), "name", optional_leading=True, fill_from_end=True
    ),
    Method.SCREEN: PositionalForm(
        ("category", "name"), "name", optional_leading=True, fill_from_end=True
    ),
    Method.GROUP: PositionalForm(("groupId",), None, optional_leading=True),
    Method.ALIAS: PositionalForm(("userId", "previousId"), None, properties=False),
}

SEGMENT_JS_MESSAGE = {
    Method.TRACK: MessageForm("event", "properties"),
    Method.IDENTIFY: MessageForm(None, "traits"),
    Method.PAGE: MessageForm("name", "properties"),
    Method.SCREEN: MessageForm("name", "properties"),
    Method.GROUP: MessageForm(None, "traits"),
    Method.ALIAS: MessageForm(None, None),
}

JS_SEGMENT = JsSdk(
    name="segment",
    receiver_names=frozenset({"analytics"}),
    factories=(
        # @segment/analytics-next: `AnalyticsBrowser.load({ writeKey })`, `new AnalyticsBrowser()`
        ClientFactory(
            "@segment/analytics-next",
            "AnalyticsBrowser",
            JsForm.POSITIONAL,
            static_methods=frozenset({"load", "standalone"}),
        ),
        ClientFactory("@segment/analytics-next", "Analytics", JsForm.POSITIONAL),
        # @segment/analytics-react-native: `createClient({ writeKey })`.
        ClientFactory(
            "@segment/analytics-react-native",
            "createClient",
            JsForm.POSITIONAL,
            construct=False,
            call=True,
            type_name=False,
        ),
        ClientFactory("@segment/analytics-react-native", "SegmentClient", JsForm.POSITIONAL),
        # @segment/analytics-node: `new Analytics({ writeKey })`.
        ClientFactory("@segment/analytics-node", "Analytics", JsForm.MESSAGE),
        # analytics-node (the older package): `new Analytics(writeKey)`, a default export.
        ClientFactory("analytics-node", "default", JsForm.MESSAGE),
    ),
    methods={method.value: method for method in Method},
    positional=SEGMENT_JS_POSITIONAL,
    message=SEGMENT_JS_MESSAGE,
    message_keys=frozenset(
        {
            "userId",
            "anonymousId",
            "event",
            "properties",
            "traits",
            "name",
            "category",
            "groupId",
            "previousId",
            "context",
            "timestamp",
            "integrations",
            "messageId",
        }
    ),
    identity_keys=frozenset({"userId", "anonymousId"}),
)

JS_SDKS: tuple[JsSdk, ...] = (JS_SEGMENT,)
