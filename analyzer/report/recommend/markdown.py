"""`stackfit recommend --format markdown`: the ranking and its reasons as Markdown."""

from __future__ import annotations

from analyzer.recommend.scoring import CRITERIA
from analyzer.recommend.scoring import Ranking
from analyzer.report.recommend.sentences import confidence_line
from analyzer.report.recommend.sentences import requirements_line
from analyzer.report.recommend.sentences import sensitivity_line
from analyzer.report.recommend.sentences import unprofiled_lines
from analyzer.report.recommend.sentences import verdict
from analyzer.report.recommend.sentences import what_if_line
from analyzer.report.safe_text import markdown_cell
from analyzer.report.safe_text import short_head
from analyzer.skills.document import SkillsEvidence


def render(evidence: SkillsEvidence, ranking: Ranking, *, explain: bool = True) -> str:
    lines = [
        "# Stack recommendation",
        "",
        f"{markdown_cell(evidence.repository.path)} at `{short_head(evidence.repository.head)}`.",
        "",
        f"**{markdown_cell(verdict(ranking))}**",
        "",
        f"- {markdown_cell(requirements_line(ranking))}",
        f"- {markdown_cell(confidence_line(ranking))}",
        f"- {markdown_cell(sensitivity_line(ranking))}",
    ]
    lines += [f"- {markdown_cell(line)}" for line in unprofiled_lines(ranking)]
    what_if = what_if_line(ranking)
    if what_if:
        lines.append(f"- {markdown_cell(what_if)}")
    header = ["Stack", "Score", *CRITERIA, "Why"]
    lines += ["", "| " + " | ".join(header) + " |",
              "| --- |" + " ---: |" * (len(header) - 2) + " --- |"]  # fmt: skip
    for item in ranking.ranking:
        cells = [item.name, f"{item.score:.2f}"]
        cells += [f"{item.criteria[name].contribution:+.3f}" for name in CRITERIA]
        cells.append(item.reason)
        lines.append("| " + " | ".join(markdown_cell(cell) for cell in cells) + " |")
    weights = ", ".join(f"{name} {weight:.2f}" for name, weight in ranking.weights.items())
    lines += ["", f"Cells are contributions (weight × criterion score). Weights: {weights}."]
    if explain:
        for item in ranking.ranking:
            lines += ["", f"## {markdown_cell(item.name)}: {item.score:.2f}", ""]
            for name, criterion in item.criteria.items():
                lines.append(
                    f"- **{name}** {criterion.score:.2f} × {criterion.weight:.2f} = "
                    f"{criterion.contribution:+.3f}"
                )
                lines += [f"  - {markdown_cell(sentence)}" for sentence in criterion.evidence]
    return "\n".join(lines) + "\n"
