"""Segment: analytics-python / segment-analytics-python, analytics.js / analytics-next,
analytics-node / @segment/analytics-node and analytics-react-native."""

from __future__ import annotations

from scanner.model import Method
from scanner.sdks.model import (
    ClientFactory,
    JsForm,
    JsMethod,
    JsSdk,
    MessageForm,
    PositionalForm,
    Preset,
    PyMethod,
    PythonSdk,
    Signature,
)

# segment-analytics-python (`segment.analytics`) and its predecessor analytics-python
# (`analytics`) share these signatures, for the module functions and `Client` methods alike;
# so does RudderStack's fork.
SEGMENT_PYTHON_METHODS = {
    "track": PyMethod(
        Method.TRACK, (Signature(("user_id", "event", "properties"), "event", "properties"),)
    ),
    "identify": PyMethod(Method.IDENTIFY, (Signature(("user_id", "traits"), None, "traits"),)),
    "page": PyMethod(
        Method.PAGE,
        (Signature(("user_id", "category", "name", "properties"), "name", "properties"),),
    ),
    "screen": PyMethod(
        Method.SCREEN,
        (Signature(("user_id", "category", "name", "properties"), "name", "properties"),),
    ),
    "group": PyMethod(
        Method.GROUP, (Signature(("user_id", "group_id", "traits"), None, "traits"),)
    ),
    "alias": PyMethod(Method.ALIAS, (Signature(("previous_id", "user_id"), None, None),)),
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
    methods=SEGMENT_PYTHON_METHODS,
)


# analytics.js and analytics-next read `track(event, properties?, options?, callback?)`;
# analytics-node reads one message object. Both forms, by method.
SEGMENT_JS_METHODS = {
    "track": JsMethod(
        Method.TRACK,
        PositionalForm(("event",), "event"),
        MessageForm(("event",), ("properties",)),
    ),
    "identify": JsMethod(
        Method.IDENTIFY,
        PositionalForm(("userId",), None, optional_leading=True),
        MessageForm(None, ("traits",)),
    ),
    "page": JsMethod(
        Method.PAGE,
        PositionalForm(("category", "name"), "name", optional_leading=True, fill_from_end=True),
        MessageForm(("name",), ("properties",)),
    ),
    "screen": JsMethod(
        Method.SCREEN,
        PositionalForm(("category", "name"), "name", optional_leading=True, fill_from_end=True),
        MessageForm(("name",), ("properties",)),
    ),
    "group": JsMethod(
        Method.GROUP,
        PositionalForm(("groupId",), None, optional_leading=True),
        MessageForm(None, ("traits",)),
    ),
    "alias": JsMethod(
        Method.ALIAS,
        PositionalForm(("userId", "previousId"), None, properties=False),
        MessageForm(None, None),
    ),
}

SEGMENT_MESSAGE_KEYS = frozenset(
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
)

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
    methods=SEGMENT_JS_METHODS,
    message_keys=SEGMENT_MESSAGE_KEYS,
    identity_keys=frozenset({"userId", "anonymousId"}),
)

SEGMENT = Preset(
    name="segment",
    title="Segment",
    event_name="the event argument; page and screen calls: the page (screen) name",
    python=PYTHON_SEGMENT,
    javascript=JS_SEGMENT,
)
