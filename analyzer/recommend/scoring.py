"""The scoring model: a weighted sum of normalised criteria, every part traceable to a fact.

A multi-criteria decision model in the sense of Farshidi et al. 2021: explicit criteria, explicit
weights, and an explanation a decision-maker can audit. Each criterion is a pure function from
evidence and a profile to a 0–1 score (or None: unknown) and the sentences that justify it;
`risk` is a penalty. A stack's score is the sum of its contributions (weight × criterion score);
an unknown criterion is left out of that stack's sum and its weight shared among the others.
A must-have need the stack is weak at vetoes it: it ranks below every stack that meets them.
The team criteria live in team_fit.py; close calls, sensitivity and confidence in judge.py.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field

from analyzer.recommend.profiles import Catalog
from analyzer.recommend.profiles import Profile
from analyzer.recommend.team_fit import TeamFit
from analyzer.recommend.team_fit import TeamView
from analyzer.recommend.team_fit import risk
from analyzer.recommend.team_fit import team_fit
from analyzer.recommend.team_fit import team_view
from analyzer.skills.document import SkillsEvidence

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

# Needs that ask for performance, and the measured facts that answer each.
PERFORMANCE_NEEDS: dict[str, tuple[str, ...]] = {
    "high-throughput": ("throughput_rps", "cold_start_ms", "memory_mb"),
    "cpu-heavy": ("throughput_rps",),  # a web benchmark is only a proxy for CPU speed
    "infra": ("cold_start_ms", "memory_mb"),  # CLIs and agents start often and run small
}
HIGHER_IS_BETTER = {"throughput_rps": True, "cold_start_ms": False, "memory_mb": False}
# Below these a smaller number does not decide a stack (maintainers' judgement): a 17 ms and a
# 49 ms cold start, or 15 and 17 MB, serve the same users. They count as the best measured.
GOOD_ENOUGH = {"cold_start_ms": 100.0, "memory_mb": 64.0}

# operational_fit: what the repository already has for running the stack's back end.
OPERATION_POINTS = {"manifest": 0.5, "ci": 0.25, "docker": 0.25}

# needs_fit is the geometric mean of the needs' strengths, so that one weak need shows instead
# of being averaged away (0.9 and 0.25 give 0.47, not 0.58); NEED_STRENGTH_FLOOR keeps a 0 finite.
NEED_STRENGTH_FLOOR = 0.01
# A must-have need (`--needs data-ml!`, `must = [...]`) below this strength vetoes the stack.
MUST_FLOOR = 0.5

CLOSE_CALL_MARGIN = 0.05  # kept for readers of older reports; close calls come from judge.py


@dataclass(frozen=True)
class Requirements:
    needs: tuple[str, ...]
    source: str  # flag, config, file, inferred or default
    detail: str
    must: tuple[str, ...] = ()  # needs that veto a stack weak at them


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
    known: bool = True  # False: no data, left out of the stack's score


@dataclass(frozen=True)
class StackScore:
    stack: str
    name: str
    score: float
    criteria: dict[str, Criterion]
    vetoed: tuple[str, ...] = ()  # must-have needs it is weak at
    reason: str = ""  # what sets it apart, one line
    team_evidence: str = "none"  # direct, transferred or none
    confidence: float = 0.0
    confidence_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sensitivity:
    criterion: str
    weight_from: float  # normalised, as the ranking used it
    weight_to: float
    new_winner: str
    value_from: float = 0.0  # in the user's units: the --weight value before and after
    value_to: float = 0.0

    @property
    def flag(self) -> str:
        return f"--weight {self.criterion}={self.value_to:.2f}"


@dataclass(frozen=True)
class Unprofiled:
    """A strong team language no profile covers, and the nearest stacks that count it."""

    language: str
    people: int
    nearest: tuple[tuple[str, float, str], ...]  # (stack id, transfer, reason)


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
    raw_weights: dict[str, float] = field(default_factory=dict)  # the user's units
    overall_confidence: float = 0.0
    close_call_reasons: tuple[str, ...] = ()
    unprofiled: tuple[Unprofiled, ...] = ()
    strongest_stack: str | None = None  # the stack of the team's strongest skill


# --- weights ---------------------------------------------------------------------------------


def raw_weights(overrides: Mapping[str, float], needs: Sequence[str]) -> dict[str, float]:
    """Defaults, then overrides, in the user's units; performance only when a need asks."""
    weights = {**DEFAULT_WEIGHTS, **overrides}
    if not any(need in PERFORMANCE_NEEDS for need in needs):
        weights["performance_fit"] = 0.0
    return weights


