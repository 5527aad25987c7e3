"""The scoring model: a weighted sum of normalised criteria, every part traceable to a fact.

A multi-criteria decision model in the sense of Farshidi et al. 2021: explicit criteria, explicit
weights, and an explanation a decision-maker can audit. Each criterion is a pure function from
evidence and a profile to a 0–1 score and the sentences that justify it; `risk` is a penalty.
The score of a stack is the sum of its contributions (weight × criterion score).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field

from analyzer.recommend.profiles import Catalog
from analyzer.recommend.profiles import Profile
from analyzer.skills.document import PersonSkills
from analyzer.skills.document import SkillsEvidence
from analyzer.skills.model import LEVEL_THRESHOLDS
from analyzer.skills.model import truck_factor

# Defaults follow the advice stackfit encodes: the team's strength first, then the ecosystem's
# fit for the needs, then hiring. Positive weights are normalised to sum to 1; risk subtracts.
DEFAULT_WEIGHTS: dict[str, float] = {
    "team_fit": 0.40,
    "needs_fit": 0.25,
    "hiring": 0.15,
    "operational_fit": 0.10,
    "performance_fit": 0.10,
    "risk": 0.10,
}
POSITIVE_CRITERIA = ("team_fit", "needs_fit", "performance_fit", "hiring", "operational_fit")
CRITERIA = (*POSITIVE_CRITERIA, "risk")

EXPERT_SCORE = dict(LEVEL_THRESHOLDS)["expert"]
PROFICIENT_SCORE = dict(LEVEL_THRESHOLDS)["proficient"]
HIRE_SCORE = 0.55  # a planned hire counts as one proficient person (mid-band)

# team_fit = 0.5·best person + 0.3·depth + 0.2·coverage
TEAM_BEST_WEIGHT = 0.5
TEAM_DEPTH_WEIGHT = 0.3
TEAM_COVERAGE_WEIGHT = 0.2
DEPTH_SATURATION = 3.0  # three experts (or six proficient people) is full depth
COVERAGE_SATURATION = 2.0  # a truck factor of two is full coverage

# Needs that ask for performance, and the measured facts that answer each.
PERFORMANCE_NEEDS: dict[str, tuple[str, ...]] = {
    "high-throughput": ("throughput_rps", "cold_start_ms", "memory_mb"),
    "cpu-heavy": ("throughput_rps",),  # a web benchmark is only a proxy for CPU speed
    "infra": ("cold_start_ms", "memory_mb"),  # CLIs and agents start often and run small
}
HIGHER_IS_BETTER = {"throughput_rps": True, "cold_start_ms": False, "memory_mb": False}

# operational_fit: what the repository already has for a stack.
OPERATION_POINTS = {"manifest": 0.5, "ci": 0.25, "docker": 0.25, "front_end": 0.25}

# risk levels: nobody able to carry the stack, or one person (or truck factor 1).
RISK_NOBODY = 1.0
RISK_ONE_PERSON = 0.5

CLOSE_CALL_MARGIN = 0.05


@dataclass(frozen=True)
class Requirements:
    needs: tuple[str, ...]
    source: str  # flag, config, file, inferred or default
    detail: str


@dataclass(frozen=True)
class WhatIf:
    without: tuple[str, ...] = ()  # people who leave: ids, names or emails
    hires: Mapping[str, int] = field(default_factory=dict)  # stack id → planned hires


@dataclass(frozen=True)
class Criterion:
    score: float
    weight: float
    contribution: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class StackScore:
    stack: str
    name: str
    score: float
    criteria: dict[str, Criterion]


@dataclass(frozen=True)
class Sensitivity:
    criterion: str
    weight_from: float
    weight_to: float
    new_winner: str


@dataclass(frozen=True)
class Ranking:
    requirements: Requirements
    weights: dict[str, float]
    ranking: list[StackScore]
    margin: float
    close_call: bool
    confidence: float
    confidence_reasons: tuple[str, ...]
    sensitivity: Sensitivity | None
    what_if: WhatIf


# --- weights ---------------------------------------------------------------------------------


def effective_weights(overrides: Mapping[str, float], needs: Sequence[str]) -> dict[str, float]:
    """Defaults, then overrides; performance counts only when a need asks for it.

    The positive weights are normalised to sum to 1; the risk weight scales its penalty.
    """
    weights = {**DEFAULT_WEIGHTS, **overrides}
    if not any(need in PERFORMANCE_NEEDS for need in needs):
        weights["performance_fit"] = 0.0
    total = sum(weights[name] for name in POSITIVE_CRITERIA)
    if total <= 0:
        total = 1.0
    normalised = {name: weights[name] / total for name in POSITIVE_CRITERIA}
    normalised["risk"] = weights["risk"]
    return normalised


# --- team ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Skill:
    person: str
    score: float
    language: str
    transfer: float  # 1 for a direct language
    reason: str


@dataclass(frozen=True)
class TeamView:
    """The team a ranking counts on: active people after the what-if departures, and the ids of
    everyone else (whose files lose their author)."""

    people: list[PersonSkills]
    gone_ids: frozenset[str]


def team_view(evidence: SkillsEvidence, what_if: WhatIf) -> TeamView:
    gone = {item.lower() for item in what_if.without}
    people = [
        person
        for person in evidence.people
        if person.active
        and not gone & {item.lower() for item in (person.id, *person.names, *person.emails)}
    ]
    staying = {person.id for person in people}
    return TeamView(people, frozenset(p.id for p in evidence.people if p.id not in staying))


def _best_skill(person: PersonSkills, profile: Profile) -> _Skill | None:
    """A person's strongest claim on a stack: a direct language, or an adjacent one discounted."""
    options = [
        _Skill(person.name, skill.score, language, 1.0, "")
        for language, skill in person.languages.items()
        if language in profile.languages
    ]
    options += [
        _Skill(
            person.name,
            skill.score * adjacent.transfer,
            language,
            adjacent.transfer,
            adjacent.reason,
        )
        for adjacent in profile.adjacent
        for language, skill in person.languages.items()
        if language == adjacent.language
    ]
    return max(options, key=lambda option: (option.score, option.language), default=None)


