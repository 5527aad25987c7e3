"""Open and validate a repository, and run git on it safely.

Every git call stackfit makes goes through this module. A scanned repository is untrusted, so
git runs with a cleaned environment (inside a git hook, git exports GIT_DIR and friends, and a
child git that inherits them reads the wrong repository: pre-commit's `no_git_env`) and with
settings that stop the repository's config from running programs or fetching objects.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from typing import Any

from analyzer.errors import StackfitError

# Variables of the user's that say which git and which config files to use; every other GIT_*
# is dropped, since git exports GIT_DIR, GIT_INDEX_FILE and friends to hooks (pre-commit keeps
# a list like this one).
_GIT_ENV_KEPT = frozenset(
    {
        "GIT_EXEC_PATH",
        "GIT_CONFIG_GLOBAL",
        "GIT_CONFIG_SYSTEM",
        "GIT_CONFIG_NOSYSTEM",
    }
)

# Set on every call, whatever the user's environment says:
# - no object is ever fetched: GIT_NO_LAZY_FETCH (git 2.44, and 2.39.4 and other security
#   releases) stops a partial clone's lazy fetch, and an empty GIT_ALLOW_PROTOCOL allows no
#   transport at all on any git, overriding the repository's own `protocol.<name>.allow`, so
#   neither an `ext::` remote nor `core.sshCommand` can run;
# - no prompt for credentials; replace refs and info/grafts ignored (the cache keys commits by
#   sha, so history must be what the shas say); the shallow file still applies.
GIT_ENV_SET: Mapping[str, str] = {
    "GIT_NO_LAZY_FETCH": "1",
    "GIT_ALLOW_PROTOCOL": "",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_NO_REPLACE_OBJECTS": "1",
    "GIT_GRAFT_FILE": os.path.join(os.devnull, "grafts"),  # a path that cannot exist
}

# Text files larger than this count as binary (`-` in --numstat): git would otherwise hold a
# huge generated file's diff in memory (a 200 MB file took 2.25 GB), and no skill shows in it.
BIG_FILE_BYTES = 8 << 20

# Settings on every call: no program named by the repository's config may run (external diff,
# textconv, fsmonitor, gpg for signatures), and output stays UTF-8 with unquoted paths.
SAFE_CONFIG: tuple[str, ...] = (
    "--no-replace-objects",
    "-c", "core.fsmonitor=false",
    "-c", "log.showSignature=false",
    "-c", "diff.external=",
    "-c", "core.quotePath=false",
    "-c", "i18n.logOutputEncoding=UTF-8",
    "-c", "protocol.allow=never",
    "-c", "core.sshCommand=false",
    "-c", "credential.helper=",
    "-c", "diff.relative=false",
    "-c", "diff.noprefix=false",
    "-c", "log.showRoot=true",
    "-c", f"core.bigFileThreshold={BIG_FILE_BYTES}",
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


def git_environ(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of one git call: BASE (the process's) without git's hook variables,
    plus GIT_ENV_SET. A new dict per call: nothing global changes, so threads may run git."""
    source = os.environ if base is None else base
    env = {
        key: value
        for key, value in source.items()
        if not key.startswith("GIT_") or key in _GIT_ENV_KEPT
    }
    env.update(GIT_ENV_SET)
    env["GLIBC_TUNABLES"] = with_huge_pages(env.get("GLIBC_TUNABLES", ""))
    return env


# glibc (2.35 and later) backs git's heap with transparent huge pages when asked: each of the
# walk's many short-lived gits faults its heap in once, and on git/git their page faults fell
# from 2.8 to 0.7-1.0 million and their system time by a sixth (bench/RESULTS.md, "Huge pages
# for git"). Other C libraries, and kernels without THP, ignore the setting.
HUGE_PAGES_TUNABLE = "glibc.malloc.hugetlb"


def with_huge_pages(tunables: str) -> str:
    """TUNABLES (`name=value:name=value`) asking for huge pages, unless the user chose already."""
    names = {entry.partition("=")[0] for entry in tunables.split(":") if entry}
    if HUGE_PAGES_TUNABLE in names:
        return tunables
    return ":".join(filter(None, [tunables, f"{HUGE_PAGES_TUNABLE}=1"]))


def _command(args: Sequence[str]) -> list[str]:
    return ["git", "--no-pager", *SAFE_CONFIG, *args]


