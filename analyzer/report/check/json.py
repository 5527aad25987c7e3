"""`stackfit check --format json`: the findings as plain data for scripts."""

from __future__ import annotations

from analyzer import jsontext
from analyzer.checks.policy import CheckResult
from analyzer.jsontext import SCHEMA_VERSION


def render(result: CheckResult) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "head": result.head,
        "scope": result.scope,
        "counts": result.counts(),
        "findings": [
            {
                "rule_id": item.rule.id,
                "severity": item.severity,
                "message": item.message,
                "path": result.location(item),
                "language": item.language,
            }
            for item in result.findings
        ],
    }
    return jsontext.dumps(document, indent=2) + "\n"
