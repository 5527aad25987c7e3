"""The default `stackfit skills` output: rich tables for a person at a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from analyzer.report.safe_text import frameworks_cell
from analyzer.report.safe_text import hidden_people_line
from analyzer.report.safe_text import level_cell
from analyzer.report.safe_text import main_role
from analyzer.report.safe_text import people_to_show
from analyzer.report.safe_text import printable
from analyzer.report.safe_text import repository_truck_factor_line
from analyzer.report.safe_text import rhythm_lines
from analyzer.report.safe_text import short_head
from analyzer.report.safe_text import shows_frameworks
from analyzer.report.safe_text import summary_lines
from analyzer.report.safe_text import table_languages
from analyzer.report.safe_text import truck_factor_text
from analyzer.skills.document import PersonSkills
from analyzer.skills.document import SkillsEvidence

LEVEL_STYLES = {"expert": "bold green", "proficient": "yellow", "familiar": "dim"}


def render(evidence: SkillsEvidence, console: Console, *, show_warnings: bool = True) -> None:
    """The tables; SHOW_WARNINGS False when the warnings already went to the same terminal."""
    repository = evidence.repository
    console.print(
        Text.assemble(
            ("Team skills", "bold"),
            f"  {printable(repository.path)} @ {short_head(repository.head)} · "
            f"{repository.commits_analyzed} commits · as of {evidence.model.as_of}",
        )
    )
    factor = repository_truck_factor_line(evidence)
    if factor:
        console.print(Text(factor, style="bold"))
    for warning in evidence.history.warnings if show_warnings else ():
        console.print(Text(f"warning: {printable(warning)}", style="yellow"))
    languages = table_languages(evidence)
    people = Table(title="People × languages", title_justify="left")
    people.add_column("Person", overflow="fold")  # a narrow terminal wraps, never cuts to "profi…"
    people.add_column("Active")
    people.add_column("Commits", justify="right")
    for language in languages:
        people.add_column(language, overflow="fold")
    shown, hidden = people_to_show(evidence)
    frameworks = shows_frameworks(shown)
    if frameworks:
        people.add_column("Frameworks", overflow="fold")
    for person in shown:
        cells: list[Text] = [
            _person_cell(person),
            Text("yes" if person.active else "no", style="" if person.active else "dim"),
            Text(str(person.commits)),
        ]
        for language in languages:
            skill = person.languages.get(language)
            if skill is None:
                cells.append(Text("·", style="dim"))
            else:
                cells.append(Text(level_cell(skill.level, skill.score), LEVEL_STYLES[skill.level]))
        if frameworks:
            cells.append(Text(printable(frameworks_cell(person))))
        people.add_row(*cells)
    console.print(people)
    if hidden:
        console.print(Text(hidden_people_line(hidden), style="dim"))
    summary = Table(title="Languages", title_justify="left")
    for column in ("Language", "Share", "Files", "Truck factor", "Key people"):
        right = column in ("Share", "Files")
        summary.add_column(column, justify="right" if right else "left", overflow="fold")
    for column in ("Expert", "Proficient", "Familiar"):
        summary.add_column(column, justify="right", overflow="fold")
    for name, item in evidence.languages.items():
        summary.add_row(
            Text(name),
            f"{item.share:.1%}",
            str(item.files),
            Text(truck_factor_text(item), style="bold red" if item.truck_factor in (0, 1) else ""),
            Text(printable(", ".join(item.truck_factor_people))),
            str(item.people["expert"]),
            str(item.people["proficient"]),
            str(item.people["familiar"]),
        )
    console.print(summary)
    trends = evidence.rhythm.trends if evidence.rhythm else ()
    for line in rhythm_lines(evidence):
        console.print(Text(printable(line), style="yellow" if line in trends else ""))
    for line in summary_lines(evidence):
        console.print(Text(line, style="dim"))


def _person_cell(person: PersonSkills) -> Text:
    """The name, and under it (dim) the role of most of the person's recent work."""
    cell = Text(printable(person.name))
    if person.roles:
        cell.append(f"\n{main_role(person)}", style="dim")
    return cell