def run_git(
    cwd: Path, args: Sequence[str], *, ok_codes: tuple[int, ...] = (0,), stdin: str | None = None
) -> bytes:
    """Run one git command to completion; a failure becomes a GitFailure with git's message.

    subprocess, not GitPython: GitPython's `env=` is merged into a copy of os.environ, so it
    cannot drop the hook variables without changing os.environ for every thread.
    """
    feed = None if stdin is None else stdin.encode("utf-8", "surrogateescape")
    try:
        done = subprocess.run(
            _command(args),
            cwd=cwd,
            env=git_environ(),
            input=feed,
            stdin=subprocess.DEVNULL if feed is None else None,
            capture_output=True,
            check=False,
        )
    except OSError as error:  # git vanished, or CWD is not a folder
        raise GitFailure(args, -1, str(error)) from None
    if done.returncode not in ok_codes:
        raise GitFailure(args, done.returncode, _as_text(done.stderr))
    return done.stdout


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

    proc: subprocess.Popen[bytes]
    chunk_bytes: int = 1 << 20
    _stderr: bytearray | None = None
    _thread: threading.Thread | None = None

    def __post_init__(self) -> None:
        self._stderr = bytearray()
        self._thread = threading.Thread(target=self._drain, args=(self.proc.stderr,))
        self._thread.daemon = True
        self._thread.start()

    def _drain(self, stream: IO[bytes]) -> None:
        assert self._stderr is not None
        for line in iter(stream.readline, b""):
            if len(self._stderr) < _STDERR_LIMIT_BYTES:
                self._stderr.extend(line)

    @property
    def stdout(self) -> io.BufferedReader:
        assert isinstance(self.proc.stdout, io.BufferedReader)
        return self.proc.stdout

    def chunks(self) -> Iterator[bytes]:
        stdout = self.stdout
        while True:
            chunk = stdout.read1(self.chunk_bytes)
            if not chunk:
                return
            yield chunk

    def finish(self) -> tuple[int, str]:
        """Wait for git and return its exit status and what it said on stderr."""
        status = int(self.proc.wait())
        assert self._thread is not None and self._stderr is not None
        self._thread.join(timeout=5)
        return status, self._stderr.decode("utf-8", "replace")

    def stop(self) -> None:
        """Kill git when the reader stops early (an error, Ctrl-C)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def stream_git(
    cwd: Path, args: Sequence[str], *, stdin_lines: Sequence[str] | None = None
) -> GitStream:
    """Start one git command whose output is consumed incrementally, never held whole.

    STDIN_LINES, when given, are written from a thread so that neither pipe can block the other.
    """
    proc = subprocess.Popen(
        _command(args),
        cwd=cwd,
        env=git_environ(),
        stdin=subprocess.PIPE if stdin_lines is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    _widen_pipe(proc.stdout)
    if stdin_lines is not None:
        feeder = threading.Thread(target=_feed, args=(proc.stdin, stdin_lines), daemon=True)
        feeder.start()
    return GitStream(proc)


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
        if root != target and root not in target.parents:
            raise StackfitError(
                f"the repository at {target} names another folder as its work tree: {root} "
                "(core.worktree in its config)",
                "remove the setting unless you put it there: "
                f"git -C {target} config --unset core.worktree",
            )
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


def unreadable_blobs(repo: Repository, shas: Iterable[str]) -> set[str] | None:
    """Which of SHAS git cannot give a blob's size for (missing or damaged), from one
    `git cat-file --batch-check`; None when git fails (then nothing is known)."""
    wanted = list(shas)
    if not wanted:
        return set()
    try:
        out = run_git(
            repo.root, ["cat-file", "--batch-check"], stdin="".join(f"{sha}\n" for sha in wanted)
        )
    except GitFailure:
        return None
    readable = set()
    for line in out.decode("ascii", "replace").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == "blob" and parts[2].isdigit():
            readable.add(parts[0])
    return {sha for sha in wanted if sha not in readable}


def root_commit(repo: Repository) -> str:
    """The analysed revision's root commit (the first, sorted, when history has several roots).

    It names a repository whatever path reaches it. In a shallow clone the roots are the
    shallow boundary, so the name follows the clone depth.
    """
    out = run_git(repo.root, ["rev-list", "--max-parents=0", "--end-of-options", repo.head])
    roots = sorted(out.decode("ascii", "replace").split())
    return roots[0] if roots else repo.head