def effective_weights(overrides: Mapping[str, float], needs: Sequence[str]) -> dict[str, float]:
    """The positive weights normalised to sum to 1; the risk weight scales its penalty."""
    weights = raw_weights(overrides, needs)
    total = sum(weights[name] for name in POSITIVE_CRITERIA) or 1.0
    normalised = {name: weights[name] / total for name in POSITIVE_CRITERIA}
    normalised["risk"] = weights["risk"]
    return normalised


# --- needs, performance, hiring, operations ---------------------------------------------------


def needs_fit(profile: Profile, needs: Sequence[str]) -> tuple[float, tuple[str, ...]]:
    """The geometric mean of the profile's strengths on the required needs."""
    strengths = [profile.needs[need].strength for need in needs]
    if not strengths:
        return 0.0, ()
    logs = [math.log(max(NEED_STRENGTH_FLOOR, value)) for value in strengths]
    score = math.exp(sum(logs) / len(logs))
    lines = [
        f"{need} {profile.needs[need].strength:.2f}: {profile.needs[need].rationale}"
        for need in needs
    ]
    if len(needs) > 1:
        lines.append(
            f"needs_fit = geometric mean of {', '.join(f'{v:.2f}' for v in strengths)} "
            "(a weak need is not averaged away)"
        )
    return score, tuple(lines)


def vetoes(profile: Profile, must: Sequence[str]) -> tuple[str, ...]:
    """The must-have needs this stack is weak at (strength below MUST_FLOOR)."""
    return tuple(need for need in must if profile.needs[need].strength < MUST_FLOOR)


def _index(name: str, value: float, values: Sequence[float]) -> float:
    """√(value / best) or √(best / value): a gentle scale, 1 for the best measured stack (or,
    for cold start and memory, for any stack within GOOD_ENOUGH)."""
    if HIGHER_IS_BETTER[name]:
        return math.sqrt(value / max(values))
    best = max(min(values), GOOD_ENOUGH.get(name, 0.0))
    return math.sqrt(min(1.0, best / value))


def performance_fit(
    profile: Profile, catalog: Catalog, needs: Sequence[str]
) -> tuple[float | None, tuple[str, ...]]:
    """Measured throughput, cold start and memory, for the needs that ask for them; None when
    nothing applies is measured for this stack (unknown, not average)."""
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
            detail = fact.detail if fact else "no data"
            lines.append(f"{name}: unknown for {profile.name} ({detail}): left out")
            continue
        index = _index(name, fact.value, values)
        indexes.append(index)
        lines.append(f"{name} {fact.value:,.0f} ({fact.detail}; {cite(catalog, fact.source)}) "
                     f"→ {index:.2f}")  # fmt: skip
    if "cpu-heavy" in needs:
        lines.append("cpu-heavy is judged by web throughput, an approximate proxy for CPU speed")
    if not indexes:
        return None, (*lines, "nothing measured: performance is unknown and left out")
    return sum(indexes) / len(indexes), tuple(lines)


def cite(catalog: Catalog, source_id: str) -> str:
    """A short citation: the source's title up to its colon, and its date."""
    source = catalog.sources[source_id]
    return f"{source.title.split(':')[0]}, {source.date}"


def _fact_value(profile: Profile, name: str) -> float | None:
    fact = profile.performance.get(name)
    return fact.value if fact is not None else None


def hiring(profile: Profile, catalog: Catalog) -> tuple[float | None, tuple[str, ...]]:
    """√(developers / the largest community): how easy it is to hire; None when uncounted."""
    fact = profile.hiring["developers_millions"]
    largest = max(
        other.hiring["developers_millions"].value or 0.0 for other in catalog.profiles.values()
    )
    if fact.value is None or largest <= 0:
        return None, (f"no developer count for {profile.name} ({fact.detail}): left out",)
    lines = [f"{fact.value:g} M developers use {fact.detail} ({cite(catalog, fact.source)})"]
    share = profile.hiring.get("professional_share")
    if share is not None and share.value is not None:
        lines.append(f"{share.value:.1%} of professional developers use {share.detail} "
                     f"({catalog.sources[share.source].title.split(':')[0]})")  # fmt: skip
    return math.sqrt(fact.value / largest), tuple(lines)


def operational_fit(facts: Sequence[str], profile: Profile) -> tuple[float, tuple[str, ...]]:
    """What the repository already has for running the stack's back end; FACTS are
    'kind: where' strings ('not counted: ...' ones say what was seen and set aside)."""
    counted = [fact for fact in facts if not fact.startswith("not counted")]
    kinds = {fact.split(":", 1)[0] for fact in counted}
    score = min(1.0, sum(OPERATION_POINTS.get(kind, 0.0) for kind in kinds))
    if not counted:
        return 0.0, (f"nothing in the repository runs a {profile.name} back end yet", *facts)
    return score, tuple(facts)


