"""The scoring model's properties, on evidence built directly (no git needed for these)."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime
from datetime import timezone

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from analyzer.data.catalog import NEEDS
from analyzer.history.facts import HistoryFacts
from analyzer.history.facts import RepositoryFacts
from analyzer.recommend.profiles import load_catalog
from analyzer.recommend.scoring import CRITERIA
from analyzer.recommend.scoring import DEFAULT_WEIGHTS
from analyzer.recommend.scoring import Requirements
from analyzer.recommend.scoring import WhatIf
from analyzer.recommend.scoring import effective_weights
from analyzer.recommend.scoring import score_stacks
from analyzer.skills.document import LanguageSkill
from analyzer.skills.document import ModelFacts
from analyzer.skills.document import PersonSkills
from analyzer.skills.document import SkillsEvidence
from analyzer.skills.model import skill_level

CATALOG = load_catalog()
LANGUAGES = (
    "Go",
    "Python",
    "TypeScript",
    "JavaScript",
    "Java",
    "Kotlin",
    "Ruby",
    "PHP",
    "C#",
    "Rust",
)
NOW = datetime(2026, 11, 1, tzinfo=timezone.utc)
LONG_AGO = NOW.replace(year=2025)


def person(
    number: int,
    skills: dict[str, float],
    active: bool = True,
    roles: dict[str, dict[str, float]] | None = None,
    last: datetime = NOW,
) -> PersonSkills:
    languages = {
        language: LanguageSkill(
            level=skill_level(score) or "familiar",
            score=score,
            commits=10,
            lines_added=1000,
            lines_deleted=100,
            weighted_lines=1100.0,
            active_weeks=10,
            active_months=3,
            first_commit=NOW,
            last_commit=last if active else LONG_AGO,
        )
        for language, score in skills.items()
    }
    return PersonSkills(
        id=f"p{number}@example.com",
        name=f"Person {number}",
        names=(f"Person {number}",),
        emails=(f"p{number}@example.com",),
        active=active,
        commits=10,
        coauthored_commits=0,
        first_commit=NOW.replace(year=2024),
        last_commit=last if active else LONG_AGO,
        languages=languages,
        role_lines=roles or {},
    )


def evidence_of(people: list[PersonSkills]) -> SkillsEvidence:
    return SkillsEvidence(
        repository=RepositoryFacts("/repo", "0" * 40, "HEAD", False, False, 1000),
        history=HistoryFacts(0, None, 0, 0, ()),
        model=ModelFacts(NOW.date(), 180, 365.0, 1000, 20, "defaults"),
        people=people,
        languages={},
        excluded_bots=[],
        excluded_paths={},
    )


skills_strategy = st.dictionaries(
    st.sampled_from(LANGUAGES), st.floats(min_value=0.15, max_value=1.0), max_size=3
)
team_strategy = st.lists(st.tuples(skills_strategy, st.booleans()), max_size=5)
needs_strategy = st.lists(st.sampled_from(NEEDS), min_size=1, max_size=3, unique=True)


def rank(people: list[PersonSkills], needs: list[str], weights: dict[str, float] | None = None):
    requirements = Requirements(tuple(needs), "flag", "test")
    return score_stacks(evidence_of(people), CATALOG, requirements, {}, weights or {})


def build(team: list[tuple[dict[str, float], bool]]) -> list[PersonSkills]:
    return [person(number, skills, active) for number, (skills, active) in enumerate(team)]


@settings(max_examples=60, deadline=None)
@given(team=team_strategy, needs=needs_strategy)
def test_contributions_sum_to_the_score(team, needs):
    ranking = rank(build(team), needs)
    for item in ranking.ranking:
        assert sum(c.contribution for c in item.criteria.values()) == pytest.approx(item.score)
        for criterion in item.criteria.values():
            assert 0.0 <= criterion.score <= 1.0
    assert [item.score for item in ranking.ranking] == sorted(
        (i.score for i in ranking.ranking), reverse=True
    )


@settings(max_examples=60, deadline=None)
@given(team=team_strategy, needs=needs_strategy, stack=st.sampled_from(sorted(CATALOG.profiles)))
def test_an_active_expert_never_lowers_the_stack(team, needs, stack):
    people = build(team)
    before = {item.stack: item.score for item in rank(people, needs).ranking}
    expert = person(99, {CATALOG.profiles[stack].languages[0]: 0.9})
    after = {item.stack: item.score for item in rank([*people, expert], needs).ranking}
    assert after[stack] >= before[stack] - 1e-12


@settings(max_examples=60, deadline=None)
@given(
    team=team_strategy,
    needs=needs_strategy,
    criterion=st.sampled_from([name for name in CRITERIA if name != "risk"]),
    raise_by=st.floats(min_value=0.01, max_value=0.5),
)
def test_raising_a_weight_a_stack_leads_never_lowers_its_rank(team, needs, criterion, raise_by):
    people = build(team)
    base = rank(people, needs)
    leader = max(base.ranking, key=lambda item: (item.criteria[criterion].score, item.stack))
    top_score = leader.criteria[criterion].score
    if any(
        item.criteria[criterion].score == top_score and item is not leader for item in base.ranking
    ):
        return  # a tie for the lead: "the stack that leads" is not defined
    weights = {**DEFAULT_WEIGHTS}
    weights[criterion] = min(1.0, weights[criterion] + raise_by)
    before = [item.stack for item in base.ranking].index(leader.stack)
    after = [item.stack for item in rank(people, needs, weights).ranking].index(leader.stack)
    assert after <= before


def test_scores_are_deterministic():
    people = build([({"Go": 0.8, "Python": 0.5}, True), ({"TypeScript": 0.7}, True)])
    assert rank(people, ["api", "realtime"]) == rank(people, ["api", "realtime"])


def test_performance_weighs_in_only_when_asked():
    assert effective_weights({}, ["api"])["performance_fit"] == 0
    assert effective_weights({}, ["high-throughput"])["performance_fit"] == pytest.approx(0.10)
    for needs in (["api"], ["cpu-heavy", "infra"]):
        weights = effective_weights({}, needs)
        assert sum(weights[name] for name in CRITERIA if name != "risk") == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(team=team_strategy, needs=needs_strategy)
def test_the_reported_weight_flips_the_winner_when_run(team, needs):
    people = build(team)
    ranking = rank(people, needs)
    found = ranking.sensitivity
    if found is None:
        return
    rerun = rank(people, needs, {found.criterion: found.value_to})
    assert rerun.ranking[0].stack == found.new_winner != ranking.ranking[0].stack


def test_departed_people_count_for_nothing():
    stayed = rank(build([({"Go": 0.95}, False)]), ["infra"])
    go = next(item for item in stayed.ranking if item.stack == "go")
    assert go.criteria["team_fit"].score == 0
    assert go.criteria["risk"].score == 0.5  # nobody: team_fit counts it, risk only once


def test_adjacent_skills_transfer_with_their_factor():
    ranking = rank(build([({"Scala": 0.8}, True)]), ["api"])
    java = next(item for item in ranking.ranking if item.stack == "java")
    assert any("Scala counts ×0.7" in line for line in java.criteria["team_fit"].evidence)
    capable = (0.8 * 0.7 - 0.15) / (0.70 - 0.15)
    assert java.criteria["team_fit"].score == pytest.approx(
        0.5 * 0.8 * 0.7 + 0.3 * (1 - math.exp(-capable / 2.5))
    )


def test_what_if_without_and_hire():
    people = build([({"Go": 0.9}, True), ({"Go": 0.8}, True)])
    base = rank(people, ["infra"])
    requirements = Requirements(("infra",), "flag", "test")
    gone = score_stacks(
        evidence_of(people), CATALOG, requirements, {}, {}, WhatIf(without=("Person 0",))
    )
    hired = score_stacks(
        evidence_of(people), CATALOG, requirements, {}, {}, WhatIf(hires={"rust": 2})
    )

    def score_of(ranking, stack):
        return next(item.score for item in ranking.ranking if item.stack == stack)

    assert score_of(gone, "go") < score_of(base, "go")
    assert score_of(hired, "rust") > score_of(base, "rust")


def test_confidence_falls_with_thin_evidence():
    people = build([({"Go": 0.9}, True)])
    thick = score_stacks(evidence_of(people * 3), CATALOG, Requirements(("api",), "flag", ""), {})
    thin_evidence = evidence_of(people)
    thin_evidence = replace(
        thin_evidence,
        repository=replace(thin_evidence.repository, commits_analyzed=30, shallow=True),
    )
    thin = score_stacks(thin_evidence, CATALOG, Requirements(("api",), "flag", ""), {})
    assert thin.confidence < thick.confidence
    assert any("shallow" in reason for reason in thin.confidence_reasons)
