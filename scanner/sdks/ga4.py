"""Google Analytics 4 through gtag.js: `gtag('event', name, params)`."""

from __future__ import annotations

from scanner.model import Method
from scanner.sdks.model import JsMethod, JsSdk, PositionalForm, Preset

JS_GA4 = JsSdk(
    name="ga4",
    receiver_names=frozenset(),
    factories=(),
    methods={},
    command_functions=frozenset({"gtag"}),
    commands={
        # `gtag('event', '<event_name>', { <event_parameters> })`
        "event": JsMethod(Method.TRACK, PositionalForm(("event_name",), "event_name")),
    },
)

GA4 = Preset(
    name="ga4",
    title="Google Analytics 4 (gtag.js)",
    event_name="the second argument of `gtag('event', ...)`",
    python=None,
    javascript=JS_GA4,
    notes="Only `event` commands are calls; `config`, `set` and `consent` are settings. "
    "Python has no GA4 SDK (the Measurement Protocol is plain HTTP).",
)
