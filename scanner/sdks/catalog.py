"""The analytics SDK presets by name, built on first use (read through `scanner.sdks`)."""

from __future__ import annotations

from scanner.sdks.amplitude import AMPLITUDE
from scanner.sdks.ga4 import GA4
from scanner.sdks.mixpanel import MIXPANEL
from scanner.sdks.model import JsSdk, Preset
from scanner.sdks.posthog import POSTHOG
from scanner.sdks.rudderstack import RUDDERSTACK
from scanner.sdks.segment import JS_SEGMENT, PYTHON_SEGMENT, SEGMENT
from scanner.sdks.snowplow import SNOWPLOW

PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (SEGMENT, RUDDERSTACK, MIXPANEL, POSTHOG, AMPLITUDE, GA4, SNOWPLOW)
}

JS_SDKS: tuple[JsSdk, ...] = (JS_SEGMENT,)

__all__ = ["JS_SDKS", "JS_SEGMENT", "PRESETS", "PYTHON_SEGMENT"]
