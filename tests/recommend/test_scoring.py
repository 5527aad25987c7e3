"""The scoring model's properties, on evidence built directly (no git needed for these)."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime
from datetime import timedelta
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
from analyzer.recommend.scoring import MUST_FLOOR
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


def fit_of(ranking, stack):
    return next(item for item in ranking.ranking if item.stack == stack).criteria["team_fit"]


@settings(max_examples=60, deadline=None)
@given(
    team=team_strategy,
    base=st.floats(min_value=0.15, max_value=0.9),
    gain=st.floats(min_value=0.0, max_value=0.1),
    front=st.floats(min_value=0.0, max_value=5000.0),
    back=st.floats(min_value=0.0, max_value=5000.0),
    added=st.floats(min_value=1.0, max_value=5000.0),
)
def test_front_end_work_never_counts_more_than_back_end_work(team, base, gain, front, back, added):
    """The same added work (same new score) done for the front end never raises Node's
    team_fit more than done for the back end."""
    people = build(team)

    def with_work(extra_role):
        lines = {"front-end": front, "back-end": back}
        lines[extra_role] += added
        return person(50, {"TypeScript": base + gain}, roles={"TypeScript": lines})

    as_front = fit_of(rank([*people, with_work("front-end")], ["api"]), "node").score
    as_back = fit_of(rank([*people, with_work("back-end")], ["api"]), "node").score
    assert as_front <= as_back + 1e-12


@settings(max_examples=60, deadline=None)
@given(team=team_strategy, needs=needs_strategy, must=st.sampled_from(NEEDS))
def test_a_must_have_need_below_its_floor_never_leads(team, needs, must):
    requirements = Requirements((*needs, must) if must not in needs else tuple(needs), "flag",
                                "test", must=(must,))  # fmt: skip
    ranking = score_stacks(evidence_of(build(team)), CATALOG, requirements, {}, {})
    leader = CATALOG.profiles[ranking.ranking[0].stack]
    if any(p.needs[must].strength >= MUST_FLOOR for p in CATALOG.profiles.values()):
        assert leader.needs[must].strength >= MUST_FLOOR


@settings(max_examples=60, deadline=None)
@given(team=team_strategy, needs=needs_strategy, drop=st.integers(min_value=0, max_value=4))
def test_confidence_never_rises_when_evidence_is_removed(team, needs, drop):
    people = build(team)
    if not people:
        return
    before = {item.stack: item.confidence for item in rank(people, needs).ranking}
    fewer = [item for index, item in enumerate(people) if index != drop % len(people)]
    after = {item.stack: item.confidence for item in rank(fewer, needs).ranking}
    for stack, value in after.items():
        assert value <= before[stack] + 1e-12


@pytest.mark.parametrize(("low", "high"), [(0.4494, 0.4503), (0.6999, 0.7001), (0.1499, 0.1501)])
def test_no_cliff_at_a_level_threshold(low, high):
    others = [({"Python": 0.8}, True), ({"Go": 0.6}, True)]
    below = rank(build([*others, ({"Python": low}, True)]), ["api"])
    above = rank(build([*others, ({"Python": high}, True)]), ["api"])
    python_below = next(item for item in below.ranking if item.stack == "python")
    python_above = next(item for item in above.ranking if item.stack == "python")
    assert abs(python_above.score - python_below.score) < 0.01
    assert abs(python_above.criteria["risk"].score - python_below.criteria["risk"].score) < 0.01


def test_activity_fades_instead_of_cutting_off():
    """The only Go expert counts a little less at 182 days than at 178, not nothing."""
    scores = []
    for days in (178, 182):
        expert = person(0, {"Go": 0.9}, last=NOW - timedelta(days=days))
        scores.append(fit_of(rank([expert, person(1, {"Python": 0.5})], ["api"]), "go").score)
    assert 0 < scores[0] - scores[1] < 0.02
    assert scores[1] > 0.2


@pytest.mark.parametrize("needs", [["high-throughput"], ["high-throughput", "api"]])
def test_with_no_team_go_leads_rust_for_throughput(needs):
    """The advice encoded: Go for high-throughput services, with a larger hiring pool."""
    ranking = rank([], needs)
    order = [item.stack for item in ranking.ranking]
    assert order.index("go") < order.index("rust")
    go, rust = (next(item for item in ranking.ranking if item.stack == s) for s in ("go", "rust"))
    assert rust.criteria["performance_fit"].score > go.criteria["performance_fit"].score
    for name in ("needs_fit", "hiring"):  # ecosystem and hiring decide, not the benchmark
        assert go.criteria[name].score > rust.criteria[name].score


def test_unknown_performance_is_left_out_and_said():
    """lambda-perf measures no Elixir runtime: for infra nothing applies is measured."""
    ranking = rank(build([({"Elixir": 0.8}, True)]), ["infra"])
    elixir = next(item for item in ranking.ranking if item.stack == "elixir")
    performance = elixir.criteria["performance_fit"]
    assert not performance.known and performance.weight == 0 and performance.contribution == 0
    assert performance.evidence[-1] == "nothing measured: performance is unknown and left out"
    assert sum(c.weight for n, c in elixir.criteria.items() if n != "risk") == pytest.approx(1.0)


def test_an_unmeasured_fact_is_left_out_not_averaged_in():
    """Elixir's throughput is measured, its cold start and memory are not: the score is its
    throughput index alone, not a mean with a neutral 0.5 for the missing two."""
    ranking = rank(build([({"Elixir": 0.8}, True)]), ["high-throughput"])
    elixir = next(item for item in ranking.ranking if item.stack == "elixir")
    performance = elixir.criteria["performance_fit"]
    assert performance.known
    assert performance.score == pytest.approx(math.sqrt(7020 / 50761))
    assert performance.evidence[0] == (
        "cold_start_ms: unknown for Elixir (Phoenix) "
        "(lambda-perf measures no Elixir runtime: unknown): left out"
    )


def test_transfer_factors_say_their_basis():
    ranking = rank(build([({"Scala": 0.8}, True)]), ["api"])
    java = next(item for item in ranking.ranking if item.stack == "java")
    assert any("maintainers' judgement" in line for line in java.criteria["team_fit"].evidence)
