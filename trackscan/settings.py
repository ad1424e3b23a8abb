"""Settings of a scan: defaults, then the config file, then flags, checked once.

Every option is a config key (`trackscan.config.OPTIONS`) and a flag of the same name;
whatever is wrong with them is a `ConfigError` (exit 2) before any file is read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from reports import json_report
from reports.links import check_template
from scanner import ScanOptions
from scanner.discover import DiscoverOptions
from scanner.errors import ConfigError
from scanner.gates import FAIL_ON_KINDS, NEW_KINDS
from scanner.model import Report, ReportMeta, Shard, TrackingPlan
from scanner.naming import NamingConventions
from scanner.options import ExtractOptions
from scanner.plan import find_default_plan, load_plan
from scanner.sdks import DEFAULT_SDKS
from scanner.shard import parse_shard
from scanner.source import DEFAULT_MAX_FILE_SIZE
from scanner.suggest import did_you_mean
from trackscan import __version__
from trackscan.call_patterns import sdk_list
from trackscan.config import OPTIONS, find_config_file, parse_size, read_config
from trackscan.git_head import AskGit, head_commit


@dataclass(frozen=True)
class Settings:
    """Everything one run needs, from the command line, the config file and the defaults."""

    root: Path
    root_shown: str
    plan: Path | None
    plan_format: str | None
    scan: ScanOptions
    fail_under: float | None
    fail_on: tuple[str, ...]
    exit_zero: bool
    json: str | None
    quiet: bool
    verbose: bool
    color: str
    warnings: tuple[str, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)  # every merged option, for extensions
    html: str | None = None
    markdown: str | None = None
    sarif: str | None = None
    gitlab: str | None = None
    github_annotations: bool | None = None  # None: on inside GitHub Actions
    source_url: str | None = None
    baseline: Path | None = None
    naming: NamingConventions = field(default_factory=NamingConventions)
    progress: bool = True
    explain: bool = False

    @property
    def stdout_output(self) -> str | None:
        """The output written to stdout ('-'), if any: the summary then goes to stderr."""
        for name in ("json", "markdown", "sarif", "gitlab"):
            if getattr(self, name) == "-":
                return name
        return None


def load_settings(args: argparse.Namespace) -> Settings:
    # 1) the root must exist
    root = Path(args.path)
    if not root.exists():
        raise ConfigError("path does not exist", args.path)
    # 2) the config file, if any
    config = read_config(find_config_file(root, Path(args.config) if args.config else None))
    values = dict(config.values)
    # 3) flags override the file
    for key in OPTIONS:
        flag_value = getattr(args, key, None)
        if flag_value is not None:
            values[key] = _flag_value(key, flag_value)
    fail_on = tuple(values.get("fail_on", ()))
    for kind in fail_on:
        if kind not in FAIL_ON_KINDS:
            raise ConfigError(
                f"unknown --fail-on kind '{kind}'"
                + did_you_mean(kind, FAIL_ON_KINDS)
                + "; expected "
                + ", ".join(FAIL_ON_KINDS)
            )
    introduced = [kind for kind in fail_on if kind in NEW_KINDS]
    if introduced and not values.get("baseline"):
        raise ConfigError(
            f"--fail-on {introduced[0]} gates on what a change introduced: "
            "pass --baseline REPORT.json (the base branch's JSON report)"
        )
    _check_outputs(values)
    shard = _shard(values.get("shard"))
    if shard is not None and (values.get("fail_under") is not None or "missing" in fail_on):
        raise ConfigError(
            "--fail-under and --fail-on missing judge the whole repository, not one shard: "
            "apply them to `trackscan merge` of the shard reports"
        )
    return Settings(
        root=root,
        root_shown=args.path,
        plan=Path(values["plan"]) if values.get("plan") else None,
        plan_format=values.get("plan_format"),
        naming=NamingConventions(values.get("event_naming"), values.get("property_naming")),
        scan=ScanOptions(
            discover=DiscoverOptions(
                include=tuple(values.get("include", ())),
                exclude=tuple(values.get("exclude", ())),
                respect_gitignore=values.get("respect_gitignore", True),
            ),
            max_file_size=values.get("max_file_size", DEFAULT_MAX_FILE_SIZE),
            check_syntax=bool(values.get("check_syntax", False)),
            jobs=values.get("jobs"),
            cache_dir=cache_directory(root, values),
            shard=shard,
            extraction=ExtractOptions(
                sdks=values.get("sdks", DEFAULT_SDKS),
                calls=values.get("calls", ()),
                infer_wrappers=values.get("infer_wrappers", True),
            ),
        ),
        fail_under=values.get("fail_under"),
        fail_on=fail_on,
        exit_zero=bool(values.get("exit_zero", False)),
        json=values.get("json"),
        quiet=bool(values.get("quiet", False)),
        verbose=bool(values.get("verbose", False)),
        color=values.get("color", "auto"),
        warnings=config.warnings,
        values=values,
        html=values.get("html"),
        markdown=values.get("markdown"),
        sarif=values.get("sarif"),
        gitlab=values.get("gitlab"),
        github_annotations=values.get("github_annotations"),
        source_url=values.get("source_url"),
        baseline=Path(values["baseline"]) if values.get("baseline") else None,
        progress=bool(values.get("progress", True)),
        explain=bool(values.get("explain", False)),
    )


def _shard(text: str | None) -> Shard | None:
    if text is None:
        return None
    try:
        return parse_shard(text)
    except ValueError as error:
        raise ConfigError(f"--shard: {error}") from None


def cache_directory(root: Path, values: dict[str, Any]) -> Path | None:
    if values.get("cache") is False:
        return None
    if values.get("cache_dir"):
        return Path(values["cache_dir"])
    return default_cache_dir(root)


def default_cache_dir(root: Path) -> Path:
    """`.trackscan_cache` at the root: discovery never descends into it."""
    return (root if root.is_dir() else root.parent) / ".trackscan_cache"


def _check_outputs(values: dict[str, Any]) -> None:
    to_stdout = [
        f"--{name}" for name in ("json", "markdown", "sarif", "gitlab") if values.get(name) == "-"
    ]
    if len(to_stdout) > 1:
        raise ConfigError(f"only one output can go to stdout: {' and '.join(to_stdout)} are '-'")
    if values.get("html") == "-":
        raise ConfigError("--html needs a file name (the report is one self-contained file)")
    template = values.get("source_url")
    if template is not None:
        problem = check_template(template)
        if problem is not None:
            raise ConfigError(f"--source-url must be a URL template {problem}, got {template!r}")


def _flag_value(key: str, value: Any) -> Any:
    if key == "max_file_size":
        try:
            return parse_size(value)
        except TypeError:
            raise ConfigError(
                f"--max-file-size: expected a size such as 2MiB, got {value!r}"
            ) from None
    if key == "fail_on" and isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if key in ("include", "exclude"):
        return tuple(value)
    if key == "jobs" and value < 1:
        raise ConfigError(f"--jobs: expected at least 1, got {value}")
    if key == "sdks":
        try:
            return sdk_list(value, "--sdk")
        except ValueError as problem:
            raise ConfigError(str(problem)) from None
    return value


def load_tracking_plan(settings: Settings) -> TrackingPlan | None:
    plan_path = settings.plan or find_default_plan(settings.root)
    if plan_path is None:
        if settings.fail_under is not None or "missing" in settings.fail_on:
            raise ConfigError(
                "--fail-under and --fail-on missing need a tracking plan (--plan FILE)"
            )
        return None
    return load_plan(plan_path, display_path(plan_path, settings.root), settings.plan_format)


def display_path(path: Path, root: Path) -> str:
    """A path relative to the scanned root when it lies inside it, else as given."""
    try:
        base = root if root.is_dir() else root.parent
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


def make_meta(settings: Settings) -> ReportMeta:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")  # reproducible reports
    now = (
        dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        if epoch and epoch.isdigit()
        else dt.datetime.now(dt.timezone.utc)
    )
    return ReportMeta(
        root=settings.root_shown,
        tool_version=__version__,
        generated_at=now.replace(microsecond=0).isoformat(),
        commit=git_commit(settings.root),
    )


def git_commit(root: Path) -> str | None:
    directory = root if root.is_dir() else root.parent
    try:
        return head_commit(directory)
    except AskGit:
        pass
    import subprocess  # only now: starting processes is most of what a warm scan would do

    try:
        done = subprocess.run(
            ["git", "-C", str(directory), "rev-parse", "--verify", "-q", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and commit else None


def repo_prefix(root: Path) -> str:
    """The scanned root's path inside its git checkout ("" at the top or outside git)."""
    import subprocess

    directory = root if root.is_dir() else root.parent
    try:
        done = subprocess.run(
            ["git", "-C", str(directory), "rev-parse", "--show-prefix"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def root_prefix(root: str) -> str:
    """Hosts address files from the repository's top; a relative scanned root is that prefix."""
    path = PurePosixPath(root.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or str(path) == ".":
        return ""
    return f"{path.as_posix().strip('/')}/"


def load_baseline(path: Path) -> Report:
    """The `--baseline` report; anything unreadable or invalid stops the run (exit 2)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(
            f"--baseline: cannot read the report: {error.strerror}", str(path)
        ) from None
    except UnicodeDecodeError:
        raise ConfigError("--baseline: the report is not UTF-8 text", str(path)) from None
    try:
        return json_report.load(text)
    except ValueError as error:
        raise ConfigError(
            f"--baseline: not a usable trackscan JSON report: {error}", str(path)
        ) from None
