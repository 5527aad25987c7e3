"""The committed team report (`stackfit-report` hook): what changes when the team changes.

A report kept in the repository must not change with every commit, or the hook fails every
commit that touches code, one commit behind. So it shows people, levels, frameworks, truck
factors, risks and the recommendation's order, and leaves out HEAD's sha, the date, commit and
file counts, scores and shares (each moves with every commit); languages go in name order.
"""

from __future__ import annotations

from analyzer.recommend.scoring import CLOSE_CALL_MARGIN
from analyzer.recommend.scoring import Ranking
from analyzer.report.safe_text import markdown_cell
from analyzer.skills.document import PersonSkills
from analyzer.skills.document import SkillsEvidence
from analyzer.skills.model import LEVELS

PEOPLE_SHOWN = 15
LANGUAGES_SHOWN = 8  # the largest; the rest counted
STACKS_SHOWN = 3
_NEEDS_FROM = {"flag": "as asked", "config": "from the config", "file": "from a file",
               "inferred": "inferred from the code", "default": "by default"}  # fmt: skip


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def _order(person: PersonSkills) -> tuple[object, ...]:
    """Active first, then by how many languages at each level, then the name: no score."""
    ranks = [_rank(skill.level) for skill in person.languages.values()]
    counts = tuple(-ranks.count(index) for index in range(len(LEVELS)))
    return (not person.active, *counts, person.name.casefold(), person.name)


def render_committed(evidence: SkillsEvidence, ranking: Ranking | None) -> str:
    """The committed report as Markdown; every value from the repository escaped."""
    lines = [
        f"# Team skills: {markdown_cell(evidence.repository.path)}",
        "",
        "Written by the stackfit-report hook; it changes only when the team does (people, levels,",
        "frameworks, truck factors). For activity and scores: `stackfit report`.",
        "",
        *_people(evidence),
        *_languages(evidence),
        *_risks(evidence),
        *(_recommendation(ranking) if ranking is not None and ranking.ranking else []),
    ]
    return "\n".join(lines)


def shown_languages(evidence: SkillsEvidence) -> list[str]:
    """The largest languages, in name order, so that two close shares never swap them."""
    present = [name for name, item in evidence.languages.items() if item.files]
    largest = sorted(present, key=lambda name: -evidence.languages[name].share)
    return sorted(largest[:LANGUAGES_SHOWN], key=str.casefold)


def _people(evidence: SkillsEvidence) -> list[str]:
    people = sorted(
        (person for person in evidence.people if person.active or person.languages), key=_order
    )
    languages = shown_languages(evidence)
    frameworks = any(person.frameworks for person in people)
    header = ["Person", "Active", *[markdown_cell(name) for name in languages]]
    header += ["Frameworks"] if frameworks else []
    lines = ["## People", "", _row(header), _row(["---"] * len(header))]
    for person in people[:PEOPLE_SHOWN]:
        cells = [markdown_cell(person.name), "yes" if person.active else "no"]
        for name in languages:
            skill = person.languages.get(name)
            cells.append(skill.level if skill is not None else "·")
        if frameworks:
            items = sorted(
                person.frameworks.values(), key=lambda item: (_rank(item.level), item.name)
            )
            text = ", ".join(f"{item.name} {item.level}" for item in items)
            cells.append(markdown_cell(text) if text else "·")
        lines.append(_row(cells))
    if len(people) > PEOPLE_SHOWN:
        lines += ["", f"… and {len(people) - PEOPLE_SHOWN} more (`stackfit skills` lists all)."]
    return [*lines, ""]


def _languages(evidence: SkillsEvidence) -> list[str]:
    header = ["Language", "Truck factor", "Key people", *[level.capitalize() for level in LEVELS]]
    lines = ["## Languages", "", _row(header), _row(["---"] * len(header))]
    shown = shown_languages(evidence)
    for name in shown:
        item = evidence.languages[name]
        factor = "none" if item.truck_factor is None else str(item.truck_factor)
        people = ", ".join(markdown_cell(person) for person in item.truck_factor_people)
        levels = [str(item.people[level]) for level in LEVELS]
        lines.append(_row([markdown_cell(name), factor, people or "·", *levels]))
    more = sum(1 for item in evidence.languages.values() if item.files) - len(shown)
    if more > 0:
        lines += ["", f"… and {more} more languages, each a smaller share of the code."]
    return [*lines, ""]


def _risks(evidence: SkillsEvidence) -> list[str]:
    risks = []
    for name in shown_languages(evidence):
        item = evidence.languages[name]
        if item.truck_factor == 0:
            risks.append(f"{markdown_cell(name)}: no active author")
        elif item.truck_factor == 1:
            person = ", ".join(markdown_cell(who) for who in item.truck_factor_people)
            risks.append(f"{markdown_cell(name)} rests on one person, {person}")
    lines = [f"- {line}" for line in risks or ["none: no language rests on one person"]]
    return ["## Risks", "", *lines, ""]


def _recommendation(ranking: Ranking) -> list[str]:
    requirements = ranking.requirements
    source = _NEEDS_FROM.get(requirements.source, requirements.source)
    needs = markdown_cell(f"Needs: {', '.join(requirements.needs)} ({source}).")
    first = ranking.ranking[0].score
    close = [item for item in ranking.ranking if first - item.score < CLOSE_CALL_MARGIN]
    rest = [item for item in ranking.ranking if item not in close]
    if len(close) > 1:  # the order within a close call moves with every commit: name order
        names = ", ".join(sorted((markdown_cell(item.name) for item in close), key=str.casefold))
        order = f"a close call between {names}"
    else:
        order = f"{markdown_cell(close[0].name)} first"
    if rest:
        order += ", then " + ", ".join(
            markdown_cell(item.name) for item in rest[: STACKS_SHOWN - 1]
        )
    return ["## Recommendation", "", f"- {needs}", f"- Ranking: {order}", ""]
