"""GitLab Code Quality report: a JSON array GitLab shows in merge requests.

Each item needs `description`, `check_name`, a unique `fingerprint`, `severity` and a
`location`; GitLab does not display `check_name`, so the description starts with it.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from reports.findings import call_findings, fingerprint, semantic_key
from reports.sarif import RULE_INDEX, RULES
from scanner.model import Report

_SEVERITY = {"error": "major", "warning": "minor", "note": "info"}


def to_items(report: Report, prefix: str = "") -> list[dict[str, Any]]:
    items = []
    seen: Counter[str] = Counter()
    for result in report.calls:
        for finding in call_findings(result):
            rule = RULES[RULE_INDEX[finding.kind]]
            key = semantic_key(finding, prefix)
            seen[key] += 1
            items.append(
                {
                    "description": f"{finding.kind.value}: {finding.message}",
                    "check_name": finding.kind.value,
                    "fingerprint": fingerprint(key, seen[key]),
                    "severity": _SEVERITY[rule.level],
                    "location": {
                        "path": prefix + result.call.location.path,
                        "lines": {"begin": result.call.location.line},
                    },
                }
            )
    for problem in report.errors:
        key = f"{problem.kind.value}\x1f{prefix}{problem.path}"
        seen[key] += 1
        items.append(
            {
                "description": f"{problem.kind.value}: {problem.path}: {problem.message}",
                "check_name": problem.kind.value,
                "fingerprint": hashlib.sha256(f"{key}\x1f{seen[key]}".encode()).hexdigest()[:32],
                "severity": "major",
                "location": {"path": prefix + problem.path, "lines": {"begin": problem.line or 1}},
            }
        )
    return items


def render(report: Report, prefix: str = "") -> str:
    return json.dumps(to_items(report, prefix), indent=2, ensure_ascii=False) + "\n"
