"""Make untrusted text (names, paths) safe to show in a terminal or a Markdown table."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from analyzer.formatting import plural
from analyzer.history.rhythm import AFTER_HOURS_DEFINITION
from analyzer.skills.document import LanguageSummary
from analyzer.skills.document import PersonSkills
from analyzer.skills.document import SkillsEvidence

# How many languages get a column of their own in people × languages tables.
MAX_LANGUAGE_COLUMNS = 8


def printable(text: str) -> str:
    """Control characters (escape sequences, newlines, bidi overrides) become U+FFFD."""
    return "".join(
        "\ufffd" if unicodedata.category(char) in ("Cc", "Cf") else char for char in text
    )


def short_head(head: str) -> str:
    """A commit as people quote it; several repositories have no single one."""
    return head[:12] if head else "each repository's HEAD"


def markdown_cell(text: str) -> str:
    """Text for one Markdown table cell or list item: no raw HTML, links, table breaks or emphasis.

    Characters that only matter at the start of a line (#, +, -) are left alone: a cell never
    starts one.
    """
    escaped = printable(text)
    for char in "\\`*_[]<>|~":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def people_to_show(evidence: SkillsEvidence) -> tuple[list[PersonSkills], int]:
    """Active people and anyone with a level; the count of the rest (former, no current skill)."""
    shown = [person for person in evidence.people if person.active or person.languages]
    return shown, len(evidence.people) - len(shown)


def hidden_people_line(hidden: int) -> str:
    return (
        f"… and {hidden} former contributors with no current skill level "
        "(all of them are in --format json and csv)"
    )


RHYTHM_MONTHS_SHOWN = 6


def rhythm_lines(evidence: SkillsEvidence) -> list[str]:
    """After-hours share, the worrying trends, and the last months' activity, in words."""
    rhythm = evidence.rhythm
    if rhythm is None or not rhythm.months:
        return []
    lines = [
        f"After hours: {rhythm.after_hours_share:.0%} of commits ({AFTER_HOURS_DEFINITION})",
        *rhythm.trends,
    ]
    recent = rhythm.months[-RHYTHM_MONTHS_SHOWN:]
    lines.append(
        "Recent months: "
        + "; ".join(
            f"{m.month}: {m.commits} {plural(m.commits, 'commit')} by {m.contributors}"
            for m in recent
        )
    )
    return lines


# How many frameworks one person's cell of a people table names (all of them are in the JSON).
MAX_FRAMEWORKS_IN_CELL = 4


def shows_frameworks(people: list[PersonSkills]) -> bool:
    """A Frameworks column only when someone shown has one: old reports stay as they were."""
    return any(person.frameworks for person in people)


def frameworks_cell(person: PersonSkills) -> str:
    """`Django proficient, Express familiar`: the strongest first."""
    items = [f"{skill.name} {skill.level}" for skill in person.frameworks.values()]
    if len(items) > MAX_FRAMEWORKS_IN_CELL:
        items = [*items[:MAX_FRAMEWORKS_IN_CELL], f"+{len(items) - MAX_FRAMEWORKS_IN_CELL} more"]
    return ", ".join(items) or "·"


MIN_ROLE_SHARE = 0.1  # roles below this share of recent work are left out of the cell


def roles_cell(person: PersonSkills) -> str:
    """`back-end 70%, front-end 20%`: the person's main roles by share of recent work."""
    shares = sorted(person.roles.items(), key=lambda item: (-item[1], item[0]))
    return (
        ", ".join(f"{role} {share:.0%}" for role, share in shares if share >= MIN_ROLE_SHARE) or "·"
    )


def main_role(person: PersonSkills) -> str:
    """The role of most of the person's recent work (the terminal's narrow cell)."""
    shares = sorted(person.roles.items(), key=lambda item: (-item[1], item[0]))
    return shares[0][0] if shares else "·"


def level_cell(level: str | None, score: float | None) -> str:
    return f"{level} {score:.2f}" if level is not None and score is not None else "·"


def truck_factor_text(summary: LanguageSummary) -> str:
    if summary.truck_factor is None:
        return "n/a"
    if summary.truck_factor == 0:  # already more than half orphaned: say how much
        return f"0 ({summary.orphaned_files}/{summary.authored_files} files orphaned)"
    return str(summary.truck_factor)


def table_languages(evidence: SkillsEvidence) -> list[str]:
    """Languages worth a column: known by someone, most people first, then by code share."""
    counts: dict[str, int] = {}
    for person in evidence.people:
        for language in person.languages:
            counts[language] = counts.get(language, 0) + 1
    share = {name: summary.share for name, summary in evidence.languages.items()}
    ranked = sorted(counts, key=lambda name: (-share.get(name, 0.0), -counts[name], name))
    return ranked[:MAX_LANGUAGE_COLUMNS]


def summary_lines(evidence: SkillsEvidence, escape: Callable[[str], str] = printable) -> list[str]:
    """The facts under the tables: what was excluded, how the model weighed the history.

    ESCAPE is applied to the untrusted parts (bot names, the config's path).
    """
    model = evidence.model
    history = evidence.history
    bots = ", ".join(f"{escape(name)} ({commits})" for name, commits in evidence.excluded_bots)
    paths = ", ".join(
        f"{reason} {count}" for reason, count in evidence.excluded_paths.items() if count
    )
    return [
        f"Excluded bots: {bots or 'none'}",
        f"Excluded paths: {paths or 'none'}",
        f"Model: active = a commit in the {model.active_days} days before {model.as_of}; "
        f"skills halve after {model.half_life_days:g} days without a commit; "
        f"{history.bulk_commits} bulk commits down-weighted (≥ {model.bulk_min_lines} lines "
        f"across ≥ {model.bulk_min_files} files); {history.ignored_commits} commits in "
        f".git-blame-ignore-revs ignored; config: {escape(model.config_source)}",
        "Scores are estimates from commit history, not a measure of ability: "
        "0.70+ expert, 0.45+ proficient, 0.15+ familiar.",
    ]
