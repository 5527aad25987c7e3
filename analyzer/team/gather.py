"""A team's evidence as the commands ask for it: one repository through the commit cache, or
many mined (in parallel) and combined; unreadable repositories are warnings unless --strict."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from analyzer.config import Reading
from analyzer.history.mine import MinedRepository
from analyzer.progress import Watch
from analyzer.progress import unwatched
from analyzer.skills.analyse import analyse_path
from analyzer.skills.document import SkillsEvidence
from analyzer.team.sources import Team
from analyzer.team.sources import TeamSources
from analyzer.team.sources import mine_team

if TYPE_CHECKING:
    from analyzer.team.executors import CodeReader  # the pool loads only for several sources


def mine_sources(
    sources: TeamSources,
    reading: Reading,
    *,
    warn: Callable[[str], None],
    watch: Watch = unwatched,
    read_code: CodeReader | None = None,
    frameworks: bool = False,
) -> Team:
    """mine_team with the repositories mined counted; each one skipped is a warning."""
    with watch(None) as shown:
        team = mine_team(
            sources, reading.rev, reading.config_path, reading.no_cache, reading.options,
            read_code=read_code, frameworks=frameworks,
            on_done=shown.repositories if shown else None,
        )  # fmt: skip
    for failed in team.failures:
        warn(f"skipped {failed.facts.path}: {failed.error}")
    return team


def team_skills(
    sources: TeamSources, reading: Reading, *, warn: Callable[[str], None], watch: Watch = unwatched
) -> SkillsEvidence:
    """`stackfit skills`: one repository's evidence, or the team's across every source."""
    if sources.several:
        frameworks = reading.options.get("frameworks") is not False
        evidence = mine_sources(
            sources, reading, warn=warn, watch=watch, frameworks=frameworks
        ).evidence
    else:
        evidence = analyse_path(sources.single, reading, warn=warn, watch=watch, jobs=sources.jobs)
    for warning in evidence.history.warnings:
        warn(warning)
    return evidence


def mine_evidence(
    sources: TeamSources,
    reading: Reading,
    *,
    read_code: CodeReader,
    warn: Callable[[str], None],
    watch: Watch = unwatched,
) -> list[MinedRepository]:
    """`stackfit mine`: every repository's evidence, code facts and framework work included."""
    team = mine_sources(
        sources, reading, warn=warn, watch=watch, read_code=read_code, frameworks=True
    )
    for warning in team.evidence.history.warnings:
        warn(warning)
    return team.mined
