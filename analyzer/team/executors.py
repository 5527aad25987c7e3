"""The map step over many repositories: in a process pool on this machine, or on a Dask cluster.

Every worker runs `mine_record`, which returns an evidence file's record (plain JSON values):
the pool, a cluster and `stackfit mine` then `stackfit merge` all hand the reduce step the same
thing, so they give the same answer. A repository that fails becomes a record with its error,
reported and skipped, never the end of the run.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import as_completed
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from pathlib import Path
from typing import Any
from typing import Protocol

from analyzer.code.pool import ignore_interrupts
from analyzer.config import Settings
from analyzer.config import load_settings
from analyzer.config import override
from analyzer.errors import StackfitError
from analyzer.git.repository import GitFailure
from analyzer.git.repository import Repository
from analyzer.git.repository import open_repository
from analyzer.git.repository import root_commit
from analyzer.history.cache import CommitCache
from analyzer.history.mine import CodeFacts
from analyzer.history.mine import MinedRepository
from analyzer.history.mine import failed_repository
from analyzer.history.mine import mine_history
from analyzer.languages.tree import HeadTree
from analyzer.languages.tree import read_head_tree
from analyzer.machine import available_cpus
from analyzer.team.evidence_files import decode
from analyzer.team.evidence_files import encode

PROCESS = "process"
DASK = "dask"


class CodeReader(Protocol):
    """Reads a mined repository's code facts from its snapshot (recommend/rank.py has one)."""

    @property
    def reads_every_blob(self) -> bool: ...

    def __call__(self, repo: Repository, head: HeadTree, settings: Settings) -> CodeFacts: ...


@dataclass(frozen=True)
class MineJob:
    """One repository to mine, and how: everything a worker on another machine needs."""

    path: str
    rev: str = "HEAD"
    options: Mapping[str, Any] = field(default_factory=dict)  # command-line history options
    config_path: str | None = None
    use_cache: bool = True
    frameworks: bool = False  # which files use which framework, for frameworks per person
    # What the caller reads of the code (what exists per stack, workload kinds), given by the
    # stage that needs it (recommend); picklable, so it travels to a pool or a Dask worker.
    read_code: CodeReader | None = None
    walk_jobs: int = 1  # git processes walking this repository's history at once


def mine_record(job: MineJob) -> dict[str, Any]:
    """Mine one repository into its evidence record; a failure is a record with the error."""
    try:
        return encode(_mine(job))
    except StackfitError as error:
        return encode(failed_repository(job.path, str(error)))
    except GitFailure as failure:
        return encode(failed_repository(job.path, f"{failure}; check it with `git fsck`"))
    except Exception as error:  # a bug must not end a run over a thousand repositories
        return encode(
            failed_repository(job.path, f"internal error: {type(error).__name__}: {error}")
        )


def _mine(job: MineJob) -> MinedRepository:
    repo = open_repository(job.path, job.rev)
    config = Path(job.config_path) if job.config_path else None
    settings = override(load_settings(repo, config), **job.options)
    cache = CommitCache(repo) if job.use_cache else None
    known = cache.known_blobs() if cache is not None else None
    keep = job.read_code is not None and job.read_code.reads_every_blob
    head = read_head_tree(repo, known, keep=keep)
    frameworks = job.frameworks and settings.frameworks
    mined = mine_history(
        repo, settings, cache=cache, head=head, frameworks=frameworks, jobs=job.walk_jobs
    )
    mined.root = root_commit(repo)
    if cache is not None and cache.warnings:
        warnings = (*mined.history.warnings, *cache.warnings)
        mined.history = replace(mined.history, warnings=warnings)
    if job.read_code is not None:
        mined.code = job.read_code(repo, head, settings)
    return mined


def parse_executor(value: str) -> tuple[str, str | None]:
    """`process`, `dask` (a LocalCluster) or `dask://HOST:PORT` (a running scheduler)."""
    if value == PROCESS:
        return PROCESS, None
    if value == DASK:
        return DASK, None
    if value.startswith("dask://"):
        return DASK, "tcp://" + value.removeprefix("dask://")
    raise StackfitError(
        f"unknown --executor {value!r}", "use process, dask, or dask://SCHEDULER-HOST:PORT"
    )


def mine_all(
    jobs: Sequence[MineJob],
    executor: str = PROCESS,
    workers: int | None = None,
    on_done: Callable[[int, int], None] | None = None,
) -> list[MinedRepository]:
    """Mine every job in parallel; ON_DONE(done, total) after each repository."""
    kind, address = parse_executor(executor)
    if kind == DASK:
        records = _mine_on_dask(jobs, address, workers, on_done)
    else:
        records = _mine_in_processes(jobs, workers or available_cpus(), on_done)
    return [decode(record) for record in records]


def _mine_in_processes(
    jobs: Sequence[MineJob], workers: int, on_done: Callable[[int, int], None] | None
) -> list[dict[str, Any]]:
    workers = max(1, min(workers, len(jobs)))
    if workers == 1:
        records = []
        for done, job in enumerate(jobs, start=1):
            records.append(mine_record(job))
            if on_done is not None:
                on_done(done, len(jobs))
        return records
    results: dict[int, dict[str, Any]] = {}
    # spawn: a forked worker would inherit this process's threads and open git pipes.
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=ignore_interrupts
    )
    try:
        futures = {pool.submit(mine_record, job): position for position, job in enumerate(jobs)}
        for done, future in enumerate(as_completed(futures), start=1):
            results[futures[future]] = future.result()
            if on_done is not None:
                on_done(done, len(jobs))
    finally:  # Ctrl-C: the repositories not yet started are not started
        pool.shutdown(wait=True, cancel_futures=True)
    return [results[position] for position in range(len(jobs))]


def _mine_on_dask(
    jobs: Sequence[MineJob],
    address: str | None,
    workers: int | None,
    on_done: Callable[[int, int], None] | None,
) -> list[dict[str, Any]]:
    try:
        from dask.distributed import Client
        from dask.distributed import LocalCluster
        from dask.distributed import as_completed as dask_completed
    except ImportError:
        raise StackfitError("--executor dask needs Dask", "pip install 'stackfit[dask]'") from None
    cluster = None
    if address is None:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers or available_cpus(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
    try:
        with Client(cluster if cluster is not None else address) as client:  # type: ignore[no-untyped-call]
            futures = client.map(mine_record, list(jobs), pure=False)
            positions = {future.key: position for position, future in enumerate(futures)}
            results: dict[int, dict[str, Any]] = {}
            for done, future in enumerate(dask_completed(futures), start=1):  # type: ignore[no-untyped-call]
                results[positions[future.key]] = future.result()
                if on_done is not None:
                    on_done(done, len(jobs))
    except OSError as error:
        raise StackfitError(
            f"cannot reach the Dask scheduler {address}: {error}",
            "check the address, or use --executor dask for a local cluster",
        ) from None
    finally:
        if cluster is not None:
            cluster.close()
    return [results[position] for position in range(len(jobs))]
