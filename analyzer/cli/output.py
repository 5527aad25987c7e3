"""Where output goes: standard output, a `-o PATH`, and warnings on stderr.

`-o PATH`: a regular file whole or not at all; a device or pipe directly.

A shell user expects `-o /dev/stdout >> log` to append and `-o /dev/stdout | cat` to work: a
target that is this process's own standard output (or error) is written through that stream,
never reopened (reopening truncates the log; a pipe cannot be renamed onto). Nothing is ever
written inside a git directory (`.git/HEAD` or a bare repository's files): that breaks the
repository. Every error the file system reports is one line naming the path.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from typing import TextIO

import click

from analyzer.errors import StackfitError
from analyzer.report.safe_text import printable

_FIX = "choose another -o path"


def warn(text: str) -> None:
    """A warning on stderr: repository text (names, paths, git's words) made printable."""
    click.echo(f"stackfit: warning: {printable(text)}", err=True)


def warned_on_screen(output: str | None) -> bool:
    """True when a table goes to the terminal that already shows the warnings on stderr: it
    leaves them out, so each is printed once (a file or pipe keeps its own copy)."""
    return output is None and sys.stdout.isatty() and sys.stderr.isatty()


def emit_text(text: str, output: str | None) -> None:
    """TEXT on standard output, or written whole to OUTPUT."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    with output_file(output) as handle:
        handle.write(text)


def emit_table(render: Callable[[Any], None], output: str | None) -> None:
    """Print a rich view to the terminal, or plain (no colour, 120 columns) to OUTPUT."""
    if output is None:
        render(pipe_safe_console())
        return
    with output_file(output) as handle:
        render(pipe_safe_console(file=handle, width=120, color_system=None))


@contextmanager
def output_file(name: str) -> Iterator[TextIO]:
    """A text handle for NAME; OSError becomes a StackfitError (a closed pipe stays one)."""
    if not name:
        raise StackfitError("-o was given an empty path", "name a file, or leave -o out")
    shown = printable(name)
    try:
        with _open(Path(name), shown) as handle:
            yield handle
    except BrokenPipeError:
        raise
    except IsADirectoryError:
        raise StackfitError(f"cannot write {shown}: it is a folder", _FIX) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise StackfitError(f"cannot write {shown}: {reason}", _FIX) from None


@contextmanager
def _open(path: Path, shown: str) -> Iterator[TextIO]:
    stream = _standard_stream(path)
    if stream is not None:
        yield stream
        stream.flush()
        return
    if inside_git_dir(path):
        raise StackfitError(
            f"refusing to write {shown}: it is inside a git directory", "write the output elsewhere"
        )
    try:
        info: os.stat_result | None = path.stat()
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(path)
    if info is not None and not stat.S_ISREG(info.st_mode):  # /dev/null, a FIFO, a terminal
        with path.open("w", encoding="utf-8", newline="") as handle:
            yield handle
        return
    if info is not None and not os.access(path, os.W_OK):
        raise StackfitError(f"cannot write {shown}: the file is read-only", _FIX)
    with _atomic(path.resolve() if path.is_symlink() else path) as handle:
        yield handle


def _standard_stream(path: Path) -> TextIO | None:
    """sys.stdout (or stderr) when PATH is that very file, pipe or terminal."""
    try:
        target = path.stat()
    except OSError:
        return None
    for stream in (sys.stdout, sys.stderr):
        try:
            own = os.fstat(stream.fileno())
        except (OSError, ValueError, AttributeError):
            continue
        if (own.st_dev, own.st_ino) == (target.st_dev, target.st_ino):
            return stream
    return None


def inside_git_dir(path: Path) -> bool:
    """PATH is a `.git` entry, or lies in one, or in a bare repository's folder."""
    for candidate in {Path(os.path.abspath(path)), Path(os.path.realpath(path))}:
        if candidate.name.lower() == ".git":
            return True
        for folder in candidate.parents:
            if folder.name.lower() == ".git" or _is_git_dir(folder):
                return True
    return False


def _is_git_dir(folder: Path) -> bool:
    return (
        (folder / "HEAD").is_file() and (folder / "objects").is_dir() and (folder / "refs").is_dir()
    )


@contextmanager
def _atomic(target: Path) -> Iterator[TextIO]:
    """A temporary file beside TARGET, renamed into place: whole or not at all."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise StackfitError(
            f"cannot write {printable(str(target))}: no such folder", "create the folder first"
        )
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.chmod(temporary, _file_mode(target))  # mkstemp's 0600 is for secrets, not reports
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _file_mode(target: Path) -> int:
    """The mode TARGET has, or the one the umask gives a new file."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def pipe_safe_console(**options: Any) -> Any:
    """A rich Console that lets a closed pipe (`| head -1`) raise, as print does, instead of
    exiting 1 (which means 'findings' to stackfit's callers)."""
    from rich.console import Console  # rich takes ~70 ms to import: only for table output

    class _PipeSafeConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    return _PipeSafeConsole(**options)
