"""Open and validate a repository, and run git on it safely.

Every git call stackfit makes goes through this module. A scanned repository is untrusted, so
git runs with a cleaned environment (inside a git hook, git exports GIT_DIR and friends, and a
child git that inherits them reads the wrong repository: pre-commit's `no_git_env`) and with
settings that stop the repository's config from running programs or fetching objects.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from typing import Any

os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")  # a missing git becomes our error, not theirs

import git

from analyzer.errors import StackfitError

# Variables git exports to hooks that would redirect a child git; pre-commit keeps this list.
_GIT_ENV_KEPT = frozenset(
    {
        "GIT_EXEC_PATH",
        "GIT_SSH",
        "GIT_SSH_COMMAND",
        "GIT_SSL_CAINFO",
        "GIT_SSL_NO_VERIFY",
        "GIT_CONFIG_GLOBAL",
        "GIT_CONFIG_SYSTEM",
        "GIT_CONFIG_NOSYSTEM",
        "GIT_HTTP_PROXY_AUTHMETHOD",
        "GIT_ALLOW_PROTOCOL",
        "GIT_ASKPASS",
    }
)

# Settings on every call: no program named by the repository's config may run (external diff,
# textconv, fsmonitor, gpg for signatures), no object may be fetched (partial clones would
# otherwise download missing blobs), and output stays UTF-8 with unquoted paths.
SAFE_CONFIG: tuple[str, ...] = (
    "-c", "core.fsmonitor=false",
    "-c", "log.showSignature=false",
    "-c", "diff.external=",
    "-c", "core.quotePath=false",
    "-c", "i18n.logOutputEncoding=UTF-8",
    "-c", "protocol.allow=never",
    "-c", "diff.relative=false",
    "-c", "diff.noprefix=false",
    "-c", "log.showRoot=true",
)  # fmt: skip

_STDERR_LIMIT_BYTES = 64 * 1024


@dataclass(frozen=True)
class Repository:
    """A validated repository: where git runs, what it is, and the commit analysed."""

    path: Path  # what the user named, resolved
    root: Path  # the work tree's top, or the git directory of a bare repository
    git_dir: Path
    bare: bool
    shallow: bool
    head: str  # full sha of the analysed revision
    rev: str  # the revision as the user named it


@contextmanager
def _hook_free_environ() -> Iterator[None]:
    """Drop git's hook variables from os.environ while GitPython copies it for a child."""
    dropped = {
        key: os.environ.pop(key)
        for key in list(os.environ)
        if key.startswith("GIT_") and key not in _GIT_ENV_KEPT and key != "GIT_PYTHON_REFRESH"
    }
    try:
        yield
    finally:
        os.environ.update(dropped)


def _command(args: Sequence[str]) -> list[str]:
    return ["git", *SAFE_CONFIG, *args]


def run_git(
    cwd: Path, args: Sequence[str], *, ok_codes: tuple[int, ...] = (0,), stdin: str | None = None
) -> bytes:
    """Run one git command to completion; a failure becomes a GitFailure with git's message."""
    with contextlib.ExitStack() as stack:
        feed = None
        if stdin is not None:  # a file, since GitPython hands istream to Popen as stdin
            feed = stack.enter_context(tempfile.TemporaryFile())
            feed.write(stdin.encode("utf-8", "surrogateescape"))
            feed.seek(0)
        stack.enter_context(_hook_free_environ())
        status, out, err = git.Git(str(cwd)).execute(
            _command(args),
            istream=feed,
            with_extended_output=True,
            with_exceptions=False,
            stdout_as_string=False,
            strip_newline_in_stdout=False,
        )
    if status not in ok_codes:
        raise GitFailure(args, status, _as_text(err))
    return out if isinstance(out, bytes) else out.encode()


def _as_text(data: Any) -> str:
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace")
    return str(data)


class GitFailure(Exception):
    """git exited with an unexpected status; callers turn it into a StackfitError with a fix."""

    def __init__(self, args: Sequence[str], status: int, stderr: str) -> None:
        super().__init__(f"git {' '.join(args[:2])} failed ({status}): {first_line(stderr)}")
        self.status = status
        self.stderr = stderr


