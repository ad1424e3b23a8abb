"""Snowplow: the Python tracker (1.x event classes and the older `track_*` methods) and the
JavaScript browser tracker (`@snowplow/browser-tracker` functions and the tag's `snowplow()`).

The event name of a self-describing event is its schema's name, as the Iglu plan importer
names events: `iglu:com.acme/button_click/jsonschema/1-0-0` is `button_click`, and its
`data` are the properties. A structured event is named by its `action`; its `category`,
`label`, `property` and `value` are its properties.
"""

from __future__ import annotations

from scanner.model import Method, NameFormat
from scanner.sdks.model import (
    EventObject,
    JsMethod,
    JsSdk,
    MessageForm,
    PositionalForm,
    Preset,
    PyMethod,
    PythonSdk,
    Signature,
)


def _classes(name: str, *modules: str) -> frozenset[str]:
    return frozenset(f"snowplow_tracker.{module}{name}" for module in ("", *modules))


_SELF_DESCRIBING_JSON = EventObject(
    classes=_classes("SelfDescribingJson", "self_describing_json."),
    method=Method.TRACK,
    signature=Signature(("schema", "data"), "schema", "data", name_format=NameFormat.IGLU),
)
_STRUCT = Signature(
    ("category", "action", "label", "property_", "value"),
    "action",
    None,
    property_params=(
        ("category", "category"),
        ("label", "label"),
        ("property_", "property"),
        ("value", "value"),
    ),
)
_EVENTS = (
    EventObject(
        classes=_classes("SelfDescribing", "events.", "events.self_describing."),
        method=Method.TRACK,
        signature=Signature(("event_json",), "event_json", None),
        inner=(_SELF_DESCRIBING_JSON,),
    ),
    EventObject(
        classes=_classes("StructuredEvent", "events.", "events.structured_event."),
        method=Method.TRACK,
        signature=_STRUCT,
    ),
    EventObject(
        classes=_classes("PageView", "events.", "events.page_view."),
        method=Method.PAGE,
        signature=Signature(("page_url", "page_title", "referrer"), "page_title", None),
    ),
    EventObject(
        classes=_classes("ScreenView", "events.", "events.screen_view."),
        method=Method.SCREEN,
        signature=Signature(("name", "id_"), "name", None),
    ),
)
_SELF_DESCRIBING_METHOD = PyMethod(
    Method.TRACK,
    (Signature(("event_json",), "event_json", None),),
    objects=(_SELF_DESCRIBING_JSON,),
)

PYTHON_SNOWPLOW = PythonSdk(
    name="snowplow",
    receiver_names=frozenset(),  # trackers are usually called `tracker`: too common a name
    modules=frozenset(),
    client_classes=frozenset(
        {
            "snowplow_tracker.Tracker",
            "snowplow_tracker.tracker.Tracker",
            "snowplow_tracker.Snowplow.create_tracker",
            "snowplow_tracker.snowplow.Snowplow.create_tracker",
        }
    ),
    methods={
        # 1.x: `tracker.track(SelfDescribing(SelfDescribingJson(schema, data)))`, ...
        "track": PyMethod(Method.TRACK, (Signature(("event",), "event", None),), objects=_EVENTS),
        # before 1.0 (still there, deprecated)
        "track_self_describing_event": _SELF_DESCRIBING_METHOD,
        "track_unstruct_event": _SELF_DESCRIBING_METHOD,
        "track_struct_event": PyMethod(Method.TRACK, (_STRUCT,)),
        "track_page_view": PyMethod(
            Method.PAGE, (Signature(("page_url", "page_title", "referrer"), "page_title", None),)
        ),
        "track_screen_view": PyMethod(Method.SCREEN, (Signature(("name", "id_"), "name", None),)),
    },
)

_SELF_DESCRIBING = JsMethod(
    Method.TRACK,
    None,
    # `trackSelfDescribingEvent({ event: { schema: 'iglu:…', data: {…} } })`
    MessageForm(("event", "schema"), ("event", "data"), NameFormat.IGLU),
)

JS_SNOWPLOW = JsSdk(
    name="snowplow",
    receiver_names=frozenset(),
    factories=(),
    methods={
        "trackSelfDescribingEvent": _SELF_DESCRIBING,
        "trackUnstructEvent": _SELF_DESCRIBING,  # the name before v3
        # `trackStructEvent({ category, action, label?, property?, value? })`; the tag of
        # v2 took them in order: `snowplow('trackStructEvent', category, action, ...)`.
        "trackStructEvent": JsMethod(
            Method.TRACK,
            PositionalForm(("category", "action"), "action", properties=False),
            MessageForm(
                ("action",), None, property_keys=("category", "label", "property", "value")
            ),
        ),
        # `trackPageView({ title? })`; v2: `snowplow('trackPageView', title?)`.
        "trackPageView": JsMethod(
            Method.PAGE,
            PositionalForm(("title",), "title", properties=False),
            MessageForm(("title",), None),
        ),
    },
    modules=frozenset({"@snowplow/browser-tracker"}),
    command_functions=frozenset({"snowplow"}),  # the tag: `window.snowplow('trackX', {...})`
)

SNOWPLOW = Preset(
    name="snowplow",
    title="Snowplow",
    event_name="self-describing events: the schema's name (`iglu:com.acme/button_click/"
    "jsonschema/1-0-0` is `button_click`), with `data` as the properties; structured "
    "events: the `action`, with `category`, `label`, `property` and `value` as properties",
    python=PYTHON_SNOWPLOW,
    javascript=JS_SNOWPLOW,
    notes="The Node.js and React Native trackers are not read.",
)
