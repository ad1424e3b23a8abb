"""Mixpanel: mixpanel-python, mixpanel-browser and the Node.js library `mixpanel`."""

from __future__ import annotations

from scanner.model import Method
from scanner.sdks.model import (
    ClientFactory,
    JsForm,
    JsMethod,
    JsSdk,
    PositionalForm,
    Preset,
    PyMethod,
    PythonSdk,
    Signature,
)


def _python_method(method: Method, params: tuple[str, ...], event: str | None) -> PyMethod:
    properties = "properties" if "properties" in params else None
    return PyMethod(method, (Signature(params, event, properties),))


PYTHON_MIXPANEL = PythonSdk(
    name="mixpanel",
    receiver_names=frozenset({"mixpanel"}),
    modules=frozenset(),  # mixpanel-python has no module-level functions
    client_classes=frozenset({"mixpanel.Mixpanel"}),
    methods={
        # `mp.track(distinct_id, event_name, properties=None, meta=None)`
        "track": _python_method(
            Method.TRACK, ("distinct_id", "event_name", "properties", "meta"), "event_name"
        ),
        "import_data": _python_method(
            Method.TRACK,
            ("api_key", "distinct_id", "event_name", "timestamp", "properties", "meta"),
            "event_name",
        ),
        # Profile updates are Mixpanel's traits.
        "people_set": _python_method(Method.IDENTIFY, ("distinct_id", "properties", "meta"), None),
        "people_set_once": _python_method(
            Method.IDENTIFY, ("distinct_id", "properties", "meta"), None
        ),
        "people_increment": _python_method(
            Method.IDENTIFY, ("distinct_id", "properties", "meta"), None
        ),
        "people_append": _python_method(
            Method.IDENTIFY, ("distinct_id", "properties", "meta"), None
        ),
        "people_union": _python_method(
            Method.IDENTIFY, ("distinct_id", "properties", "meta"), None
        ),
        "group_set": _python_method(
            Method.GROUP, ("group_key", "group_id", "properties", "meta"), None
        ),
        "alias": _python_method(Method.ALIAS, ("alias_id", "original", "meta"), None),
    },
)

_TRACK = JsMethod(Method.TRACK, PositionalForm(("event_name",), "event_name"))
# Profile updates: mixpanel-browser's `people.set(prop, to?, callback?)`, where `prop` is an
# object of properties or one property's name; the Node.js library takes the user first,
# `people.set(distinct_id, prop, to?, modifiers?, callback?)`. `increment(prop, by?)`,
# `append` and `union` read the same way.
_PEOPLE = ("set", "set_once", "increment", "append", "union")
_BROWSER_PEOPLE = JsMethod(Method.IDENTIFY, PositionalForm((), None, key_value=True))
_NODE_PEOPLE = JsMethod(Method.IDENTIFY, PositionalForm(("distinct_id",), None, key_value=True))

JS_MIXPANEL = JsSdk(
    name="mixpanel",
    receiver_names=frozenset({"mixpanel"}),
    factories=(
        # `mixpanel.init(token, config, name)` returns the named instance.
        ClientFactory(
            "mixpanel-browser",
            "default",
            JsForm.POSITIONAL,
            construct=False,
            static_methods=frozenset({"init"}),
            type_name=False,
        ),
        ClientFactory("mixpanel-browser", "Mixpanel", JsForm.POSITIONAL, construct=False),
        # Node.js: `const mixpanel = Mixpanel.init(token)`.
        ClientFactory(
            "mixpanel",
            "default",
            JsForm.USER_FIRST,
            construct=False,
            static_methods=frozenset({"init"}),
            type_name=False,
        ),
    ),
    methods={
        # `track(event_name, properties?, optional_options?, callback?)`
        "track": _TRACK,
        "track_with_groups": _TRACK,
        "identify": JsMethod(
            Method.IDENTIFY, PositionalForm(("unique_id",), None, properties=False)
        ),
        "alias": JsMethod(Method.ALIAS, PositionalForm(("alias", "original"), None, False)),
        # `track_pageview(properties?)`: a page view without a name.
        "track_pageview": JsMethod(Method.PAGE, PositionalForm((), None)),
        **{f"people.{name}": _BROWSER_PEOPLE for name in _PEOPLE},
    },
    # `import mixpanel from 'mixpanel-browser'` under any local name.
    modules=frozenset({"mixpanel-browser"}),
    form_methods={JsForm.USER_FIRST: {f"people.{name}": _NODE_PEOPLE for name in _PEOPLE}},
)

MIXPANEL = Preset(
    name="mixpanel",
    title="Mixpanel",
    event_name="the event name argument (`event_name`)",
    python=PYTHON_MIXPANEL,
    javascript=JS_MIXPANEL,
    notes="`register()` and `register_once()`: super properties go with every later event, "
    "not on the profile, so they are neither traits nor an event. JavaScript profile updates "
    "take the user first (`people.set(distinct_id, ...)`) only on a client made by the "
    "Node.js library's `Mixpanel.init()`; any other receiver is read as mixpanel-browser's "
    "`people.set(prop, to?)`.",
)
