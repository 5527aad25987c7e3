"""Stream a repository's history into Commit records: one `git log` process, parsed as it runs.

PyDriller spawns git per commit and manages about 55 commits a second; we read one
`git log -z --numstat -M` stream in chunks and never hold the raw log in memory.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from typing import NamedTuple
from typing import Protocol

from analyzer.errors import StackfitError
from analyzer.git.repository import GitFailure
from analyzer.git.repository import Repository
from analyzer.git.repository import first_line
from analyzer.git.repository import git_version
from analyzer.git.repository import run_git
from analyzer.git.repository import stream_git

# A record separator starts each commit; fields are NUL-separated (-z), so names, messages and
# paths may hold newlines, tabs or bytes that are not UTF-8. %aN/%aE apply .mailmap.
# With --date=raw a date is "<epoch> <+hhmm>", or empty when git cannot read the commit's own.
LOG_FORMAT = "%x1e%H%x00%P%x00%aN%x00%aE%x00%ad%x00%cd%x00%B"
_HEADER_FIELDS = 7
_COAUTHOR = re.compile(r"^co-authored-by:(?P<value>.*)$", re.I | re.M)
SKIPPED_TRAILER = (
    "",
    "",
)  # a Co-authored-by trailer that is not `Name <email>`: counted, not credited

MAX_SUBJECT_CHARS = 200  # of a subject kept: enough to see a template, bounded for the cache

# After this many commits that git cannot read (missing objects), stop asking for their diffs.
MAX_UNREADABLE_RETRIES = 20


class FileChange(NamedTuple):
    """One file in one commit. `added`/`deleted` are None for binary files."""

    path: str
    added: int | None
    deleted: int | None
    old_path: str | None = None  # set when git detected a rename; the move itself adds nothing


class Commit(NamedTuple):
    sha: str
    parents: tuple[str, ...]
    author_name: str
    author_email: str
    authored_at: datetime  # in the author's own UTC offset
    coauthors: tuple[tuple[str, str], ...]  # (name, email) from Co-authored-by trailers
    changes: tuple[FileChange, ...]
    readable: bool = True  # False when git could not read the commit's contents
    subject: str = ""  # the message's first line, at most MAX_SUBJECT_CHARS (automation signs)


@dataclass(frozen=True)
class LogOptions:
    since: str | None = None
    until: str | None = None
    include_merges: bool = False


@dataclass
class ReadStats:
    """What the history reader could not read, for an honest warning."""

    unreadable_commits: int = 0
    unreadable_examples: list[str] = field(default_factory=list)
    truncated_after: str | None = None  # sha of the last commit read when the walk itself broke
    git_message: str = ""
    redated_commits: int = 0  # the author date was unreadable: the committer date stands in
    undated_commits: list[str] = field(default_factory=list)  # no readable date: left out


def log_arguments(
    head: str, options: LogOptions, with_diff: bool = True, skip: int = 0
) -> list[str]:
    args = ["log", "-z", f"--format={LOG_FORMAT}", "--date=raw", "--no-ext-diff", "--no-textconv"]
    args.append("--no-color")
    if skip:
        args.append(f"--skip={skip}")
    if with_diff:
        args += ["--numstat", "-M"]
    if not options.include_merges:
        args.append("--no-merges")
    if options.since:
        # --since stops at the first older commit, so one backdated commit hides the rest;
        # --since-as-filter (git 2.37) visits them all.
        since_flag = "--since-as-filter" if git_version() >= (2, 37) else "--since"
        args.append(f"{since_flag}={_git_timestamp(options.since)}")
    if options.until:
        args.append(f"--until={_git_timestamp(options.until)}")
    args += ["--end-of-options", head]
    return args


def _git_timestamp(moment_text: str) -> str:
    """A checked YYYY-MM-DD (midnight UTC) or ISO timestamp as git's raw `@SECONDS +0000`: git
    never parses the user's text, whose misreadings (years past 2099) it does not report."""
    try:
        moment = datetime.fromisoformat(moment_text)
    except ValueError:
        raise StackfitError(f"{moment_text!r} is not a date", "use YYYY-MM-DD") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return f"@{int(moment.timestamp())} +0000"


_FILTER_FLAGS = ("--since", "--until")  # --since-as-filter too


def rev_list_arguments(head: str, options: LogOptions) -> list[str]:
    """`git rev-list` with the commit filters of `log_arguments`: the same shas, in order."""
    log = log_arguments(head, options, with_diff=False)
    filters = [arg for arg in log if arg == "--no-merges" or arg.startswith(_FILTER_FLAGS)]
    return ["rev-list", *filters, "--end-of-options", head]


def count_commits(repo: Repository, options: LogOptions) -> int:
    """How many commits `iter_commits` yields, from one `git rev-list --count`: no diffs read."""
    command, *rest = rev_list_arguments(repo.head, options)
    out = run_git(repo.root, [command, "--count", *rest])
    return int(out.decode("ascii").strip() or 0)


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "backslashreplace")