def first_line(text: str) -> str:
    """git's own first message line, without the 'fatal: ' or 'error: ' prefix."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            for prefix in ("fatal: ", "error: "):
                line = line.removeprefix(prefix)
            return line
    return "no message"


@dataclass
class GitStream:
    """A running git command whose stdout is read in chunks; stderr is drained in a thread."""

    handle: Any
    chunk_bytes: int = 1 << 20
    _stderr: bytearray | None = None
    _thread: threading.Thread | None = None

    def __post_init__(self) -> None:
        self._stderr = bytearray()
        self._thread = threading.Thread(target=self._drain, args=(self.handle.proc.stderr,))
        self._thread.daemon = True
        self._thread.start()

    def _drain(self, stream: IO[bytes]) -> None:
        assert self._stderr is not None
        for line in iter(stream.readline, b""):
            if len(self._stderr) < _STDERR_LIMIT_BYTES:
                self._stderr.extend(line)

    @property
    def stdout(self) -> io.BufferedReader:
        return self.handle.proc.stdout  # type: ignore[no-any-return]

    def chunks(self) -> Iterator[bytes]:
        stdout = self.stdout
        while True:
            chunk = stdout.read1(self.chunk_bytes)
            if not chunk:
                return
            yield chunk

    def finish(self) -> tuple[int, str]:
        """Wait for git and return its exit status and what it said on stderr."""
        status = int(self.handle.proc.wait())
        assert self._thread is not None and self._stderr is not None
        self._thread.join(timeout=5)
        return status, self._stderr.decode("utf-8", "replace")

    def stop(self) -> None:
        """Kill git when the reader stops early (an error, Ctrl-C)."""
        if self.handle.proc.poll() is None:
            self.handle.proc.kill()
            self.handle.proc.wait()


def stream_git(
    cwd: Path, args: Sequence[str], *, stdin_lines: Sequence[str] | None = None
) -> GitStream:
    """Start one git command whose output is consumed incrementally, never held whole.

    STDIN_LINES, when given, are written from a thread so that neither pipe can block the other.
    """
    with _hook_free_environ():
        handle: Any = git.Git(str(cwd)).execute(
            _command(args),
            as_process=True,
            istream=subprocess.PIPE if stdin_lines is not None else None,
        )
    _widen_pipe(handle.proc.stdout)
    if stdin_lines is not None:
        feeder = threading.Thread(target=_feed, args=(handle.proc.stdin, stdin_lines), daemon=True)
        feeder.start()
    return GitStream(handle)


# Linux lets a pipe hold more than its default 64 KiB (F_SETPIPE_SZ): git can run ahead of the
# reader by that much instead of blocking while a chunk is parsed.
_F_SETPIPE_SZ = 1031
_PIPE_BYTES = 1 << 20


def _widen_pipe(pipe: IO[bytes]) -> None:
    try:
        import fcntl

        fcntl.fcntl(pipe.fileno(), _F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, OSError, ValueError):  # not Linux, or over the system's limit
        pass


def _feed(stdin: IO[bytes], lines: Sequence[str]) -> None:
    try:
        for line in lines:
            stdin.write(line.encode("utf-8", "surrogateescape") + b"\n")
        stdin.close()
    except (BrokenPipeError, OSError):  # git stopped early; its exit status tells why
        pass


@functools.cache
def git_version() -> tuple[int, ...]:
    """The installed git's version, e.g. (2, 39, 5); (0,) when it cannot be read."""
    text = run_git(Path.cwd(), ["version"]).decode("ascii", "replace")
    numbers = re.findall(r"\d+", text.split(" ")[-1] if " " in text else text)
    return tuple(int(number) for number in numbers[:3]) or (0,)


def open_repository(path: str | os.PathLike[str], rev: str = "HEAD") -> Repository:
    """Validate PATH and REV; every way they can be wrong becomes a StackfitError with a fix."""
    if shutil.which("git") is None:
        raise StackfitError("git is not installed", "install git 2.25 or newer and try again")
    target = Path(path).expanduser()
    if not target.exists():
        raise StackfitError(f"path does not exist: {target}", "check the path and try again")
    if not target.is_dir():
        raise StackfitError(
            f"not a directory: {target}", "pass the folder of a git repository, not a file"
        )
    target = target.resolve()
    try:
        facts = run_git(
            target,
            ["rev-parse", "--is-bare-repository", "--is-shallow-repository", "--absolute-git-dir"],
        )
    except GitFailure as failure:
        raise _open_error(target, failure) from None
    bare_text, shallow_text, git_dir_text = facts.decode("utf-8", "surrogateescape").splitlines()
    bare = bare_text == "true"
    git_dir = Path(git_dir_text)
    root = git_dir
    if not bare:
        try:
            top = run_git(target, ["rev-parse", "--show-toplevel"])
        except GitFailure as failure:
            raise _open_error(target, failure) from None
        root = Path(top.decode("utf-8", "surrogateescape").rstrip("\n"))
    head = _resolve_revision(root, rev)
    return Repository(
        path=target,
        root=root,
        git_dir=git_dir,
        bare=bare,
        shallow=shallow_text == "true",
        head=head,
        rev=rev,
    )


def _open_error(target: Path, failure: GitFailure) -> StackfitError:
    message = failure.stderr
    if "dubious ownership" in message:
        return StackfitError(
            f"git refuses to read {target}: it is owned by another user",
            f"if you trust it, run: git config --global --add safe.directory {target}",
        )
    if "not a git repository" in message:
        return StackfitError(
            f"not a git repository: {target}",
            "run stackfit inside a clone, or pass the path of one",
        )
    return StackfitError(f"git cannot read {target}: {first_line(message)}", "check the repository")


def _resolve_revision(root: Path, rev: str) -> str:
    """Resolve REV to a commit sha; `--end-of-options` keeps a hostile REV from being an option."""
    try:
        out = run_git(
            root, ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"]
        )
    except GitFailure:
        out = b""
    sha = out.decode("ascii", "replace").strip()
    if sha:
        return sha
    if rev == "HEAD" and not _has_any_commit(root):
        raise StackfitError(
            f"the repository at {root} has no commits yet",
            "commit something first, or point stackfit at a repository with history",
        )
    raise StackfitError(
        f"revision not found: {rev!r}",
        "pass a branch, tag or commit that exists (see `git branch -a` and `git tag`)",
    )


def _has_any_commit(root: Path) -> bool:
    out = run_git(root, ["rev-list", "-n", "1", "--all"])
    return bool(out.strip())


def read_blob(repo: Repository, spec: str) -> bytes | None:
    """The content of one blob such as `HEAD:.mailmap`, or None when it does not exist."""
    try:
        return run_git(repo.root, ["cat-file", "blob", "--end-of-options", spec])
    except GitFailure:
        return None