def _stack_truck_factor(
    evidence: SkillsEvidence, profile: Profile, gone_ids: frozenset[str]
) -> tuple[int | None, str | None]:
    """The best truck factor among the stack's languages, recomputed without departing people."""
    best: tuple[int | None, str | None] = (None, None)
    for language in profile.languages:
        authors = evidence.file_authors.get(language)
        if not authors:
            continue
        result = truck_factor({path: set(ids) - gone_ids for path, ids in authors.items()})
        if result is not None and (best[0] is None or result[0] > best[0]):
            best = (result[0], language)
    return best


@dataclass(frozen=True)
class TeamFit:
    score: float
    evidence: tuple[str, ...]
    capable_people: int  # proficient or better, hires included: the risk criterion reuses it
    truck_factor: int | None


def team_fit(evidence: SkillsEvidence, profile: Profile, team: TeamView, hires: int) -> TeamFit:
    """Active people's skill in the stack (direct or adjacent), depth, and coverage."""
    people = team.people
    skills = sorted(
        (skill for person in people if (skill := _best_skill(person, profile)) is not None),
        key=lambda skill: (-skill.score, skill.person),
    )
    scores = [skill.score for skill in skills] + [HIRE_SCORE] * hires
    experts = sum(1 for score in scores if score >= EXPERT_SCORE)
    proficient = sum(1 for score in scores if PROFICIENT_SCORE <= score < EXPERT_SCORE)
    best = max(scores, default=0.0)
    depth = min(1.0, (experts + 0.5 * proficient) / DEPTH_SATURATION)
    factor, factor_language = _stack_truck_factor(evidence, profile, team.gone_ids)
    coverage = min(1.0, (factor or 0) / COVERAGE_SATURATION)
    score = TEAM_BEST_WEIGHT * best + TEAM_DEPTH_WEIGHT * depth + TEAM_COVERAGE_WEIGHT * coverage
    languages = "/".join(profile.languages)
    lines = [
        f"{experts} expert and {proficient} proficient active people in {languages} or an "
        "adjacent language" + (f" ({hires} of them planned hires)" if hires else "")
    ]
    for skill in skills[:3]:
        if skill.transfer < 1:
            lines.append(
                f"{skill.person}: {skill.language} counts ×{skill.transfer:g} ({skill.reason}) "
                f"→ {skill.score:.2f}"
            )
        else:
            lines.append(f"{skill.person}: {skill.language} {skill.score:.2f}")
    if not skills and not hires:
        lines.append(f"no active person has commits in {languages} or an adjacent language")
    changed = sum(
        person.languages[language].lines_added + person.languages[language].lines_deleted
        for person in people
        for language in profile.languages
        if language in person.languages
    )
    if changed:
        lines.append(f"active people changed {changed:,} lines of {languages}")
    if factor is not None:
        lines.append(f"truck factor of {factor_language}: {factor}")
    parts = f"0.5×{best:.2f} best + 0.3×{depth:.2f} depth + 0.2×{coverage:.2f} coverage"
    lines.append(f"team_fit = {parts}")
    return TeamFit(score, tuple(lines), experts + proficient, factor)


# --- needs, performance, hiring, operations ---------------------------------------------------


