"""`stackfit check --format gitlab`: GitLab's code-quality report (a JSON list of issues).

GitLab needs a path on every issue: findings about the whole repository point at the policy
file, else at the repository's root.
"""

from __future__ import annotations

import hashlib
from typing import Any

from analyzer import jsontext
from analyzer.checks.policy import CheckResult
from analyzer.checks.policy import Finding

# GitLab's severities: info, minor, major, critical, blocker.
_SEVERITY = {"error": "major", "warning": "minor", "note": "info"}


def _issue(result: CheckResult, finding: Finding) -> dict[str, Any]:
    location = result.location(finding) or "."
    key = f"{finding.rule.id}\0{finding.language or ''}\0{location}"
    return {
        "type": "issue",
        "check_name": finding.rule.id,
        "description": finding.message,
        "categories": ["Bug Risk"],
        "severity": _SEVERITY[finding.severity],
        "fingerprint": hashlib.sha256(key.encode()).hexdigest(),
        "location": {"path": location, "lines": {"begin": 1}},
    }


def render(result: CheckResult) -> str:
    issues = [_issue(result, finding) for finding in result.findings]
    return jsontext.dumps(issues, indent=2) + "\n"
