"""The page's month-by-month view of AI assistance: the share of the team's commits an AI coding
agent authored or co-authored, for the last year since the first such commit.

A month with no commits is said so, never drawn as 0%: nothing happened, which is not the same
as work done without an agent.
"""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.skills.document import AiAssistance

ASSISTED_MONTHS = 12  # a year: adoption shows as a trend, and the table fits in its card


@dataclass(frozen=True)
class AssistedRow:
    month: str  # YYYY-MM
    commits: int
    assisted: int
    share: str  # "40%", or "" for a month with no commits
    width: float  # the bar's length in percent of its cell (0 when no commits)


def _index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _name(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def assisted_rows(team: AiAssistance | None) -> tuple[AssistedRow, ...]:
    """The history's last ASSISTED_MONTHS months (as the activity table's last year), none
    before the first assisted one; empty when no AI agent took part."""
    if team is None or not team.months:
        return ()
    by_month = {month.month: month for month in team.months}
    last = _index(team.months[-1].month)
    first = max(_index(team.months[0].month), last - ASSISTED_MONTHS + 1)
    rows = []
    for index in range(first, last + 1):
        found = by_month.get(_name(index))
        if found is None or not found.commits:
            rows.append(AssistedRow(_name(index), 0, 0, "", 0.0))
            continue
        share = found.assisted_commits / found.commits
        rows.append(
            AssistedRow(
                _name(index),
                found.commits,
                found.assisted_commits,
                f"{share:.0%}",
                round(100 * share, 1),
            )
        )
    return tuple(rows)