def needs_fit(profile: Profile, needs: Sequence[str]) -> tuple[float, tuple[str, ...]]:
    """The mean of the profile's strengths on the required needs."""
    strengths = [profile.needs[need] for need in needs]
    score = sum(item.strength for item in strengths) / len(strengths) if strengths else 0.0
    lines = tuple(
        f"{need} {item.strength:.2f}: {item.rationale}"
        for need, item in zip(needs, strengths, strict=True)
    )
    return score, lines


def _index(value: float, values: Sequence[float], higher_is_better: bool) -> float:
    """√(value / best) or √(best / value): a gentle scale, 1 for the best measured stack."""
    if higher_is_better:
        return math.sqrt(value / max(values))
    return math.sqrt(min(values) / value)


def performance_fit(
    profile: Profile, catalog: Catalog, needs: Sequence[str]
) -> tuple[float, tuple[str, ...]]:
    """Measured throughput, cold start and memory, for the needs that ask for them."""
    wanted = sorted({fact for need in needs for fact in PERFORMANCE_NEEDS.get(need, ())})
    if not wanted:
        return 0.0, ("not weighed: no need asks for throughput, latency, CPU or cold start",)
    indexes: list[float] = []
    lines: list[str] = []
    for name in wanted:
        fact = profile.performance.get(name)
        values = [
            value
            for other in catalog.profiles.values()
            if (value := _fact_value(other, name)) is not None
        ]
        if fact is None or fact.value is None or not values:
            lines.append(
                f"{name}: not measured for {profile.name} ({fact.detail if fact else 'no data'})"
            )
            continue
        index = _index(fact.value, values, HIGHER_IS_BETTER[name])
        indexes.append(index)
        cited = cite(catalog, fact.source)
        lines.append(f"{name} {fact.value:,.0f} ({fact.detail}; {cited}) → {index:.2f}")
    if "cpu-heavy" in needs:
        lines.append("cpu-heavy is judged by web throughput, an approximate proxy for CPU speed")
    if not indexes:
        return 0.5, (*lines, "no measurement applies: neutral 0.5")
    return sum(indexes) / len(indexes), tuple(lines)


def cite(catalog: Catalog, source_id: str) -> str:
    """A short citation: the source's title up to its colon, and its date."""
    source = catalog.sources[source_id]
    return f"{source.title.split(':')[0]}, {source.date}"


def _fact_value(profile: Profile, name: str) -> float | None:
    fact = profile.performance.get(name)
    return fact.value if fact is not None else None


def hiring(profile: Profile, catalog: Catalog) -> tuple[float, tuple[str, ...]]:
    """√(developers / the largest community): how easy it is to hire for the stack."""
    fact = profile.hiring["developers_millions"]
    largest = max(
        other.hiring["developers_millions"].value or 0.0 for other in catalog.profiles.values()
    )
    if fact.value is None or largest <= 0:
        return 0.0, (f"no developer count for {profile.name}",)
    lines = [f"{fact.value:g} M developers use {fact.detail} ({cite(catalog, fact.source)})"]
    share = profile.hiring.get("professional_share")
    if share is not None and share.value is not None:
        lines.append(f"{share.value:.1%} of professional developers use {share.detail} "
                     f"({catalog.sources[share.source].title.split(':')[0]})")  # fmt: skip
    return math.sqrt(fact.value / largest), tuple(lines)


def operational_fit(facts: Sequence[str], profile: Profile) -> tuple[float, tuple[str, ...]]:
    """What the repository already has for the stack; FACTS are 'kind: where' strings."""
    kinds = {fact.split(":", 1)[0] for fact in facts}
    score = min(1.0, sum(OPERATION_POINTS[kind] for kind in kinds if kind in OPERATION_POINTS))
    if not facts:
        return 0.0, (f"nothing in the repository is built for {profile.name} yet",)
    return score, tuple(facts)


def risk(capable_people: int, factor_one: bool) -> tuple[float, tuple[str, ...]]:
    """A penalty when the stack would rest on nobody, or on one person."""
    if capable_people == 0:
        return RISK_NOBODY, ("nobody proficient: the team would start from zero",)
    if capable_people == 1:
        return RISK_ONE_PERSON, ("rests on one person: one proficient engineer",)
    if factor_one:
        return RISK_ONE_PERSON, ("rests on one person: its code has a truck factor of 1",)
    return 0.0, (f"{capable_people} people can carry it",)


# --- the ranking -----------------------------------------------------------------------------


