"""The default `stackfit recommend` view: bars of each criterion's contribution, and reasons."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from analyzer.recommend.scoring import POSITIVE_CRITERIA
from analyzer.recommend.scoring import Ranking
from analyzer.report.recommend.sentences import confidence_line
from analyzer.report.recommend.sentences import requirements_line
from analyzer.report.recommend.sentences import sensitivity_line
from analyzer.report.recommend.sentences import unprofiled_lines
from analyzer.report.recommend.sentences import verdict
from analyzer.report.recommend.sentences import what_if_line
from analyzer.report.safe_text import printable
from analyzer.skills.document import SkillsEvidence

BAR_WIDTH = 30
COLOURS = {  # Okabe-Ito: safe for colour-blind readers
    "team_fit": "#0072B2",
    "needs_fit": "#E69F00",
    "performance_fit": "#009E73",
    "hiring": "#CC79A7",
    "operational_fit": "#56B4E9",
}
# Each criterion's cells carry its letter, so a bar keeps its meaning without colour (NO_COLOR,
# a log, a colour-blind reader): TTTTNNNH reads as team_fit, needs_fit, hiring.
LETTERS = {
    "team_fit": "T",
    "needs_fit": "N",
    "performance_fit": "P",
    "hiring": "H",
    "operational_fit": "O",
}
SHOWN_STACKS = 5


def _bar(criteria: dict[str, float]) -> Text:
    bar = Text()
    for name in POSITIVE_CRITERIA:
        cells = round(criteria[name] * BAR_WIDTH)
        bar.append(LETTERS[name] * cells, style=f"bold white on {COLOURS[name]}")
    return bar


def render(
    evidence: SkillsEvidence, ranking: Ranking, console: Console, *, explain: bool = False
) -> None:
    console.print(
        Text.assemble(("Stack recommendation", "bold"), f"  {printable(evidence.repository.path)}")
    )
    console.print(Text(printable(verdict(ranking)), style="bold"))
    table = Table(show_header=True, box=None, padding=(0, 1))
    table.add_column("Stack")
    table.add_column("Score", justify="right")
    table.add_column("Contributions")
    table.add_column("Why")
    shown = ranking.ranking if explain else ranking.ranking[:SHOWN_STACKS]
    for item in shown:
        contributions = {name: item.criteria[name].contribution for name in POSITIVE_CRITERIA}
        why = item.reason
        table.add_row(item.name, f"{item.score:.2f}", _bar(contributions), Text(printable(why)))
    console.print(table)
    legend = Text("  ")
    for name in POSITIVE_CRITERIA:
        legend.append(LETTERS[name], style=f"bold white on {COLOURS[name]}")
        legend.append(" ")
        legend.append(f"{name} {ranking.weights[name]:.2f}  ")
    legend.append(f"risk −{ranking.weights['risk']:.2f} at most")
    console.print(legend)
    for line in unprofiled_lines(ranking):
        console.print(Text(printable(line), style="bold"))
    for line in (requirements_line(ranking), confidence_line(ranking), sensitivity_line(ranking)):
        console.print(Text(printable(line), style="dim"))
    what_if = what_if_line(ranking)
    if what_if:
        console.print(Text(printable(what_if), style="dim"))
    if not explain:
        console.print(Text("--explain shows every criterion's evidence.", style="dim"))
        return
    for item in ranking.ranking:
        console.print(Text(f"\n{item.name}: {item.score:.2f}", style="bold"))
        for name, criterion in item.criteria.items():
            weighed = f"{criterion.score:.2f} × {criterion.weight:.2f}"
            console.print(f"  {name} {weighed} = {criterion.contribution:+.3f}")
            for sentence in criterion.evidence:
                console.print(Text(f"    {printable(sentence)}", style="dim"))
