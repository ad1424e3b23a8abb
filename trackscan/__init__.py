"""trackscan: static tracking-plan coverage for analytics calls."""

__version__ = "0.1.0"