def score_stacks(
    evidence: SkillsEvidence,
    catalog: Catalog,
    requirements: Requirements,
    operations: Mapping[str, Sequence[str]],
    weight_overrides: Mapping[str, float] | None = None,
    what_if: WhatIf | None = None,
) -> Ranking:
    """Rank every profile for the required needs; deterministic for the same inputs."""
    what_if = what_if or WhatIf()
    weights = effective_weights(weight_overrides or {}, requirements.needs)
    team = team_view(evidence, what_if)
    scored = [
        _score_one(
            evidence,
            catalog,
            profile,
            requirements,
            operations.get(profile.id, ()),
            weights,
            team,
            what_if.hires.get(profile.id, 0),
        )
        for profile in catalog.profiles.values()
    ]
    scored.sort(key=lambda item: (-item.score, item.stack))
    margin = scored[0].score - scored[1].score if len(scored) > 1 else 1.0
    confidence, reasons = confidence_of(evidence)
    return Ranking(
        requirements=requirements,
        weights=weights,
        ranking=scored,
        margin=margin,
        close_call=margin < CLOSE_CALL_MARGIN,
        confidence=confidence,
        confidence_reasons=reasons,
        sensitivity=sensitivity(scored, weights),
        what_if=what_if,
    )


def _score_one(
    evidence: SkillsEvidence,
    catalog: Catalog,
    profile: Profile,
    requirements: Requirements,
    operation_facts: Sequence[str],
    weights: Mapping[str, float],
    team: TeamView,
    hires: int,
) -> StackScore:
    fit = team_fit(evidence, profile, team, hires)
    parts = {
        "team_fit": (fit.score, fit.evidence),
        "needs_fit": needs_fit(profile, requirements.needs),
        "performance_fit": performance_fit(profile, catalog, requirements.needs),
        "hiring": hiring(profile, catalog),
        "operational_fit": operational_fit(operation_facts, profile),
        "risk": risk(fit.capable_people, fit.truck_factor == 1),
    }
    criteria = {}
    for name in CRITERIA:
        score, lines = parts[name]
        sign = -1.0 if name == "risk" else 1.0
        criteria[name] = Criterion(
            score=score,
            weight=weights[name],
            contribution=(sign * weights[name] * score) or 0.0,  # never -0.0
            evidence=lines,
        )
    total = sum(criterion.contribution for criterion in criteria.values())
    return StackScore(profile.id, profile.name, total, criteria)


def sensitivity(scored: Sequence[StackScore], weights: Mapping[str, float]) -> Sensitivity | None:
    """The smallest change of one weight (others kept) that puts another stack first."""
    if len(scored) < 2:
        return None
    winner = scored[0]
    best: tuple[float, Sensitivity] | None = None
    for other in scored[1:]:
        gap = winner.score - other.score
        for name in CRITERIA:
            sign = -1.0 if name == "risk" else 1.0
            slope = sign * (winner.criteria[name].score - other.criteria[name].score)
            if slope == 0:
                continue
            delta = -gap / slope
            new_weight = weights[name] + delta
            if new_weight < 0 or new_weight > 1:
                continue
            if delta == 0:
                continue
            if best is None or abs(delta) < best[0]:
                best = (abs(delta), Sensitivity(name, weights[name], new_weight, other.stack))
    return best[1] if best else None


# Thin evidence lowers confidence; each factor is 1 when the evidence is ample.
CONFIDENT_COMMITS = 300
CONFIDENT_SPAN_DAYS = 365
CONFIDENT_PEOPLE = 3
SHALLOW_FACTOR = 0.6


def _active_reason(active: int, evidence: SkillsEvidence) -> str:
    if active:
        return f"{active} active people"
    return (
        f"a team with no active member as of {evidence.model.as_of} (--as-of head judges the "
        "team as it was)"
    )


def confidence_of(evidence: SkillsEvidence) -> tuple[float, tuple[str, ...]]:
    """How much the team evidence can be trusted: more commits, time and people, more trust."""
    commits = evidence.repository.commits_analyzed
    active = sum(1 for person in evidence.people if person.active)
    if evidence.people:
        first = min(person.first_commit for person in evidence.people)
        last = max(person.last_commit for person in evidence.people)
        span_days = (last - first).total_seconds() / 86400
    else:
        span_days = 0.0
    factors = [
        (math.sqrt(min(1.0, commits / CONFIDENT_COMMITS)), f"{commits} commits analysed"),
        (math.sqrt(min(1.0, span_days / CONFIDENT_SPAN_DAYS)), f"{span_days:.0f} days of history"),
        (math.sqrt(min(1.0, active / CONFIDENT_PEOPLE)), _active_reason(active, evidence)),
    ]
    if evidence.repository.shallow:
        factors.append((SHALLOW_FACTOR, "a shallow clone: older history is missing"))
    unreadable = evidence.history.unreadable_commits
    if unreadable and commits:
        factors.append((1 - unreadable / commits, f"{unreadable} commits could not be read"))
    value = 1.0
    for factor, _ in factors:
        value *= factor
    reasons = tuple(f"{reason} (×{factor:.2f})" for factor, reason in factors if factor < 1)
    return value, reasons or ("ample history, time span and people",)
