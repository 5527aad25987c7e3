"""`--format csv`: one row per person × language, for spreadsheets."""

from __future__ import annotations

import csv
import io

from analyzer.evidence import SkillsEvidence

COLUMNS = (
    "person_id", "name", "active", "language", "level", "score", "commits", "lines_added",
    "lines_deleted", "active_weeks", "first_commit", "last_commit",
)  # fmt: skip


def _spreadsheet_safe(text: str) -> str:
    """A cell starting with = + - @ is a formula to a spreadsheet: quote it (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render(evidence: SkillsEvidence) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for person in evidence.people:
        for language, skill in person.languages.items():
            writer.writerow(
                [
                    _spreadsheet_safe(person.id),
                    _spreadsheet_safe(person.name),
                    "yes" if person.active else "no",
                    language,
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
