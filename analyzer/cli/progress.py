"""Progress bars on stderr for a person at a terminal: commits read, files parsed, repositories
mined, each of its total.

Only the command line makes one, and only when stderr is a terminal and -q/--quiet is not given:
the core reports plain counts through callbacks (analyzer/progress.py) and never imports rich.
Bars are transient (gone when the work ends) and never touch stdout, which may be a report
being written.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING

from analyzer.progress import CommitCounter
from analyzer.progress import Watch

if TYPE_CHECKING:
    from rich.progress import TaskID


def watch(quiet: bool) -> Watch:
    """The watch the use cases open: bars for a person at a terminal, nothing when quiet or
    machine-read. Hooks pass quiet: pre-commit gives them a pseudo-terminal, but collects
    what they print."""

    @contextmanager
    def opened(count_commits: CommitCounter | None) -> Iterator[ProgressDisplay | None]:
        if quiet or not sys.stderr.isatty():
            yield None
            return
        with ProgressDisplay(count_commits) as display:
            yield display

    return opened


class ProgressDisplay:
    """One rich Progress with a bar per kind of work, added when that work starts."""

    def __init__(self, count_commits: CommitCounter | None = None) -> None:
        from rich.console import Console  # rich takes ~70 ms to import: only on a terminal
        from rich.progress import BarColumn
        from rich.progress import Progress
        from rich.progress import TextColumn
        from rich.progress import TimeRemainingColumn

        self._count_commits = count_commits
        self._commit_total: int | None = None
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
            redirect_stdout=False,  # stdout may be the report itself: leave it alone
            redirect_stderr=False,
        )
        self._commits: TaskID | None = None
        self._files: TaskID | None = None
        self._repositories: TaskID | None = None

    def __enter__(self) -> ProgressDisplay:
        self._progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def commits(self, done: int) -> None:
        """analyse_skills' callback; the total is counted (git rev-list) at its first call only."""
        if self._commits is None:
            self._commit_total = self._count_commits() if self._count_commits else None
            self._commits = self._progress.add_task(
                "reading history", total=self._commit_total, counts=""
            )
        self._progress.update(
            self._commits, completed=done, counts=_counts(done, self._commit_total, "commits")
        )

    def files(self, done: int, total: int) -> None:
        """scan_repository's callback: files parsed of the files to parse."""
        if self._files is None:
            self._files = self._progress.add_task("parsing files", total=total, counts="")
        self._progress.update(
            self._files, completed=done, total=total, counts=_counts(done, total, "files")
        )

    def repositories(self, done: int, total: int) -> None:
        """mine_team's callback: repositories mined of the repositories to mine."""
        if self._repositories is None:
            self._repositories = self._progress.add_task(
                "mining repositories", total=total, counts=""
            )
        self._progress.update(
            self._repositories, completed=done, total=total,
            counts=_counts(done, total, "repositories"),
        )  # fmt: skip


def _counts(done: int, total: int | None, unit: str) -> str:
    if total is None:
        return f"{done:,} {unit}"
    return f"{done:,} of {total:,} {unit}"
