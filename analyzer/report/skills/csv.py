"""`--format csv`: one row per person × language, for spreadsheets; a person with no language
at a level has one row with the language cells empty, so every person is there."""

from __future__ import annotations

import csv
import io

from analyzer.report.safe_text import printable
from analyzer.skills.document import SkillsEvidence

COLUMNS = (
    "person_id", "name", "active", "language", "level", "score", "commits", "lines_added",
    "lines_deleted", "active_weeks", "first_commit", "last_commit",
)  # fmt: skip


def _spreadsheet_safe(text: str) -> str:
    """A cell starting with = + - @ is a formula to a spreadsheet: quote it (CSV injection).

    Control characters (escape sequences, bidi overrides) become U+FFFD: the file is often
    read in a terminal.
    """
    text = printable(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def render(evidence: SkillsEvidence) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for person in evidence.people:
        if not person.languages:  # no level anywhere: still a person of the team (or was)
            writer.writerow(
                [_spreadsheet_safe(person.id), _spreadsheet_safe(person.name),
                 "yes" if person.active else "no", "", "", "", person.commits, "", "", "",
                 person.first_commit.isoformat(), person.last_commit.isoformat()]
            )  # fmt: skip
        for language, skill in person.languages.items():
            writer.writerow(
                [
                    _spreadsheet_safe(person.id),
                    _spreadsheet_safe(person.name),
                    "yes" if person.active else "no",
                    _spreadsheet_safe(language),
                    skill.level,
                    f"{skill.score:.4f}",
                    skill.commits,
                    skill.lines_added,
                    skill.lines_deleted,
                    skill.active_weeks,
                    skill.first_commit.isoformat(),
                    skill.last_commit.isoformat(),
                ]
            )
    return buffer.getvalue()
