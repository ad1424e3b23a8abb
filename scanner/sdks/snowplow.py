"""Snowplow: the Python tracker (1.x event classes and the older `track_*` methods), the
JavaScript browser tracker (`@snowplow/browser-tracker` functions and the tag's `snowplow()`),
the Node.js tracker (`tracker.track(buildStructEvent({...}))`) and the React Native tracker
(`tracker.trackStructuredEvent({...})`).

The event name of a self-describing event is its schema's name, as the Iglu plan importer
names events: `iglu:com.acme/button_click/jsonschema/1-0-0` is `button_click`, and its
`data` are the properties. A structured event is named by its `action`; its `category`,
`label`, `property` and `value` are its properties.
"""

from __future__ import annotations

from scanner.model import Method, NameFormat
from scanner.sdks.model import (
    ClientFactory,
    EventObject,
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

_STRUCT_MESSAGE = MessageForm(
    ("action",), None, property_keys=("category", "label", "property", "value")
)
# Node.js: `tracker.track(buildStructEvent({ category, action }), context?)`. The `buildX`
# functions of @snowplow/node-tracker (re-exported from @snowplow/tracker-core) make the
# event and are only ever passed to `track`, so the `buildX(...)` call is the call.
_NODE_BUILDERS = {
    "buildSelfDescribingEvent": _SELF_DESCRIBING,
    "buildStructEvent": JsMethod(Method.TRACK, None, _STRUCT_MESSAGE),
    "buildPageView": JsMethod(Method.PAGE, None, MessageForm(("pageTitle",), None)),
    "buildScreenView": JsMethod(Method.SCREEN, None, MessageForm(("name",), None)),
}
_REACT_NATIVE = "@snowplow/react-native-tracker"
# React Native: `const tracker = createTracker(namespace, { endpoint })` (v1, v2) or
# `newTracker({ namespace, endpoint })` (v4), then `tracker.trackX({ ... }, contexts?)`.
_REACT_NATIVE_METHODS = {
    # `{ schema, data }`, where the browser tracker takes `{ event: { schema, data } }`.
    "trackSelfDescribingEvent": JsMethod(
        Method.TRACK, None, MessageForm(("schema",), ("data",), NameFormat.IGLU)
    ),
    "trackStructuredEvent": JsMethod(Method.TRACK, None, _STRUCT_MESSAGE),
    "trackScreenViewEvent": JsMethod(Method.SCREEN, None, MessageForm(("name",), None)),
    "trackPageViewEvent": JsMethod(Method.PAGE, None, MessageForm(("pageTitle",), None)),
}

_BROWSER_METHODS = {
    "trackSelfDescribingEvent": _SELF_DESCRIBING,
    "trackUnstructEvent": _SELF_DESCRIBING,  # the name before v3
    # `trackStructEvent({ category, action, label?, property?, value? })`; the tag of
    # v2 took them in order: `snowplow('trackStructEvent', category, action, ...)`.
    "trackStructEvent": JsMethod(
        Method.TRACK,
        PositionalForm(("category", "action"), "action", properties=False),
        _STRUCT_MESSAGE,
    ),
    # `trackPageView({ title? })`; v2: `snowplow('trackPageView', title?)`.
    "trackPageView": JsMethod(
        Method.PAGE,
        PositionalForm(("title",), "title", properties=False),
        MessageForm(("title",), None),
    ),
}

JS_SNOWPLOW = JsSdk(
    name="snowplow",
    receiver_names=frozenset(),
    factories=(
        *(
            ClientFactory(
                _REACT_NATIVE,
                export,
                JsForm.MESSAGE,
                construct=False,
                call=True,
                type_name=False,
            )
            for export in ("createTracker", "newTracker")
        ),
        ClientFactory(_REACT_NATIVE, "ReactNativeTracker", JsForm.MESSAGE, construct=False),
    ),
    methods={**_BROWSER_METHODS, **_NODE_BUILDERS},
    modules=frozenset(
        {"@snowplow/browser-tracker", "@snowplow/node-tracker", "@snowplow/tracker-core"}
    ),
    command_functions=frozenset({"snowplow"}),  # the tag: `window.snowplow('trackX', {...})`
    commands=_BROWSER_METHODS,
    form_methods={JsForm.MESSAGE: _REACT_NATIVE_METHODS},
)

SNOWPLOW = Preset(
    name="snowplow",
    title="Snowplow",
    event_name="self-describing events: the schema's name (`iglu:com.acme/button_click/"
    "jsonschema/1-0-0` is `button_click`), with `data` as the properties; structured "
    "events: the `action`, with `category`, `label`, `property` and `value` as properties",
    python=PYTHON_SNOWPLOW,
    javascript=JS_SNOWPLOW,
    notes="React Native trackers other than one made by `createTracker()` or `newTracker()` "
    "(or typed `ReactNativeTracker`): their `trackSelfDescribingEvent` takes "
    "`{ schema, data }`, the browser tracker's `{ event: { schema, data } }`. Node.js: "
    "the `buildX(...)` call passed to `tracker.track()` is reported as the call.",
)
