"""The default `stackfit scan` output: rich tables for a person at a terminal."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from analyzer.code.document import CodeEvidence
from analyzer.report.safe_text import printable
from analyzer.report.scan.text import summary_line


def render(evidence: CodeEvidence, console: Console, *, show_warnings: bool = True) -> None:
    """The tables; SHOW_WARNINGS False when the warnings already went to the same terminal."""
    repository = evidence.repository
    console.print(
        Text.assemble(
            ("Code scan", "bold"), f"  {printable(repository.path)} @ {repository.head[:12]}"
        )
    )
    for warning in evidence.warnings if show_warnings else ():
        console.print(Text(f"warning: {printable(warning)}", style="yellow"))
    languages = Table(title="Languages", title_justify="left")
    languages.add_column("Language")
    for column in ("Share", "Files", "Lines", "Bytes"):
        languages.add_column(column, justify="right")
    for name, stats in evidence.languages.items():
        languages.add_row(
            name, f"{stats.share:.1%}", str(stats.files), f"{stats.lines:,}", f"{stats.bytes:,}"
        )
    console.print(languages)
    workload = Table(title="Workload", title_justify="left")
    workload.add_column("Need")
    workload.add_column("Score", justify="right")
    workload.add_column("Confidence", justify="right")
    workload.add_column("Strongest evidence")
    for need, kind in evidence.workload.items():
        style = "bold green" if kind.score >= 0.5 else ("" if kind.score > 0 else "dim")
        workload.add_row(
            Text(need, style=style),
            f"{kind.score:.2f}",
            f"{kind.confidence:.2f}",
            Text(_lines(kind.evidence[:3]) or "·"),
        )
    console.print(workload)
    frameworks = Table(title="Frameworks", title_justify="left")
    for column in ("Framework", "Ecosystem", "Category", "Files", "Evidence"):
        frameworks.add_column(column, justify="right" if column == "Files" else "left")
    for use in evidence.frameworks:
        frameworks.add_row(
            use.name,
            use.ecosystem,
            use.category,
            str(use.files),
            Text(_lines(use.evidence[:2])),
        )
    console.print(frameworks)
    console.print(Text(summary_line(evidence), style="dim"))


def _lines(items: Sequence[str]) -> str:
    """One cell line per item: each made printable on its own, so the line breaks survive."""
    return "\n".join(printable(item) for item in items)
