"""`stackfit check --format text` (and the pre-commit guard): one finding per line, then a total."""

from __future__ import annotations

from analyzer.checks.policy import CheckResult
from analyzer.report.safe_text import printable


def render(result: CheckResult) -> str:
    lines = [
        f"{item.severity}: {printable(item.message)} [{item.rule.id}]" for item in result.findings
    ]
    lines.append(f"stackfit check: {result.counts_text()} ({printable(result.scope)})")
    return "\n".join(lines) + "\n"
