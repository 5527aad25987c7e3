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
        if summary.unknown_authorship_files:  # most files came in through merges alone
            return f"n/a ({summary.unknown_authorship_files}/{summary.files} files no known author)"
        return "n/a"
    if summary.truck_factor == 0:  # already more than half orphaned: say how much
        return f"0 ({summary.orphaned_files}/{summary.authored_files} files orphaned)"
    return str(summary.truck_factor)


def repository_truck_factor_line(
    evidence: SkillsEvidence, escape: Callable[[str], str] = printable
) -> str | None:
    """The repository's own truck factor in one line, the first fact every output shows."""
    factor = evidence.truck_factor
    if factor is None:
        return None
    unknown = factor.unknown_authorship_files
    total = factor.files + unknown
    if factor.value is None:
        why = f"{unknown} of {total} files have no known author" if unknown else "no files"
        return f"Truck factor: n/a ({why})"
    people = f" ({', '.join(escape(name) for name in factor.people)})" if factor.people else ""
    line = f"Truck factor: {factor.value}{people}, over {factor.files} files with a known author"
    if factor.orphaned_files:
        line += f", {factor.orphaned_files} of them with no active author"
    if unknown:
        line += f"; {unknown} of {total} files have no known author (merges alone brought them)"
    return line


def table_languages(evidence: SkillsEvidence) -> list[str]:
    """Languages worth a column: known by someone, most people first, then by code share."""
    counts: dict[str, int] = {}
    for person in evidence.people:
        for language in person.languages:
            counts[language] = counts.get(language, 0) + 1
    share = {name: summary.share for name, summary in evidence.languages.items()}
    ranked = sorted(counts, key=lambda name: (-share.get(name, 0.0), -counts[name], name))
    return ranked[:MAX_LANGUAGE_COLUMNS]


def ai_assistance_text(evidence: SkillsEvidence, escape: Callable[[str], str] = printable) -> str:
    """The share of commits and changed lines an AI agent authored or co-authored, in words."""
    team = evidence.ai_assistance
    if team is None:
        return "none (no commit authored or co-authored by a known AI coding agent)"
    agents = ", ".join(f"{escape(name)} ({n})" for name, n in evidence.excluded_ai_agents)
    people = sorted(
        (person for person in evidence.people if person.ai_assistance is not None),
        key=lambda person: (-(person.ai_assistance.assisted_commits if person.ai_assistance
                              else 0), person.name),
    )  # fmt: skip
    shares = ", ".join(
        f"{escape(person.name)} {person.ai_assistance.commit_share:.0%}"
        for person in people[:5]
        if person.ai_assistance is not None
    )
    return (
        f"{team.assisted_commits:,} of {team.commits:,} commits ({team.commit_share:.0%}) and "
        f"{team.assisted_lines:,} of {team.changed_lines:,} changed lines "
        f"({team.line_share:.0%}) since {team.months[0].month}, by {agents}"
        + (f"; per person: {shares}" if shares else "")
    )


def identity_notes(evidence: SkillsEvidence, escape: Callable[[str], str] = printable) -> list[str]:
    """Identities the user should look at: possible duplicates and suspected bots."""
    notes = []
    if evidence.possible_duplicates:
        shown = "; ".join(
            " / ".join(escape(person.name) for person in duplicate.people)
            + f" ({escape(duplicate.aliases)})"
            for duplicate in evidence.possible_duplicates[:3]
        )
        more = len(evidence.possible_duplicates) - 3
        notes.append(
            f"Possible duplicates: {shown}" + (f"; {more} more in the JSON" if more > 0 else "")
        )
    if evidence.suspected_bots:
        shown = "; ".join(
            f"{escape(bot.name)} ({escape(bot.why)}; {escape(bot.config_line)})"
            for bot in evidence.suspected_bots[:3]
        )
        notes.append(f"Suspected bots, still counted: {shown}")
    return notes


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
        f"AI assistance: {ai_assistance_text(evidence, escape)}",
        *identity_notes(evidence, escape),
        f"Excluded paths: {paths or 'none'}",
        f"Model: active = a commit in the {model.active_days} days before {model.as_of}; "
        f"skills halve after {model.half_life_days:g} days without a commit; "
        f"{history.bulk_commits} bulk commits down-weighted (≥ {model.bulk_min_lines} lines "
        f"across ≥ {model.bulk_min_files} files); {history.ignored_commits} commits in "
        f".git-blame-ignore-revs ignored; config: {escape(model.config_source)}",
        "Scores are estimates from commit history, not a measure of ability: "
        "0.70+ expert, 0.45+ proficient, 0.15+ familiar.",
    ]
