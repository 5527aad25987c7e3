"""Read files someone else may control, and parse structured text, without hangs or crashes.

A scanned repository's `.mailmap` may link to /dev/zero or be a FIFO; a path on the command
line may be a FIFO (a plain open blocks forever), /dev/zero (a plain read never ends) or huge.
Only regular files are read, never more than a cap, and the open itself cannot block
(O_NONBLOCK). Files from a repository or the cache are never read through a symbolic link
(O_NOFOLLOW); a file the user names may be one. A parser fed 100,000 nested brackets recurses
until Python gives up: every JSON, TOML and YAML parse goes through `loads`, which makes that an
ordinary parse error.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

from analyzer.errors import StackfitError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

USER_FILE_MAX_BYTES = 64 * 1024 * 1024  # config, service, repository lists, profiles
EVIDENCE_MAX_BYTES = 1024 * 1024 * 1024  # an evidence file of a large fleet


class ParseError(ValueError):
    """Text that does not parse as its format; the message is one line, without the path."""


def read_user_file(path: Path, max_bytes: int, what: str) -> bytes:
    """The bytes of the regular file PATH (at most MAX_BYTES), or a StackfitError naming WHAT.

    O_NONBLOCK keeps a FIFO from blocking the open; fstat on the open descriptor refuses
    anything that is not a regular file (devices, FIFOs, sockets, folders).
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise StackfitError(
            f"cannot read {what} {path}: {error.strerror}", f"check the {what} path"
        ) from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise StackfitError(
                f"{what} {path} is not a regular file", "name a regular file, not a device or pipe"
            )
        try:
            raw = handle.read(max_bytes + 1)
        except OSError as error:
            raise StackfitError(
                f"cannot read {what} {path}: {error.strerror}", f"check the {what} path"
            ) from None
    if len(raw) > max_bytes:
        raise StackfitError(
            f"{what} {path} is larger than the {_size(max_bytes)} stackfit reads",
            "name a smaller file",
        )
    return raw


def _size(count: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale and count % scale == 0:
            return f"{count // scale} {unit}"
    return f"{count} bytes"


def loads(text: str | bytes, kind: str) -> Any:
    """TEXT parsed as KIND ("json", "toml" or "yaml"); any failure is a one-line ParseError."""
    try:
        if kind == "json":
            return json.loads(text)
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        if kind == "toml":
            return tomllib.loads(text)
        return _yaml(text)
    except RecursionError:
        raise ParseError("nested too deeply") from None
    except UnicodeDecodeError:
        raise ParseError("not UTF-8 text") from None
    except ValueError as error:  # JSONDecodeError and TOMLDecodeError are ValueErrors
        raise ParseError(_first_line(error)) from None


def _yaml(text: str) -> Any:
    import yaml  # ~35 ms: only the commands that read YAML load it

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or _first_line(error)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise ParseError(f"{where}{problem}") from None


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


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
