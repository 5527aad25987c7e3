"""`stackfit check --format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it.

Stable `ruleId`s with their rule metadata, repo-relative URIs against `%SRCROOT%`, and a
`partialFingerprints` entry so that code scanning tracks a finding across runs.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import quote

from analyzer import __version__
from analyzer import jsontext
from analyzer.checks.policy import RULES
from analyzer.checks.policy import CheckResult
from analyzer.checks.policy import Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/stackfit/stackfit"
_DEFAULT_LEVEL = {"stackfit/shallow-clone": "warning"}


def _rule(index: int) -> dict[str, Any]:
    rule = RULES[index]
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.help},
        "help": {"text": rule.help},
        "defaultConfiguration": {"level": _DEFAULT_LEVEL.get(rule.id, "error")},
    }


def artifact_uri(path: str) -> str:
    """A repository path as a relative URI reference: `a b#c.rs` is `a%20b%23c.rs` (RFC 3986),
    and a literal `%2F` stays a name, never a slash."""
    return quote(path, safe="/")


def _result(result: CheckResult, finding: Finding) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "ruleId": finding.rule.id,
        "ruleIndex": RULES.index(finding.rule),
        "level": finding.severity,
        "message": {"text": finding.message},
    }
    location = result.location(finding)
    if location:
        entry["locations"] = [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(location), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 1},
                }
            }
        ]
    key = f"{finding.rule.id}\0{finding.language or ''}\0{location or ''}"
    entry["partialFingerprints"] = {"stackfitFinding/v1": hashlib.sha256(key.encode()).hexdigest()}
    return entry


def render(result: CheckResult) -> str:
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "stackfit",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(index) for index in range(len(RULES))],
                    }
                },
                "automationDetails": {"id": "stackfit/check/"},
                "results": [_result(result, finding) for finding in result.findings],
            }
        ],
    }
    return jsontext.dumps(document, indent=2) + "\n"
