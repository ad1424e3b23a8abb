"""The analytics SDKs trackscan knows, by preset name (`--sdk NAME`, `sdks = [...]`).

The presets themselves (`scanner.sdks.catalog`) and their types (`scanner.sdks.model`) are
loaded on first use: a command line that only needs their names, or a scan answered from
its snapshot, does not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scanner.sdks.catalog import JS_SDKS, JS_SEGMENT, PRESETS, PYTHON_SEGMENT
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

# The presets' names, in `PRESETS` order (a test holds them equal).
PRESET_NAMES = ("segment", "rudderstack", "mixpanel", "posthog", "amplitude", "ga4", "snowplow")
DEFAULT_SDKS = ("segment",)

__all__ = [
    "DEFAULT_SDKS",
    "JS_SDKS",
    "JS_SEGMENT",
    "PRESETS",
    "PRESET_NAMES",
    "PYTHON_SEGMENT",
    "ClientFactory",
    "EventObject",
    "JsForm",
    "JsMethod",
    "JsSdk",
    "MessageForm",
    "PositionalForm",
    "Preset",
    "PyMethod",
    "PythonSdk",
    "Signature",
    "TraitBuilder",
    "TraitOperation",
]


_PRESET_VALUES = frozenset({"JS_SDKS", "JS_SEGMENT", "PRESETS", "PYTHON_SEGMENT"})


def __getattr__(name: str) -> Any:
    """The presets from `scanner.sdks.catalog`, the types that describe them from
    `scanner.sdks.model`, each module imported on first use."""
    if name in _PRESET_VALUES:
        from scanner.sdks import catalog

        return getattr(catalog, name)
    if name in __all__:
        from scanner.sdks import model

        return getattr(model, name)
    raise AttributeError(f"module 'scanner.sdks' has no attribute {name!r}")
