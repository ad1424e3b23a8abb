"""`trackscan sdks [NAME ...]`: the SDK presets and exactly what each one matches."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from scanner.errors import ConfigError
from scanner.sdks import DEFAULT_SDKS, PRESETS
from scanner.suggest import did_you_mean
from trackscan.explain import describe_preset


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trackscan sdks",
        description="List the analytics SDK presets (--sdk NAME, config `sdks = [...]`) and "
        "the calls each one matches, with the arguments that carry the event name.",
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help="only these presets")
    return parser


def sdks_command(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    for name in args.names:
        if name not in PRESETS:
            raise ConfigError(
                f"unknown SDK '{name}'"
                + did_you_mean(name, PRESETS)
                + "; known: "
                + ", ".join(PRESETS)
            )
    chosen = args.names or list(PRESETS)
    lines = [
        f"SDK presets: choose with --sdk NAME (repeatable) or `sdks = [...]` in the config; "
        f"default: {', '.join(DEFAULT_SDKS)}; `all` for every one.",
        "",
    ]
    for name in chosen:
        lines += [*describe_preset(PRESETS[name]), ""]
    sys.stdout.write("\n".join(lines))
    return 0
