"""`stackfit recommend` and `report`: the question asked, and the ranking for one repository or
for a team of several."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from analyzer.config import Reading
from analyzer.config import Settings
from analyzer.git.repository import Repository
from analyzer.git.repository import open_repository
from analyzer.progress import Watch
from analyzer.progress import unwatched
from analyzer.recommend.rank import CodeReader
from analyzer.recommend.rank import check_weights
from analyzer.recommend.rank import parse_weights
from analyzer.recommend.rank import rank_team
from analyzer.recommend.rank import recommend
from analyzer.recommend.rank import resolve_requirements
from analyzer.recommend.rank import team_code
from analyzer.recommend.scoring import Ranking
from analyzer.recommend.scoring import Requirements
from analyzer.skills.analyse import commit_counter
from analyzer.skills.analyse import open_store
from analyzer.skills.document import SkillsEvidence
from analyzer.team.gather import mine_sources
from analyzer.team.sources import TeamSources
from analyzer.team.sources import team_settings


@dataclass(frozen=True)
class Question:
    """What a ranking is asked: the needs, the weights, the what-ifs."""

    needs: str | None = None
    service_file: Path | None = None
    weights: tuple[str, ...] = ()
    profiles_dir: Path | None = None
    without: tuple[str, ...] = ()
    hires: tuple[str, ...] = ()

    def resolve(self, settings: Settings) -> tuple[Requirements | None, dict[str, float]]:
        """Stated requirements (None: infer them) and weights, config first, options winning."""
        requirements = resolve_requirements(self.needs, self.service_file, settings)
        weights = {**check_weights(settings.weights, settings.source),
                   **parse_weights(self.weights)}  # fmt: skip
        return requirements, weights


class Ranked(NamedTuple):
    evidence: SkillsEvidence
    ranking: Ranking
    settings: Settings
    repo: Repository | None  # the one repository ranked; None for a team


def rank_sources(
    sources: TeamSources,
    reading: Reading,
    question: Question,
    *,
    warn: Callable[[str], None],
    watch: Watch = unwatched,
    frameworks: bool = False,
) -> Ranked:
    """The evidence and the ranking of one repository, or of the team across every source;
    FRAMEWORKS: with frameworks per person, for one repository (the report shows them)."""
    if sources.several:
        return rank_for_team(sources, reading, question, warn=warn, watch=watch)
    return rank_repository(
        sources.single, reading, question, warn=warn, watch=watch, frameworks=frameworks
    )


def rank_repository(
    path: str,
    reading: Reading,
    question: Question,
    *,
    warn: Callable[[str], None],
    watch: Watch = unwatched,
    frameworks: bool = False,
) -> Ranked:
    """One repository's evidence and ranking, through the commit cache."""
    repo = open_repository(path, reading.rev)
    settings = reading.settings(repo)
    requirements, weights = question.resolve(settings)
    store = open_store(repo, reading.no_cache)
    with watch(commit_counter(repo, settings)) as shown:
        evidence, ranking = recommend(
            repo, settings, requirements, weights=weights, without=question.without,
            hires=question.hires, profiles_dir=question.profiles_dir, cache=store,
            on_progress=shown.commits if shown else None,
            on_scan_progress=shown.files if shown else None,
            frameworks=frameworks and settings.frameworks,
        )  # fmt: skip
    for warning in (*evidence.history.warnings, *(store.warnings if store else ())):
        warn(warning)
    return Ranked(evidence, ranking, settings, repo)


def rank_for_team(
    sources: TeamSources,
    reading: Reading,
    question: Question,
    *,
    warn: Callable[[str], None],
    watch: Watch = unwatched,
) -> Ranked:
    """Several repositories' evidence, combined, and the ranking for the one team."""
    settings = team_settings(reading.config_path, reading.options)
    requirements, weights = question.resolve(settings)
    team = mine_sources(
        sources, reading, warn=warn, watch=watch,
        read_code=CodeReader(question.profiles_dir, scan=requirements is None),
    )  # fmt: skip
    for warning in team.evidence.history.warnings:
        warn(warning)
    ranking = rank_team(
        team.evidence, team_code(team.mined), team.settings, requirements, weights=weights,
        without=question.without, hires=question.hires, profiles_dir=question.profiles_dir,
    )  # fmt: skip
    return Ranked(team.evidence, ranking, settings, None)
