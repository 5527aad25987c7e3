"""One repository's skills through the commit cache: what `skills`, `check` and the hooks read.

Progress goes to a watch and warnings to WARN, each only once the work they describe is done.
"""

from __future__ import annotations

from collections.abc import Callable

from analyzer.config import Reading
from analyzer.config import Settings
from analyzer.git.repository import GitFailure
from analyzer.git.repository import Repository
from analyzer.git.repository import open_repository
from analyzer.history.cache import CommitCache
from analyzer.languages.tree import HeadTree
from analyzer.machine import available_cpus
from analyzer.progress import CommitCounter
from analyzer.progress import Watch
from analyzer.progress import unwatched
from analyzer.skills.combine import analyse_skills
from analyzer.skills.combine import commits_to_read
from analyzer.skills.document import SkillsEvidence


def open_store(repo: Repository, no_cache: bool) -> CommitCache | None:
    """The commit cache of REPO, or None for --no-cache."""
    return None if no_cache else CommitCache(repo)


def commit_counter(repo: Repository, settings: Settings) -> CommitCounter:
    """The progress bar's total: asked only once commits are read, and only by a display."""

    def count() -> int | None:
        try:
            return commits_to_read(repo, settings)
        except GitFailure:  # the history reader reports what git cannot read
            return None

    return count


def analyse_cached(
    repo: Repository,
    settings: Settings,
    store: CommitCache | None,
    *,
    warn: Callable[[str], None],
    head: HeadTree | None = None,
    watch: Watch = unwatched,
    frameworks: bool = False,
    jobs: int = 1,
) -> SkillsEvidence:
    """analyse_skills through the commit cache STORE (None: --no-cache); cache trouble is one
    warning line, never fatal.

    HEAD, when the caller has read the tree already, is not read again. FRAMEWORKS: only the
    commands that show frameworks per person pay for reading them.
    """
    with watch(commit_counter(repo, settings)) as shown:
        progress = shown.commits if shown else None
        evidence = analyse_skills(
            repo, settings, progress, store, head=head, frameworks=frameworks, jobs=jobs
        )
    if store is not None and head is not None:
        # The caller's read of the tree may have learned blobs, even when the history came
        # whole from the cache: keep them for the next run.
        store.save_known_blobs(head)
    for warning in store.warnings if store is not None else ():
        warn(warning)
    return evidence


def analyse_path(
    path: str,
    reading: Reading,
    *,
    warn: Callable[[str], None],
    watch: Watch = unwatched,
    jobs: int | None = None,
) -> SkillsEvidence:
    """`stackfit skills` for one repository: its config, the options winning, through the cache.

    JOBS git processes walk its history (None: one per available CPU).
    """
    if jobs is None:
        jobs = available_cpus()
    repo = open_repository(path, reading.rev)
    settings = reading.settings(repo)
    store = open_store(repo, reading.no_cache)
    return analyse_cached(
        repo, settings, store, warn=warn, watch=watch, frameworks=settings.frameworks, jobs=jobs
    )
