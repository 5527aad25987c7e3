"""One team across many repositories: gather the sources, mine them, combine the evidence."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from analyzer.config import Settings
from analyzer.config import override
from analyzer.config import read_settings_file
from analyzer.errors import StackfitError
from analyzer.history.mine import MinedRepository
from analyzer.skills.combine import combine
from analyzer.skills.document import SkillsEvidence
from analyzer.team.discovery import discover
from analyzer.team.discovery import read_repo_list
from analyzer.team.discovery import unique_paths

if TYPE_CHECKING:
    from analyzer.team.executors import CodeReader


@dataclass(frozen=True)
class TeamSources:
    """Where a team's evidence comes from, as the command line named it."""

    paths: tuple[str, ...] = ()
    repos_from: Path | None = None
    discover: Path | None = None
    evidence_files: tuple[Path, ...] = ()
    jobs: int | None = None
    executor: str = "process"
    strict: bool = False

    def __post_init__(self) -> None:
        """A bad --executor is an error with one repository too, where no pool is used."""
        from analyzer.team.executors import parse_executor  # fleet loads the mining machinery

        parse_executor(self.executor)

    @property
    def several(self) -> bool:
        """More than the one repository of a plain run."""
        return (
            len(self.paths) > 1
            or self.repos_from is not None
            or self.discover is not None
            or bool(self.evidence_files)
        )

    @property
    def single(self) -> str:
        return self.paths[0] if self.paths else "."

    def repository_paths(self) -> list[str]:
        paths = list(self.paths)
        if self.repos_from is not None:
            paths += read_repo_list(self.repos_from)
        if self.discover is not None:
            found = discover(self.discover)
            if not found and not paths and not self.evidence_files:
                raise StackfitError(
                    f"no git repository below {self.discover}", "check the --discover folder"
                )
            paths += found
        return unique_paths(paths)


@dataclass(frozen=True)
class Team:
    mined: list[MinedRepository]  # every repository, failed ones included
    settings: Settings  # the judging settings the evidence was combined with
    evidence: SkillsEvidence

    @property
    def failures(self) -> list[MinedRepository]:
        return [item for item in self.mined if item.error is not None]


def team_key(evidence: SkillsEvidence) -> bytes:
    """The pseudonym key of a team: its one repository's root commit, or a digest of all roots.

    The same repositories give the same pseudonyms on every run, whatever their HEADs.
    """
    roots = sorted(
        {entry.root for entry in evidence.repositories if entry.root and not entry.error}
    )
    if len(roots) == 1:
        return roots[0].encode("ascii")
    return hashlib.sha256("\n".join(roots).encode("ascii")).hexdigest().encode("ascii")


def team_settings(config_path: Path | None, options: Mapping[str, Any]) -> Settings:
    """Judging settings for several repositories: --config (or the defaults) and the options.

    Each repository's own config still decides what is counted in it when it is mined.
    """
    base = read_settings_file(config_path) if config_path is not None else Settings()
    return override(base, **options)


def mine_team(
    sources: TeamSources,
    rev: str,
    config_path: Path | None,
    no_cache: bool,
    options: Mapping[str, Any],
    *,
    read_code: CodeReader | None = None,
    frameworks: bool = False,
    on_done: Callable[[int, int], None] | None = None,
) -> Team:
    """Mine every repository (in parallel), read every evidence file, and combine them.

    --jobs is the CPUs the run may use: repositories are mined that many at once, and fewer
    repositories than that share the rest among their history walks.
    """
    from analyzer.machine import available_cpus
    from analyzer.team.evidence_files import merge  # loaded only for several sources
    from analyzer.team.evidence_files import read_evidence
    from analyzer.team.executors import MineJob
    from analyzer.team.executors import mine_all

    settings = team_settings(config_path, options)
    paths = sources.repository_paths()
    walk_jobs = max(1, (sources.jobs or available_cpus()) // max(1, len(paths)))
    jobs = [
        MineJob(
            path=path,
            rev=rev,
            options=dict(options),
            config_path=str(config_path) if config_path else None,
            use_cache=not no_cache,
            frameworks=frameworks,
            read_code=read_code,
            walk_jobs=walk_jobs,
        )
        for path in paths
    ]
    files = [read_evidence(path) for path in sources.evidence_files]
    mined = mine_all(jobs, sources.executor, sources.jobs, on_done) if jobs else []
    everything = merge([mined, *files])
    failed = [item for item in everything if item.error is not None]
    if len(failed) == len(everything):
        first = failed[0] if failed else None
        raise StackfitError(
            f"none of the {len(everything)} repositories could be read"
            + (f"; {first.facts.path}: {first.error}" if first else ""),
            "fix them or pass other paths",
        )
    if sources.strict:
        for item in everything:
            if item.error is not None:
                raise StackfitError(
                    f"cannot analyse {item.facts.path}: {item.error}",
                    "fix or leave out that repository, or drop --strict to skip it",
                )
    return Team(everything, settings, combine(everything, settings))
