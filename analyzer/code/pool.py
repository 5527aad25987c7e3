"""The parser pool: spreads tree-sitter parses over worker processes, in chunks, as blobs arrive.

Parsing is CPU-bound and holds the GIL, so threads would not help; processes do. Blobs stream
out of one `git cat-file --batch` in the parent and go to the workers in chunks of about
CHUNK_BYTES, so reading and parsing overlap and no worker waits for the whole tree. With one
worker (or little to parse) everything runs in this process: no start-up cost for small trees.
Results come back in submission order, so the output does not depend on the number of workers.
ON_PARSED hears of each finished chunk (how many jobs it held) in this process's own thread.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import ProcessPoolExecutor
from types import TracebackType

from analyzer.code.imports import FileFacts
from analyzer.code.imports import ParseJob
from analyzer.code.imports import parse_files

CHUNK_BYTES = 512 * 1024
MAX_CHUNK_FILES = 400


class ParsePool:
    """Collects parse jobs into chunks and runs them in WORKERS processes (1: in this one)."""

    def __init__(self, workers: int, on_parsed: Callable[[int], None] | None = None) -> None:
        self.workers = max(1, workers)
        self.on_parsed = on_parsed
        self._executor: ProcessPoolExecutor | None = None
        self._futures: list[tuple[Future[list[FileFacts]], int]] = []  # with the chunk's size
        self._reported = 0  # chunks at the front of _futures already told to on_parsed
        self._done: list[FileFacts] = []
        self._chunk: list[ParseJob] = []
        self._chunk_bytes = 0

    def __enter__(self) -> ParsePool:
        if self.workers > 1:
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=_context(), initializer=ignore_interrupts
            )
            # Start the workers now, before git's reader threads run: fork copies one thread.
            self._executor.submit(parse_files, []).result()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=error is not None)
            self._executor = None

    def add(self, job: ParseJob) -> None:
        self._chunk.append(job)
        self._chunk_bytes += len(job.content)
        if self._chunk_bytes >= CHUNK_BYTES or len(self._chunk) >= MAX_CHUNK_FILES:
            self._flush()

    def _flush(self) -> None:
        if not self._chunk:
            return
        chunk, self._chunk, self._chunk_bytes = self._chunk, [], 0
        if self._executor is None:
            self._futures.append((_completed(parse_files(chunk)), len(chunk)))
        else:
            self._futures.append((self._executor.submit(parse_files, chunk), len(chunk)))
        self._report(wait=False)

    def _report(self, *, wait: bool) -> None:
        """Tell on_parsed of finished chunks, in order; WAIT for each one when collecting."""
        if self.on_parsed is None:
            return
        while self._reported < len(self._futures):
            future, size = self._futures[self._reported]
            if not wait and not future.done():
                return
            future.result()
            self._reported += 1
            self.on_parsed(size)

    def results(self) -> list[FileFacts]:
        """Every job's facts, in the order the jobs were added."""
        self._flush()
        self._report(wait=True)
        for future, _ in self._futures:
            self._done.extend(future.result())
        self._futures.clear()
        self._reported = 0
        return self._done


def ignore_interrupts() -> None:
    """In a worker: Ctrl-C reaches the whole process group, but only the parent acts on it
    (it cancels the pool and says so in one line); a worker's traceback would be noise."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _completed(value: list[FileFacts]) -> Future[list[FileFacts]]:
    future: Future[list[FileFacts]] = Future()
    future.set_result(value)
    return future


def _context() -> multiprocessing.context.BaseContext:
    """fork where it exists: workers start in milliseconds with the grammars' modules loaded."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()  # pragma: no cover - macOS and Windows spawn
