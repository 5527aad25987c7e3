"""Read a file that someone else may control (a scanned repository, a shared cache folder).

Only a regular file is read, never through a symbolic link, and never more than a cap: a
`.mailmap` that links to /dev/zero or is a FIFO must not hang stackfit or fill its memory.
The open itself cannot block (O_NONBLOCK: opening a FIFO for reading waits for a writer).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


class FileTooLarge(Exception):
    """A regular file over the caller's cap: its size and modification time, never its bytes."""

    def __init__(self, path: Path, size: int, mtime_ns: int) -> None:
        super().__init__(f"{path} is {size} bytes")
        self.size = size
        self.mtime_ns = mtime_ns


def read_regular_file(path: Path, max_bytes: int) -> bytes | None:
    """PATH's bytes; None when it is missing, unreadable, a symbolic link or not a regular file.

    Raises FileTooLarge when it holds more than MAX_BYTES (callers say so and go on).
    """
    try:
        descriptor = os.open(path, _FLAGS)
    except OSError:  # missing, a symbolic link (ELOOP), no permission
        return None
    with os.fdopen(descriptor, "rb") as handle:
        facts = os.fstat(descriptor)
        if not stat.S_ISREG(facts.st_mode):
            return None
        if facts.st_size > max_bytes:
            raise FileTooLarge(path, facts.st_size, facts.st_mtime_ns)
        data = handle.read(max_bytes + 1)  # the file may grow between fstat and read
    if len(data) > max_bytes:
        raise FileTooLarge(path, len(data), facts.st_mtime_ns)
    return data


def read_file_start(path: Path, count: int) -> bytes | None:
    """The first COUNT bytes of PATH, on the same terms as read_regular_file (any size)."""
    try:
        descriptor = os.open(path, _FLAGS)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        return handle.read(count)


def special_kind(path: Path) -> str | None:
    """What PATH is when it exists but is not a regular file ('a FIFO', ...), else None."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return None
