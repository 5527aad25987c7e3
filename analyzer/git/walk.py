"""The parallel walk: several git processes compute the diffs of consecutive chunks of history.

`git rev-list` lists the commits (cheap: no diffs); chunks of them go to `git log --no-walk
--stdin`, which diffs each commit against its first parent on its own, with the same -M,
.mailmap and safety options as the single walk, so chunking changes no number. Up to JOBS git
processes run at once while this process parses the oldest finished chunk, and commits come
out in `git log` order: the fold (renames included) sees exactly what the single walk yields.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field

from analyzer.git.log import MAX_UNREADABLE_RETRIES
from analyzer.git.log import Commit
from analyzer.git.log import CommitSource
from analyzer.git.log import LogOptions
from analyzer.git.log import LogStream
from analyzer.git.log import ReadStats
from analyzer.git.log import log_arguments
from analyzer.git.log import parse_log
from analyzer.git.log import read_commits
from analyzer.git.log import rev_list_arguments
from analyzer.git.log import walk_source
from analyzer.git.repository import GitFailure
from analyzer.git.repository import GitStream
from analyzer.git.repository import Repository
from analyzer.git.repository import run_git
from analyzer.git.repository import stream_git

# Chunks grow from FIRST to MAX commits: a large history starts few processes (each costs a git
# start-up with cold caches and holds its output until parsed). The last WIDTH * MAX commits or
# fewer are split into TAIL_CHUNKS_PER_PROCESS rounds of one chunk per process that finish
# together: a small history is read in about 1/WIDTH of git's time, and no git grows large (a
# git's memory grows with the commits it has read: flask's in two chunks took 43 and 50 MiB, in
# four about 30). Newer commits cost git more (larger trees: flask's newer half took 0.65 s, its
# older half 0.45 s), so each round but the last gets NEWER_SHARE of an even share of the
# commits left; the last takes the rest.
FIRST_CHUNK_COMMITS = 64
MAX_CHUNK_COMMITS = 2048
TAIL_CHUNKS_PER_PROCESS = 2
NEWER_SHARE = 0.8


def walk_commits(
    repo: Repository,
    options: LogOptions,
    stats: ReadStats | None = None,
    jobs: int = 1,
    *,
    first_chunk: int | None = None,
    max_chunk: int | None = None,
) -> Iterator[Commit]:
    """The commits of `iter_commits`, the same in the same order, diffed by JOBS git processes.

    git starts at once (the listing and the first chunk), so it works while the caller does.
    One process runs chunks too: a single git's memory grows with every commit it has read
    (git/git: 484 MiB), a chunk's stays small.
    """
    stats = stats if stats is not None else ReadStats()
    jobs = max(1, jobs)
    command, *rest = rev_list_arguments(repo.head, options)
    listing = stream_git(repo.root, [command, *rest])
    first, most = first_chunk or FIRST_CHUNK_COMMITS, max_chunk or MAX_CHUNK_COMMITS
    chunks = _chunks(listing, first, most, jobs)
    running: deque[_Chunk] = deque()
    # The first chunks wait for the listing (read ahead to split the rest evenly): a thread
    # starts them while the caller reads the tree.
    starter = _Starter(lambda: _start(repo, options, chunks, running, jobs))
    starter.start()
    return _walk(repo, options, stats, listing, chunks, running, jobs, starter)


class _Starter(threading.Thread):
    """Runs START in a thread; `result` hands back what it returned or raised."""

    def __init__(self, start: Callable[[], bool]) -> None:
        super().__init__(daemon=True)
        self._start_chunks = start
        self._returned: bool | None = None
        self._raised: BaseException | None = None

    def run(self) -> None:
        try:
            self._returned = self._start_chunks()
        except BaseException as error:  # handed to the caller's thread
            self._raised = error

    def result(self) -> bool:
        self.join()
        if self._raised is not None:
            raise self._raised
        assert self._returned is not None
        return self._returned


def _chunks(listing: GitStream, first: int, most: int, width: int) -> Iterator[list[str]]:
    """The listed shas in chunks of FIRST, then twice as many, up to MOST; the last WIDTH * MOST
    or fewer in TAIL_CHUNKS_PER_PROCESS rounds of WIDTH even chunks, the newer rounds smaller
    (the listing is read that far ahead: 41 bytes a commit)."""
    size, tail, ended = max(1, first), b"", False
    data = listing.chunks()
    shas: list[str] = []
    while True:
        while not ended and len(shas) < size + width * most:
            block = next(data, None)
            if block is None:
                ended = True
                if tail:
                    shas.append(tail.decode("ascii"))
                break
            lines = (tail + block).split(b"\n")
            tail = lines.pop()
            shas.extend(line.decode("ascii") for line in lines if line)
        if ended and len(shas) <= width * most:
            break
        yield shas[:size]
        shas = shas[size:]
        size = min(size * 2, most)
    rounds = TAIL_CHUNKS_PER_PROCESS
    while shas:  # none when nothing was listed: git given no commit would read HEAD
        size = len(shas) if rounds <= 1 else max(width, int(len(shas) / rounds * NEWER_SHARE))
        part, shas, rounds = shas[:size], shas[size:], rounds - 1
        for left in range(width, 0, -1):  # one round: the part evenly over the processes
            share = -(-len(part) // left)
            if share:
                yield part[:share]
                part = part[share:]


def chunk_arguments(options: LogOptions, with_diff: bool) -> list[str]:
    """`git log` as the walk runs it, for listed commits: no walk, no filters (rev-list's job)."""
    args = log_arguments("HEAD", options, with_diff)[:-2]  # drop `--end-of-options HEAD`
    args = [
        arg for arg in args if arg != "--no-merges" and not arg.startswith(("--since", "--until"))
    ]
    return [*args, "--no-walk=unsorted", "--stdin"]


@dataclass
class _Chunk:
    """One chunk's git, its output collected by a thread so that git never waits; the oldest
    chunk is parsed as its output arrives."""

    shas: list[str]
    stream: GitStream
    output: queue.SimpleQueue[bytes] = field(default_factory=queue.SimpleQueue)
    reader: threading.Thread | None = None

    def collect(self) -> None:
        try:
            for data in self.stream.chunks():
                self.output.put(data)
        finally:
            self.output.put(b"")  # the end, also when reading failed

    def chunks(self) -> Iterator[bytes]:
        assert self.reader is not None
        while data := self.output.get():
            yield data
        self.reader.join()

    def stop(self) -> None:
        self.stream.stop()

    def finish(self) -> tuple[int, str]:
        return self.stream.finish()


class _Nothing:
    """The stream of a chunk with no commit left to read."""

    def chunks(self) -> Iterator[bytes]:
        return iter(())

    def stop(self) -> None:
        pass

    def finish(self) -> tuple[int, str]:
        return 0, ""


def _start(
    repo: Repository,
    options: LogOptions,
    chunks: Iterator[list[str]],
    running: deque[_Chunk],
    width: int,
) -> bool:
    """Start chunks until WIDTH are in flight; False once the listing has ended."""
    while len(running) < width:
        shas = next(chunks, None)
        if shas is None:
            return False
        stream = stream_git(repo.root, chunk_arguments(options, True), stdin_lines=shas)
        chunk = _Chunk(shas, stream)
        chunk.reader = threading.Thread(target=chunk.collect, daemon=True)
        chunk.reader.start()
        running.append(chunk)
    return True


def _walk(
    repo: Repository,
    options: LogOptions,
    stats: ReadStats,
    listing: GitStream,
    chunks: Iterator[list[str]],
    running: deque[_Chunk],
    width: int,
    starter: _Starter,
) -> Iterator[Commit]:
    done = 0
    last_sha: str | None = None
    try:
        listing_on = starter.result()
        while running:
            if not listing_on and listing.finish()[0] != 0:
                break  # the walk itself broke before the last chunk: see below
            chunk = running.popleft()
            first: LogStream | None = chunk
            if stats.unreadable_commits >= MAX_UNREADABLE_RETRIES:
                chunk.stop()  # the single walk reads the rest without diffs: so does this one
                chunk.finish()
                first = None
            for commit in read_commits(_source(repo, options, chunk.shas), stats, first, last_sha):
                yield commit
                done, last_sha = done + 1, commit.sha
            if stats.truncated_after is not None:
                return
            listing_on = _start(repo, options, chunks, running, width) and listing_on
        if listing.finish()[0] != 0:
            # The walk itself broke: the single reader reads the last chunks and says where,
            # with its own judgement of the commit before the break.
            offset = done + len(stats.undated_commits)
            yield from read_commits(walk_source(repo, options, offset), stats, None, last_sha)
    finally:
        listing.stop()
        for chunk in running:
            chunk.stop()


def _source(repo: Repository, options: LogOptions, shas: list[str]) -> CommitSource:
    """A chunk's commits after its first SKIP, with or without diffs."""

    def start(with_diff: bool, skip: int) -> LogStream:
        if skip >= len(shas):  # nothing left: git given no commit would read HEAD
            return _Nothing()
        args = chunk_arguments(options, with_diff)
        return stream_git(repo.root, args, stdin_lines=shas[skip:])

    def header(skip: int) -> Commit | None:
        if skip >= len(shas):
            return None
        try:
            raw = run_git(repo.root, [*chunk_arguments(options, False)[:-1], shas[skip]])
        except GitFailure:
            return None
        found = next(parse_log([raw]), None)
        return found._replace(readable=False) if found else None

    return CommitSource(start, header)
