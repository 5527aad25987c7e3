"""How far to trust a ranking: close calls by perturbation, sensitivity in the user's units,
confidence per stack and overall, the team languages no profile covers, a reason per row.

Every criterion score is fixed before any weight is applied, so trying other weights or need
strengths only recomputes sums: what this module reports is exactly what a rerun would give.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import replace

from analyzer.recommend.profiles import Catalog
from analyzer.recommend.scoring import CRITERIA
from analyzer.recommend.scoring import Parts
from analyzer.recommend.scoring import Ranking
from analyzer.recommend.scoring import Requirements
from analyzer.recommend.scoring import Sensitivity
from analyzer.recommend.scoring import StackScore
from analyzer.recommend.scoring import Unprofiled
from analyzer.recommend.scoring import WhatIf
from analyzer.recommend.scoring import effective_weights
from analyzer.recommend.scoring import order
from analyzer.recommend.scoring import stack_score
from analyzer.recommend.scoring import total
from analyzer.recommend.team_fit import TeamView
from analyzer.skills.document import SkillsEvidence

# A winner that does not survive ±PERTURBATION of one weight, or of one stack's needs_fit (the
# winner's down, a rival's up), is a close call.
PERTURBATION = 0.2
SENSITIVITY_STEP = 0.01  # --weight values are tried on this grid, from 0 to 1

# Thin evidence lowers confidence; each factor is 1 when the evidence is ample.
CONFIDENT_COMMITS = 300
CONFIDENT_SPAN_DAYS = 365
CONFIDENT_PEOPLE = 3
SHALLOW_FACTOR = 0.6
# Per stack: NO_EVIDENCE_FACTOR with nobody's skill behind it, rising to 1 at
# CONFIDENT_CAPABLE capable people with direct skill; transferred skill counts half.
NO_EVIDENCE_FACTOR = 0.3
CONFIDENT_CAPABLE = 2.0
BANDS = ((0.7, "high"), (0.4, "medium"), (0.0, "low"))

# Languages a team might build services in that have no bundled profile; named when strong.
SERVICE_LANGUAGES = frozenset(
    {"C", "C++", "Elixir", "Erlang", "Scala", "Swift", "Dart", "Objective-C", "Haskell", "OCaml",
     "Clojure", "F#", "Crystal", "Nim", "Zig", "Lua", "Perl", "R", "Julia", "Kotlin", "Java",
     "Go", "Python", "Ruby", "PHP", "C#", "Rust", "JavaScript", "TypeScript", "Groovy"}
)  # fmt: skip
STRONGEST_LANGUAGES = 2  # how many of the team's strongest languages are checked for a profile


def band(confidence: float) -> str:
    return next(name for floor, name in BANDS if confidence >= floor)


def judge(
    evidence: SkillsEvidence,
    catalog: Catalog,
    requirements: Requirements,
    parts: Sequence[Parts],
    raw: dict[str, float],
    weights: dict[str, float],
    what_if: WhatIf,
    team: TeamView,
) -> Ranking:
    """The ranking of PARTS under WEIGHTS, with everything a reader needs to weigh it."""
    ranked = order([(item, total(item, weights)) for item in parts])
    overall, overall_reasons = confidence_of(evidence)
    scores = [stack_score(item, weights) for item, _ in ranked]
    scores = [
        replace(score, reason=reason, confidence=value, confidence_reasons=reasons)
        for score, item, reason, (value, reasons) in zip(
            scores,
            (item for item, _ in ranked),
            _reasons(scores),
            (_stack_confidence(item, overall) for item, _ in ranked),
            strict=True,
        )
    ]
    margin = scores[0].score - scores[1].score if len(scores) > 1 else 1.0
    flips = close_call(parts, weights, raw, requirements)
    strongest = max(parts, key=lambda item: (item.fit.score, item.profile.id), default=None)
    leader = scores[0]
    return Ranking(
        requirements=requirements,
        weights=weights,
        ranking=scores,
        margin=margin,
        close_call=bool(flips),
        confidence=leader.confidence,
        confidence_reasons=(*leader.confidence_reasons, *overall_reasons),
        sensitivity=sensitivity(parts, raw, requirements),
        what_if=what_if,
        raw_weights=raw,
        overall_confidence=overall,
        close_call_reasons=flips,
        unprofiled=unprofiled(catalog, team),
        strongest_stack=strongest.profile.id if strongest and strongest.fit.score > 0 else None,
    )


def _winner(
    parts: Sequence[Parts], weights: Mapping[str, float], scale: Mapping[str, float]
) -> str:
    ranked = order(
        [(item, total(item, weights, scale.get(item.profile.id, 1.0))) for item in parts]
    )
    return ranked[0][0].profile.id


def close_call(
    parts: Sequence[Parts],
    weights: Mapping[str, float],
    raw: Mapping[str, float],
    requirements: Requirements,
) -> tuple[str, ...]:
    """The ±PERTURBATION changes (one weight, or one stack's needs_fit) that put another stack
    first; none means the winner is robust."""
    if len(parts) < 2:
        return ()
    winner = _winner(parts, weights, {})
    names = {item.profile.id: item.profile.name for item in parts}  # what a reader calls them
    flips = []
    for name in CRITERIA:
        if raw[name] == 0:
            continue
        for sign in (-1, 1):
            changed = {**raw, name: raw[name] * (1 + sign * PERTURBATION)}
            other = _winner(parts, effective_weights(changed, requirements.needs), {})
            if other != winner:
                flips.append(
                    f"{name} weight {'+' if sign > 0 else '−'}20% puts {names[other]} first"
                )
    for item in parts:
        stack = item.profile.id
        scale = 1 - PERTURBATION if stack == winner else 1 + PERTURBATION
        other = _winner(parts, weights, {stack: scale})
        if other != winner:
            change = "−20%" if stack == winner else "+20%"
            flips.append(f"{names[stack]}'s need strengths {change} put {names[other]} first")
    return tuple(flips)


def sensitivity(
    parts: Sequence[Parts], raw: Mapping[str, float], requirements: Requirements
) -> Sensitivity | None:
    """The --weight value nearest today's (others kept) that puts another stack first, found by
    rerunning the sums on a grid of SENSITIVITY_STEP: running that flag gives that winner."""
    if len(parts) < 2:
        return None
    weights = effective_weights(raw, requirements.needs)
    winner = _winner(parts, weights, {})
    best: tuple[float, Sensitivity] | None = None
    steps = round(1 / SENSITIVITY_STEP)
    for name in CRITERIA:
        if name == "performance_fit" and raw[name] == 0:
            continue  # not weighed for these needs: a --weight would not change that
        for step in range(steps + 1):
            value = round(step * SENSITIVITY_STEP, 2)
            distance = abs(value - raw[name])
            if best is not None and distance >= best[0]:
                continue
            changed = effective_weights({**raw, name: value}, requirements.needs)
            other = _winner(parts, changed, {})
            if other != winner:
                found = Sensitivity(
                    name, weights[name], changed[name], other, value_from=raw[name], value_to=value
                )
                best = (distance, found)
    return best[1] if best else None


def _stack_confidence(parts: Parts, overall: float) -> tuple[float, tuple[str, ...]]:
    """Overall confidence × how much team evidence stands behind this stack."""
    fit = parts.fit
    transferred = max(0.0, fit.capable_all - fit.capable_direct)
    strength = min(1.0, (fit.capable_direct + 0.5 * transferred) / CONFIDENT_CAPABLE)
    factor = NO_EVIDENCE_FACTOR + (1 - NO_EVIDENCE_FACTOR) * strength
    reasons = []
    if fit.capable_all == 0:
        reasons.append(f"nobody on the team has written {parts.profile.name} (×{factor:.2f})")
    elif strength < 1:
        reasons.append(f"{fit.capable_direct:.1f} capable people with direct skill and "
                       f"{transferred:.1f} transferred (×{factor:.2f})")  # fmt: skip
    bulk = _bulk_share(parts)
    if bulk > 0:
        reasons.append(f"{bulk:.0%} of its lines came in bulk or squashed commits "
                       f"(×{1 - 0.5 * bulk:.2f})")  # fmt: skip
    return overall * factor * (1 - 0.5 * bulk), tuple(reasons)


def _bulk_share(parts: Parts) -> float:
    """The share of the stack's changed lines (by the people counted) that bulk rules discounted."""
    return (
        max(0.0, min(1.0, 1 - parts.fit.weighted_lines / parts.fit.lines))
        if parts.fit.lines
        else 0.0
    )


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
    return value, reasons


def unprofiled(catalog: Catalog, team: TeamView) -> tuple[Unprofiled, ...]:
    """The team's strongest service languages that no profile lists as its own."""
    own = {language for profile in catalog.profiles.values() for language in profile.languages}
    strength: dict[str, float] = {}
    people: dict[str, int] = {}
    for person, fade in team.people:
        for language, skill in person.languages.items():
            if language in SERVICE_LANGUAGES:
                strength[language] = strength.get(language, 0.0) + skill.score * fade
                people[language] = people.get(language, 0) + 1
    strongest = sorted(strength, key=lambda language: (-strength[language], language))
    found = []
    for language in strongest[:STRONGEST_LANGUAGES]:
        if language in own:
            continue
        nearest = sorted(
            (
                (profile.id, adjacent.transfer, adjacent.reason)
                for profile in catalog.profiles.values()
                for adjacent in profile.adjacent
                if adjacent.language == language
            ),
            key=lambda item: (-item[1], item[0]),
        )
        found.append(Unprofiled(language, people[language], tuple(nearest)))
    return tuple(found)


def _reasons(scores: Sequence[StackScore]) -> list[str]:
    """Per stack, the criterion that sets it apart most (against the others' mean), and the one
    that holds it back most."""
    reasons = []
    for item in scores:
        others = [other for other in scores if other is not item]
        deltas = {
            name: item.criteria[name].contribution
            - (sum(o.criteria[name].contribution for o in others) / len(others) if others else 0)
            for name in CRITERIA
        }
        weighed = [name for name in CRITERIA if item.criteria[name].weight > 0]
        up = max(weighed, key=lambda name: (deltas[name], name))
        down = min(weighed, key=lambda name: (deltas[name], name))
        text = _label(item, up) if deltas[up] > 0 else _label(item, down)
        if deltas[up] > 0 and deltas[down] < -0.02 and down != up:
            text += f"; but {_label(item, down)}"
        if item.vetoed:
            text = f"weak for must-have {', '.join(item.vetoed)}; {text}"
        reasons.append(text)
    return reasons


def _label(item: StackScore, name: str) -> str:
    """One criterion of one stack in a few words."""
    criterion = item.criteria[name]
    if name == "team_fit":
        return criterion.evidence[0]
    if name == "needs_fit":
        needs = [
            line.split(":", 1)[0]
            for line in criterion.evidence
            if not line.startswith(("needs_fit", "weight"))
        ]
        return "needs " + ", ".join(needs)
    if name == "performance_fit":
        return (
            f"measured performance {criterion.score:.2f}"
            if criterion.known
            else "performance unknown"
        )
    if name == "hiring":
        return criterion.evidence[0].split(" (", 1)[0] if criterion.known else "hiring pool unknown"
    if name == "operational_fit":
        counted = [
            line for line in criterion.evidence if not line.startswith(("not counted", "nothing"))
        ]
        kinds = sorted({line.split(":", 1)[0] for line in counted})
        return f"already has {', '.join(kinds)}" if kinds else "nothing runs it here yet"
    return criterion.evidence[0]
