"""`stackfit scan --format json|markdown`: the code evidence as text (no rich here)."""

from __future__ import annotations

from analyzer import jsontext
from analyzer.code.document import CodeEvidence
from analyzer.code.document import to_json
from analyzer.report.safe_text import markdown_cell


def render_json(evidence: CodeEvidence) -> str:
    return jsontext.dumps(to_json(evidence), indent=2) + "\n"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def summary_line(evidence: CodeEvidence) -> str:
    """The counts under the tables: what was read, skipped and parsed."""
    files = evidence.files
    excluded = ", ".join(f"{reason} {count}" for reason, count in files.excluded.items() if count)
    return (
        f"{files.tree} files in the tree, {files.counted} counted; excluded: {excluded or 'none'}; "
        f"skipped: {files.binary} binary, {files.too_large} over {evidence.max_file_bytes:,} "
        f"bytes; {files.parsed} parsed with tree-sitter ({files.parse_errors} with syntax "
        f"errors); {evidence.dependencies} dependencies in {len(evidence.manifests)} manifests"
    )


def render_markdown(evidence: CodeEvidence) -> str:
    repository = evidence.repository
    lines = [
        "# Code scan",
        "",
        f"{markdown_cell(repository.path)} at `{repository.head[:12]}`.",
        "",
    ]
    lines += [f"> **Warning:** {markdown_cell(warning)}" for warning in evidence.warnings]
    if evidence.warnings:
        lines.append("")
    lines += ["## Languages", "", _row(["Language", "Share", "Files", "Lines", "Bytes"])]
    lines.append(_row(["---", "---:", "---:", "---:", "---:"]))
    for name, stats in evidence.languages.items():
        lines.append(
            _row(
                [
                    markdown_cell(name),
                    f"{stats.share:.1%}",
                    str(stats.files),
                    f"{stats.lines:,}",
                    f"{stats.bytes:,}",
                ]
            )
        )
    lines += ["", "## Workload", "", _row(["Need", "Score", "Confidence", "Evidence"])]
    lines.append(_row(["---", "---:", "---:", "---"]))
    for need, kind in evidence.workload.items():
        shown = "<br>".join(markdown_cell(item) for item in kind.evidence[:3])
        lines.append(_row([need, f"{kind.score:.2f}", f"{kind.confidence:.2f}", shown or "·"]))
    lines += ["", "## Frameworks", ""]
    if evidence.frameworks:
        lines += [_row(["Framework", "Ecosystem", "Category", "Files", "Evidence"])]
        lines.append(_row(["---", "---", "---", "---:", "---"]))
        for use in evidence.frameworks:
            shown = "<br>".join(markdown_cell(item) for item in use.evidence[:3])
            lines.append(
                _row([markdown_cell(use.name), use.ecosystem, use.category, str(use.files), shown])
            )
    else:
        lines.append("No framework of the catalog was found.")
    lines += ["", f"- {markdown_cell(summary_line(evidence))}", ""]
    return "\n".join(lines)
