"""`stackfit check --format github`: workflow-command annotations and a step-summary table.

GitHub shows at most 10 error and 10 warning annotations per step (and 10 notices); more are
dropped silently, so the rest are counted on a plain line and all of them go to the summary.
"""

from __future__ import annotations

from analyzer.checks.policy import CheckResult
from analyzer.checks.policy import Finding
from analyzer.report.safe_text import markdown_cell
from analyzer.report.safe_text import printable

MAX_ANNOTATIONS_PER_LEVEL = 10
_COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def _data(text: str) -> str:
    """Escape a workflow command's message (GitHub's toolkit: %, CR, LF); other controls
    (escape sequences in a name or path) would reach the log raw: they become U+FFFD."""
    text = "".join(char if char in "\r\n" else printable(char) for char in text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Escape a workflow command's property value (also ':' and ',')."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(result: CheckResult, finding: Finding) -> str:
    properties = []
    location = result.location(finding)
    if location:
        properties.append(f"file={_property(location)}")
    properties.append(f"title={_property(finding.rule.id)}")
    return f"::{_COMMANDS[finding.severity]} {','.join(properties)}::{_data(finding.message)}"


def render(result: CheckResult) -> str:
    lines: list[str] = []
    left_out: dict[str, int] = {}
    for severity in _COMMANDS:
        items = [item for item in result.findings if item.severity == severity]
        lines += [annotation(result, item) for item in items[:MAX_ANNOTATIONS_PER_LEVEL]]
        if len(items) > MAX_ANNOTATIONS_PER_LEVEL:
            left_out[severity] = len(items) - MAX_ANNOTATIONS_PER_LEVEL
    if left_out:
        more = ", ".join(f"{count} more {severity}s" for severity, count in left_out.items())
        lines.append(
            f"stackfit check: {more} not annotated (GitHub shows "
            f"{MAX_ANNOTATIONS_PER_LEVEL} per level); all are in the job summary"
        )
    lines.append(f"stackfit check: {result.counts_text()} ({result.scope})")
    return "\n".join(lines) + "\n"


def summary(result: CheckResult) -> str:
    """The Markdown table appended to $GITHUB_STEP_SUMMARY."""
    lines = ["## stackfit check", "", f"Scope: {markdown_cell(result.scope)}.", ""]
    if not result.findings:
        return "\n".join([*lines, "No findings.", ""])
    lines += ["| Severity | Rule | File | Message |", "| --- | --- | --- | --- |"]
    for item in result.findings:
        location = result.location(item)
        lines.append(
            f"| {item.severity} | `{item.rule.id}` | {markdown_cell(location or '')} "
            f"| {markdown_cell(item.message)} |"
        )
    return "\n".join([*lines, ""])
