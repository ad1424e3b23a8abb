"""PostHog: posthog-python (the keyword form of 6.x and the positional form before it),
posthog-js (also through `usePostHog()`) and posthog-node."""

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

PYTHON_POSTHOG = PythonSdk(
    name="posthog",
    receiver_names=frozenset({"posthog"}),
    modules=frozenset({"posthog"}),
    client_classes=frozenset({"posthog.Posthog", "posthog.Client", "posthog.client.Client"}),
    methods={
        "capture": PyMethod(
            Method.TRACK,
            (
                # 6.x: `capture(event, *, distinct_id=None, properties=None, ...)`.
                Signature(("event", "distinct_id", "properties"), "event", "properties", 1),
                # up to 5.x: `capture(distinct_id, event, properties=None, ...)`.
                Signature(("distinct_id", "event", "properties"), "event", "properties"),
            ),
        ),
        # `identify` (up to 5.x) and `set`/`set_once` update the person's properties.
        "identify": PyMethod(
            Method.IDENTIFY, (Signature(("distinct_id", "properties"), None, "properties"),)
        ),
        "set": PyMethod(
            Method.IDENTIFY, (Signature(("distinct_id", "properties"), None, "properties"),)
        ),
        "set_once": PyMethod(
            Method.IDENTIFY, (Signature(("distinct_id", "properties"), None, "properties"),)
        ),
        "group_identify": PyMethod(
            Method.GROUP,
            (Signature(("group_type", "group_key", "properties"), None, "properties"),),
        ),
        "alias": PyMethod(Method.ALIAS, (Signature(("previous_id", "distinct_id"), None, None),)),
    },
)

JS_POSTHOG = JsSdk(
    name="posthog",
    receiver_names=frozenset({"posthog"}),
    factories=(
        # posthog-js/react: `const posthog = usePostHog()`.
        ClientFactory(
            "posthog-js/react",
            "usePostHog",
            JsForm.POSITIONAL,
            construct=False,
            call=True,
            type_name=False,
        ),
        ClientFactory("posthog-js", "PostHog", JsForm.POSITIONAL),
        # posthog-node: `new PostHog(apiKey)`, then `client.capture({ distinctId, event })`.
        ClientFactory("posthog-node", "PostHog", JsForm.MESSAGE),
    ),
    methods={
        # posthog-js `capture(event_name, properties?, options?)`; posthog-node
        # `capture({ distinctId, event, properties })`.
        "capture": JsMethod(
            Method.TRACK,
            PositionalForm(("event_name",), "event_name"),
            MessageForm(("event",), ("properties",)),
        ),
        "identify": JsMethod(
            Method.IDENTIFY,
            PositionalForm(("distinct_id",), None),
            MessageForm(None, ("properties",)),
        ),
        "group": JsMethod(Method.GROUP, PositionalForm(("group_type", "group_key"), None)),
        "groupIdentify": JsMethod(Method.GROUP, None, MessageForm(None, ("properties",))),
        "alias": JsMethod(
            Method.ALIAS,
            PositionalForm(("alias", "original"), None, properties=False),
            MessageForm(None, None),
        ),
    },
    # `import posthog from 'posthog-js'` under any local name.
    modules=frozenset({"posthog-js"}),
    message_keys=frozenset(
        {
            "distinctId",
            "event",
            "properties",
            "groups",
            "timestamp",
            "uuid",
            "groupType",
            "groupKey",
            "alias",
            "sendFeatureFlags",
            "disableGeoip",
        }
    ),
    identity_keys=frozenset({"distinctId"}),
)

POSTHOG = Preset(
    name="posthog",
    title="PostHog",
    event_name="the event argument (`event` in Python and posthog-node, `event_name` in "
    "posthog-js)",
    python=PYTHON_POSTHOG,
    javascript=JS_POSTHOG,
)
