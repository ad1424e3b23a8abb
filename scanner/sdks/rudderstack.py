"""RudderStack: rudder-sdk-python, the JavaScript SDK (v3 and v1.1) and the Node.js SDK.

RudderStack's SDKs are Segment-compatible: same methods, same arguments, same message keys.
"""

from __future__ import annotations

from scanner.sdks.model import ClientFactory, JsForm, JsSdk, Preset, PythonSdk
from scanner.sdks.segment import SEGMENT_JS_METHODS, SEGMENT_MESSAGE_KEYS, SEGMENT_PYTHON_METHODS

PYTHON_RUDDERSTACK = PythonSdk(
    name="rudderstack",
    # `import rudderstack.analytics as rudder_analytics`, as RudderStack's docs write it.
    receiver_names=frozenset({"rudder_analytics"}),
    modules=frozenset({"rudderstack.analytics", "rudder_analytics"}),
    client_classes=frozenset(
        {
            "rudderstack.analytics.Client",
            "rudderstack.analytics.client.Client",
            "rudder_analytics.Client",
            "rudder_analytics.client.Client",
        }
    ),
    methods=SEGMENT_PYTHON_METHODS,
)

JS_RUDDERSTACK = JsSdk(
    name="rudderstack",
    receiver_names=frozenset({"rudderanalytics"}),  # the snippet's `window.rudderanalytics`
    factories=(
        # @rudderstack/analytics-js (v3): `const analytics = new RudderAnalytics()`.
        ClientFactory("@rudderstack/analytics-js", "RudderAnalytics", JsForm.POSITIONAL),
        # @rudderstack/rudder-sdk-node: `new Analytics(WRITE_KEY, { dataPlaneUrl })`, the
        # module's default export (`require('@rudderstack/rudder-sdk-node')`).
        ClientFactory("@rudderstack/rudder-sdk-node", "default", JsForm.MESSAGE),
    ),
    methods=SEGMENT_JS_METHODS,
    # rudder-sdk-js (v1.1): `import * as rudderanalytics from 'rudder-sdk-js'`.
    modules=frozenset({"rudder-sdk-js"}),
    message_keys=SEGMENT_MESSAGE_KEYS,
    identity_keys=frozenset({"userId", "anonymousId"}),
)

RUDDERSTACK = Preset(
    name="rudderstack",
    title="RudderStack",
    event_name="the event argument; page and screen calls: the page (screen) name",
    python=PYTHON_RUDDERSTACK,
    javascript=JS_RUDDERSTACK,
)
