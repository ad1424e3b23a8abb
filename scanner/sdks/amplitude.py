"""Amplitude: the Python SDK (amplitude-analytics), the Browser, Node.js and React Native
SDKs (`@amplitude/analytics-*`) and the legacy amplitude-js."""

from __future__ import annotations

from scanner.model import Method
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
    TraitBuilder,
    TraitOperation,
)

_VALUE, _NAMED, _IGNORED = TraitOperation.VALUE, TraitOperation.NAMED, TraitOperation.IGNORED


def _identify(classes: frozenset[str], operations: dict[str, TraitOperation]) -> TraitBuilder:
    return TraitBuilder(classes, tuple(operations.items()))


# `Identify()` collects user property operations; the identify call sends them. `set`,
# `setOnce` and `add` give the trait the argument's value (`add` a number to it); the list
# operations put the argument into (or take it out of) a list, so the trait's type is not
# the argument's; `unset` and `clearAll` send no trait.
PYTHON_IDENTIFY = _identify(
    frozenset({"amplitude.Identify", "amplitude.event.Identify"}),
    {
        "set": _VALUE,
        "set_once": _VALUE,
        "add": _VALUE,
        **dict.fromkeys(("append", "prepend", "pre_insert", "post_insert", "remove"), _NAMED),
        "unset": _IGNORED,
        "clear_all": _IGNORED,
    },
)
JS_IDENTIFY = _identify(
    frozenset({"Identify"}),
    {
        "set": _VALUE,
        "setOnce": _VALUE,
        "add": _VALUE,
        **dict.fromkeys(("append", "prepend", "preInsert", "postInsert", "remove"), _NAMED),
        "unset": _IGNORED,
        "clearAll": _IGNORED,
    },
)

# `BaseEvent(event_type, user_id=None, ..., event_properties=None, ...)`: only `event_type`
# has kept its position across releases, so the rest is read by keyword.
BASE_EVENT = EventObject(
    classes=frozenset({"amplitude.BaseEvent", "amplitude.event.BaseEvent"}),
    method=Method.TRACK,
    signature=Signature(("event_type", "event_properties"), "event_type", "event_properties", 1),
)

PYTHON_AMPLITUDE = PythonSdk(
    name="amplitude",
    receiver_names=frozenset(),
    modules=frozenset(),
    client_classes=frozenset({"amplitude.Amplitude", "amplitude.client.Amplitude"}),
    methods={
        # `client.track(BaseEvent(event_type="Song Played", user_id=..., event_properties={}))`
        "track": PyMethod(
            Method.TRACK, (Signature(("event",), "event", None),), objects=(BASE_EVENT,)
        ),
        # `client.identify(identify_obj, event_options)`: traits are built by `Identify()`.
        "identify": PyMethod(
            Method.IDENTIFY,
            (Signature(("identify_obj", "event_options"), None, "identify_obj"),),
            traits=PYTHON_IDENTIFY,
        ),
    },
)

_TRACK = JsMethod(
    Method.TRACK,
    # `track(eventInput, eventProperties?, eventOptions?)`, or a `BaseEvent` object.
    PositionalForm(("eventInput",), "eventInput"),
    MessageForm(("event_type",), ("event_properties",)),
)
_PACKAGES = (
    "@amplitude/analytics-browser",
    "@amplitude/analytics-node",
    "@amplitude/analytics-react-native",
    "@amplitude/marketing-analytics-browser",
)

JS_AMPLITUDE = JsSdk(
    name="amplitude",
    receiver_names=frozenset({"amplitude"}),
    factories=tuple(
        ClientFactory(
            package,
            "createInstance",
            JsForm.POSITIONAL,
            construct=False,
            call=True,
            type_name=False,
        )
        for package in _PACKAGES
    ),
    methods={
        "track": _TRACK,
        "logEvent": _TRACK,  # amplitude-js, and a deprecated alias in the newer SDKs
        # `identify(new Identify().set(...))`: the traits are built, not written out.
        "identify": JsMethod(Method.IDENTIFY, PositionalForm((), None), traits=JS_IDENTIFY),
    },
    modules=frozenset({*_PACKAGES, "amplitude-js"}),
    instance_getters=frozenset({"getInstance"}),  # amplitude-js
)

AMPLITUDE = Preset(
    name="amplitude",
    title="Amplitude",
    event_name="the event type: `track`'s first argument or a `BaseEvent`'s `event_type`",
    python=PYTHON_AMPLITUDE,
    javascript=JS_AMPLITUDE,
    notes="Identify traits are read from an `Identify()` object only when it is made and "
    "filled (`set('plan', 'pro')`, literal keys) in the same function as the identify call, "
    "and used for nothing else; otherwise they are not known. List operations (`append`, "
    "`remove`...) give a trait whose type is not checked; `unset` and `clearAll` are ignored.",
)
