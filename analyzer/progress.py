"""What the core reports while it works: plain counts through callbacks, never a display.

A use case opens a `Watch` around each piece of work it counts; the command line's watch shows
bars on a terminal, `unwatched` shows nothing. Warnings are printed only once a watch is closed.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from contextlib import nullcontext
from typing import Protocol

CommitCounter = Callable[[], "int | None"]  # the commits to read, asked only by a display


class Progress(Protocol):
    """The callbacks a watch hands out while it is open."""

    def commits(self, done: int) -> None: ...

    def files(self, done: int, total: int) -> None: ...

    def repositories(self, done: int, total: int) -> None: ...


Watch = Callable[[CommitCounter | None], AbstractContextManager["Progress | None"]]


def unwatched(_count: CommitCounter | None = None) -> AbstractContextManager[Progress | None]:
    """The watch of a caller that shows no progress."""
    return nullcontext(None)
