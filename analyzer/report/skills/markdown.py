"""`--format markdown`: the team-skills report as Markdown tables, for pull requests and wikis."""

from __future__ import annotations

from analyzer.report.safe_text import frameworks_cell
from analyzer.report.safe_text import hidden_people_line
from analyzer.report.safe_text import level_cell
from analyzer.report.safe_text import markdown_cell
from analyzer.report.safe_text import people_to_show
from analyzer.report.safe_text import repository_truck_factor_line
from analyzer.report.safe_text import rhythm_lines
from analyzer.report.safe_text import roles_cell
from analyzer.report.safe_text import short_head
from analyzer.report.safe_text import shows_frameworks
from analyzer.report.safe_text import summary_lines
from analyzer.report.safe_text import table_languages
from analyzer.report.safe_text import truck_factor_text
from analyzer.skills.document import SkillsEvidence


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render(evidence: SkillsEvidence) -> str:
    repository = evidence.repository
    lines = [
        "# Team skills",
        "",
        f"{markdown_cell(repository.path)} at `{short_head(repository.head)}`: "
        f"{repository.commits_analyzed} commits analysed, as of {evidence.model.as_of}.",
        "",
    ]
    factor = repository_truck_factor_line(evidence, markdown_cell)
    lines += [f"**{factor}**", ""] if factor else []
    lines += [f"> **Warning:** {markdown_cell(warning)}" for warning in evidence.history.warnings]
    if evidence.history.warnings:
        lines.append("")
    languages = table_languages(evidence)
    shown, hidden = people_to_show(evidence)
    frameworks = ["Frameworks"] if shows_frameworks(shown) else []
    roles = ["Roles"] if any(person.roles for person in shown) else []
    header = ["Person", "Active", "Commits", *languages, *frameworks, *roles]
    lines += ["## People", "", _row(header)]
    lines.append(_row(["---", "---", "---:", *["---"] * (len(header) - 3)]))
    for person in shown:
        cells = [markdown_cell(person.name), "yes" if person.active else "no", str(person.commits)]
        for language in languages:
            skill = person.languages.get(language)
            cells.append(level_cell(skill.level, skill.score) if skill else "·")
        if frameworks:
            cells.append(markdown_cell(frameworks_cell(person)))
        if roles:
            cells.append(roles_cell(person))
        lines.append(_row(cells))
    if hidden:
        lines += ["", hidden_people_line(hidden)]
    lines += ["", "## Languages", ""]
    header = ["Language", "Share", "Files", "Truck factor", "Key people", "Expert", "Proficient",
              "Familiar"]  # fmt: skip
    lines += [_row(header), _row(["---", "---:", "---:", "---:", "---", "---:", "---:", "---:"])]
    for name, summary in evidence.languages.items():
        people = summary.people
        lines.append(
            _row(
                [
                    markdown_cell(name),
                    f"{summary.share:.1%}",
                    str(summary.files),
                    truck_factor_text(summary),
                    ", ".join(markdown_cell(person) for person in summary.truck_factor_people),
                    str(people["expert"]),
                    str(people["proficient"]),
                    str(people["familiar"]),
                ]
            )
        )
    rhythm = rhythm_lines(evidence)
    if rhythm:
        lines += ["", "## Rhythm", "", *[f"- {markdown_cell(line)}" for line in rhythm]]
    lines += ["", *[f"- {line}" for line in summary_lines(evidence, markdown_cell)], ""]
    return "\n".join(lines)