# --- the ranking -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Parts:
    """A stack's criterion scores (None: unknown) and sentences, before any weight."""

    profile: Profile
    scores: dict[str, float | None]
    evidence: dict[str, tuple[str, ...]]
    fit: TeamFit
    vetoed: tuple[str, ...]


def stack_parts(
    evidence: SkillsEvidence,
    catalog: Catalog,
    profile: Profile,
    requirements: Requirements,
    operation_facts: Sequence[str],
    team: TeamView,
    hires: int,
) -> Parts:
    fit = team_fit(evidence, profile, team, hires)
    parts: dict[str, tuple[float | None, tuple[str, ...]]] = {
        "team_fit": (fit.score, fit.evidence),
        "needs_fit": needs_fit(profile, requirements.needs),
        "performance_fit": performance_fit(profile, catalog, requirements.needs),
        "hiring": hiring(profile, catalog),
        "operational_fit": operational_fit(operation_facts, profile),
        "risk": risk(fit),
    }
    return Parts(
        profile,
        {name: parts[name][0] for name in CRITERIA},
        {name: parts[name][1] for name in CRITERIA},
        fit,
        vetoes(profile, requirements.must),
    )


def stack_weights(
    scores: Mapping[str, float | None], weights: Mapping[str, float]
) -> dict[str, float]:
    """WEIGHTS for one stack: unknown criteria get 0, the other positive ones share theirs."""
    known = [name for name in POSITIVE_CRITERIA if scores[name] is not None]
    total = sum(weights[name] for name in known)
    positive = sum(weights[name] for name in POSITIVE_CRITERIA)
    scale = positive / total if total > 0 else 0.0
    result = {name: (weights[name] * scale if name in known else 0.0) for name in POSITIVE_CRITERIA}
    result["risk"] = weights["risk"]
    return result


def total(parts: Parts, weights: Mapping[str, float], needs_scale: float = 1.0) -> float:
    """A stack's score under WEIGHTS (normalised); NEEDS_SCALE perturbs its needs_fit."""
    used = stack_weights(parts.scores, weights)
    value = 0.0
    for name in CRITERIA:
        score = parts.scores[name]
        if score is None:
            continue
        if name == "needs_fit":
            score = min(1.0, score * needs_scale)
        value += (-1.0 if name == "risk" else 1.0) * used[name] * score
    return value


def order(items: Sequence[tuple[Parts, float]]) -> list[tuple[Parts, float]]:
    """Stacks that meet every must-have need first, then by score, then by id."""
    return sorted(items, key=lambda item: (bool(item[0].vetoed), -item[1], item[0].profile.id))


def stack_score(parts: Parts, weights: Mapping[str, float]) -> StackScore:
    used = stack_weights(parts.scores, weights)
    criteria = {}
    for name in CRITERIA:
        score = parts.scores[name]
        sign = -1.0 if name == "risk" else 1.0
        lines = parts.evidence[name]
        if score is not None and used[name] != weights[name] and name != "risk":
            lines = (*lines, f"weight {weights[name]:.2f} → {used[name]:.2f}: shared out from "
                             "criteria unknown for this stack")  # fmt: skip
        criteria[name] = Criterion(
            score=score or 0.0,
            weight=used[name],
            contribution=(sign * used[name] * (score or 0.0)) or 0.0,  # never -0.0
            evidence=lines,
            known=score is not None,
        )
    value = sum(criterion.contribution for criterion in criteria.values())
    fit = parts.fit
    direct = any(item.direct > 0 for item in fit.claims) or fit.hires > 0
    transferred = any(item.score > 0 for item in fit.claims)
    return StackScore(
        parts.profile.id,
        parts.profile.name,
        value,
        criteria,
        vetoed=parts.vetoed,
        team_evidence="direct" if direct else "transferred" if transferred else "none",
    )


def score_stacks(
    evidence: SkillsEvidence,
    catalog: Catalog,
    requirements: Requirements,
    operations: Mapping[str, Sequence[str]],
    weight_overrides: Mapping[str, float] | None = None,
    what_if: WhatIf | None = None,
) -> Ranking:
    """Rank every profile for the required needs; deterministic for the same inputs."""
    from analyzer.recommend.judge import judge  # judge reads this module's parts

    what_if = what_if or WhatIf()
    overrides = weight_overrides or {}
    weights = effective_weights(overrides, requirements.needs)
    team = team_view(evidence, what_if.without)
    parts = [
        stack_parts(
            evidence,
            catalog,
            profile,
            requirements,
            operations.get(profile.id, ()),
            team,
            what_if.hires.get(profile.id, 0),
        )
        for profile in catalog.profiles.values()
    ]
    return judge(
        evidence, catalog, requirements, parts, raw_weights(overrides, requirements.needs),
        weights, what_if, team,
    )  # fmt: skip