def split_tokens(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """NUL-separated tokens from a stream of chunks, carrying partial tokens across chunks."""
    tail = b""
    for chunk in chunks:
        parts = (tail + chunk).split(b"\0")
        tail = parts.pop()
        yield from parts
    if tail:
        yield tail


def parse_log(chunks: Iterable[bytes], stats: ReadStats | None = None) -> Iterator[Commit]:
    """Parse `git log -z --numstat --format=LOG_FORMAT` output incrementally.

    A commit without a readable date (`notadate +zz`, a year past 9999) is left out and its sha
    noted in STATS.undated_commits; one whose author date alone is bad gets its committer date.
    Names, emails and paths seen before are not decoded again: their commits share one string.
    """
    tokens = split_tokens(chunks)
    header: list[bytes] | None = None
    changes: list[FileChange] = []
    texts: dict[bytes, str] = {}
    for token in tokens:
        if token.startswith(b"\x1e"):
            commit = _make_commit(header, changes, stats, texts) if header is not None else None
            if commit is not None:
                yield commit
            header = [token[1:]] + [next(tokens, b"") for _ in range(_HEADER_FIELDS - 1)]
            changes = []
            continue
        if header is None:
            continue
        if token.startswith(b"\n"):
            token = token[1:]
        if not token:
            continue
        added, deleted, path = token.split(b"\t", 2)
        counts = (  # a binary file's are "-"
            None if added == b"-" else int(added),
            None if deleted == b"-" else int(deleted),
        )
        if path:
            changes.append(FileChange(texts.get(path) or _text(texts, path), *counts))
        else:  # a rename: the old and the new path follow as tokens of their own
            old = _text(texts, next(tokens, b""))
            new = _text(texts, next(tokens, b""))
            changes.append(FileChange(new, *counts, old))
    commit = _make_commit(header, changes, stats, texts) if header is not None else None
    if commit is not None:
        yield commit


def _text(texts: dict[bytes, str], raw: bytes) -> str:
    """RAW decoded once per parse: a path or a name met again is the same string object."""
    text = texts.get(raw)
    if text is None:
        text = texts[raw] = _decode(raw)
    return text


def parse_raw_date(raw: bytes) -> datetime:
    """A `--date=raw` date ("1700000000 +0530") in its author's zone.

    Real histories hold impossible zones (`+51800`, from broken tools): those become UTC, the
    instant itself stays right.
    """
    epoch, _, zone = raw.partition(b" ")
    return datetime.fromtimestamp(int(epoch), _zone(zone))


@functools.cache
def _zone(zone: bytes) -> timezone:
    """The zone of a raw date's `+hhmm`, read once per distinct text; UTC when impossible."""
    text = zone.decode("ascii", "replace")
    if len(text) == 5 and text[0] in "+-" and text[1:].isdigit():
        hours, minutes = int(text[1:3]), int(text[3:5])
        if hours < 24 and minutes < 60:
            seconds = (hours * 60 + minutes) * 60
            return fixed_zone(-seconds if text[0] == "-" else seconds)
    return timezone.utc


@functools.cache
def fixed_zone(offset_seconds: int) -> timezone:
    """One timezone object per offset: the cache pickles each zone once, not once per date."""
    return timezone(timedelta(seconds=offset_seconds))


def _readable_date(raw: bytes) -> datetime | None:
    try:
        return parse_raw_date(raw)
    except (ValueError, OverflowError, OSError):  # empty, or past datetime's year 9999
        return None


def _make_commit(
    header: list[bytes],
    changes: list[FileChange],
    stats: ReadStats | None,
    texts: dict[bytes, str],
) -> Commit | None:
    sha, parents, name, email, author_date, committer_date, body = header
    authored_at = _readable_date(author_date)
    if authored_at is None:
        authored_at = _readable_date(committer_date)
        if stats is not None:
            if authored_at is None:
                stats.undated_commits.append(sha.decode("ascii"))
            else:
                stats.redated_commits += 1
        if authored_at is None:
            return None
    coauthors: tuple[tuple[str, str], ...] = ()
    if b"authored-by" in body.lower():
        message = _decode(body)
        coauthors = tuple(parse_coauthor(match["value"]) for match in _COAUTHOR.finditer(message))
    return Commit(
        sha=sha.decode("ascii"),
        parents=tuple(parents.decode("ascii").split()),
        author_name=_text(texts, name),
        author_email=_text(texts, email),
        authored_at=authored_at,
        coauthors=coauthors,
        changes=tuple(changes),
        subject=_subject(body),
    )


def _subject(body: bytes) -> str:
    """BODY's first line, cut to MAX_SUBJECT_CHARS characters (never inside a UTF-8 character:
    those come from at most four bytes each)."""
    limit = MAX_SUBJECT_CHARS * 4
    end = body.find(b"\n", 0, limit)
    return _decode(body[: end if end >= 0 else limit])[:MAX_SUBJECT_CHARS]


def parse_coauthor(value: str) -> tuple[str, str]:
    """(name, email) of a trailer's `Name <email>`, as git reads an identity: the email is the
    last <...>, the name before it is non-empty and holds no angle brackets; else SKIPPED_TRAILER.
    """
    value = value.strip()
    start = value.rfind("<")
    if start < 0 or not value.endswith(">"):
        return SKIPPED_TRAILER
    name, email = value[:start].strip(), value[start + 1 : -1].strip()
    if not name or not email or any(char in name + email for char in "<>"):
        return SKIPPED_TRAILER
    return name, email


def iter_commits(
    repo: Repository, options: LogOptions, stats: ReadStats | None = None
) -> Iterator[Commit]:
    """Every commit reachable from the analysed revision, newest first, from one git process.

    When git cannot read a commit's contents (a damaged repository, or a partial clone whose
    blobs were never fetched), that commit is yielded with `readable=False` and no changes, and
    the log resumes after it; after MAX_UNREADABLE_RETRIES such commits the rest is read without
    diffs. `stats` records how much was skipped.

    git starts at once, not at the first `next()`, so that it walks the history while the caller
    does other work. stackfit walks in chunks (analyzer/git/walk.py), whose commits must be
    exactly these: this single walk is what tests compare them with.
    """
    first = stream_git(repo.root, log_arguments(repo.head, options))
    return read_commits(
        walk_source(repo, options), stats if stats is not None else ReadStats(), first
    )


class CommitSource(NamedTuple):
    """Where a reader restarts after git failed: START(with_diff, skip) streams the commits
    after the first SKIP of this source; HEADER(skip) reads the next one without its diff."""

    start: Callable[[bool, int], LogStream]
    header: Callable[[int], Commit | None]


class LogStream(Protocol):
    def chunks(self) -> Iterator[bytes]: ...
    def stop(self) -> None: ...
    def finish(self) -> tuple[int, str]: ...


def walk_source(repo: Repository, options: LogOptions, offset: int = 0) -> CommitSource:
    """The history walk itself, after its first OFFSET commits (`git log --skip`)."""

    def start(with_diff: bool, skip: int) -> LogStream:
        args = log_arguments(repo.head, options, with_diff, skip=offset + skip)
        return stream_git(repo.root, args)

    return CommitSource(start, lambda skip: _header_only(repo, options, skip=offset + skip))


def read_commits(
    source: CommitSource,
    stats: ReadStats,
    first: LogStream | None,
    last_sha: str | None = None,
) -> Iterator[Commit]:
    """The commits of SOURCE, FIRST its stream already running; LAST_SHA: the commit yielded
    just before this source's first (for a history that breaks at once)."""
    done = 0
    undated_before = len(stats.undated_commits)
    stream: LogStream | None = first
    while True:
        with_diff = stats.unreadable_commits < MAX_UNREADABLE_RETRIES
        skip = done + len(stats.undated_commits) - undated_before  # git printed those too
        if stream is None:
            stream = source.start(with_diff, skip)
        pending: Commit | None = None
        try:
            for commit in parse_log(stream.chunks(), stats):
                if pending is not None:
                    yield _counted(pending, stats)
                    done, last_sha = done + 1, pending.sha
                pending = commit if with_diff else commit._replace(readable=False)
        finally:
            stream.stop()
        status, message = stream.finish()
        stream = None
        if status == 0:
            if pending is not None:
                yield _counted(pending, stats)
            return
        stats.git_message = first_line(message)
        if with_diff and pending is None:
            # git failed before printing the commit (a partial clone's prefetch): read its header.
            pending = source.header(done + len(stats.undated_commits) - undated_before)
        if not with_diff or pending is None:  # git cannot walk further back
            if pending is not None:
                yield _counted(pending, stats)
                last_sha = pending.sha
            if last_sha is None:
                raise StackfitError(
                    f"git cannot read the history: {stats.git_message}",
                    "check the repository with `git fsck`, or analyse a complete clone",
                )
            stats.truncated_after = last_sha
            return
        # git died computing this commit's diff: keep the commit, drop its unreadable contents.
        if len(stats.unreadable_examples) < 3:
            stats.unreadable_examples.append(pending.sha)
        yield _counted(pending._replace(changes=(), readable=False), stats)
        done, last_sha = done + 1, pending.sha


def _counted(commit: Commit, stats: ReadStats) -> Commit:
    if not commit.readable:
        stats.unreadable_commits += 1
    return commit


def _header_only(repo: Repository, options: LogOptions, skip: int) -> Commit | None:
    """The commit after SKIP commits, without its diff, or None when git cannot reach it."""
    args = log_arguments(repo.head, options, with_diff=False, skip=skip)
    args.insert(1, "--max-count=1")
    try:
        raw = run_git(repo.root, args)
    except GitFailure:
        return None
    found = next(parse_log([raw]), None)
    return found._replace(readable=False) if found else None
