"""What the map step records about a repository and how its history was read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RepositoryFacts:
    path: str
    head: str
    rev: str
    bare: bool
    shallow: bool
    commits_analyzed: int


@dataclass(frozen=True)
class HistoryFacts:
    """How the history was read and weighed, so every number can be traced and trusted."""

    unreadable_commits: int
    truncated_after: str | None
    bulk_commits: int
    ignored_commits: int  # listed in .git-blame-ignore-revs
    warnings: tuple[str, ...]
    future_commits: int = 0  # dated more than a day after as-of: skipped
