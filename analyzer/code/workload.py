"""Workload kinds: what the code base does, as a 0-1 score, a confidence and evidence per need.

The rules, in full (the README's "stackfit scan" section says the same in prose):

- Signals. Every framework found is a signal for its needs (analyzer/data/catalog.py): its main
  need weighs MAIN_NEED_WEIGHT, its other needs OTHER_NEED_WEIGHT; a framework declared in a
  manifest but imported by no parsed file weighs DECLARED_ONLY_FACTOR as much (it may be a
  tool or a leftover). Infrastructure files weigh INFRA_FILE_WEIGHTS (a Dockerfile says a
  service is deployable, not that the team builds infrastructure). Constructs are signals by
  density, per 1,000 counted lines (at least 1,000, so one `await` in a tiny tree is not a
  trend): weight = cap × (1 − e^(−density / scale)), CONSTRUCT_RULES giving cap and scale.
- Score = 1 − Π(1 − weight): a noisy-OR, so independent signals add up without passing 1, and
  one strong signal outweighs many faint ones.
- Confidence = 1 − Π(1 − quality) over the same signals (SIGNAL_QUALITY: a framework both
  declared and imported is the surest), times a volume factor √(lines / FULL_VOLUME_LINES)
  capped at 1 and at least MIN_VOLUME_FACTOR (little code, little certainty). A need with
  no signal has score 0 and confidence ABSENT_CONFIDENCE × the volume factor: having read a
  lot of code and found nothing is evidence of absence; having read little is not.
- Evidence: each signal's strongest item, strongest signal first, at most MAX_EVIDENCE.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import NamedTuple

from analyzer.code.document import MAX_EVIDENCE
from analyzer.code.document import CodeEvidence
from analyzer.code.document import ConstructUse
from analyzer.code.document import FrameworkUse
from analyzer.code.document import WorkloadKind
from analyzer.data.catalog import NEEDS
from analyzer.formatting import rounded

MAIN_NEED_WEIGHT = 0.6
OTHER_NEED_WEIGHT = 0.3
DECLARED_ONLY_FACTOR = 0.75
INFRA_FILE_WEIGHTS: Mapping[str, float] = {
    "docker": 0.15,
    "docker-compose": 0.15,
    "kubernetes": 0.35,
    "helm": 0.4,
    "terraform-files": 0.6,
    "pulumi-project": 0.6,
}
MIN_DENSITY_LINES = 1000


class ConstructRule(NamedTuple):
    need: str
    cap: float  # the most this construct alone can add to the need
    scale: float  # constructs per 1,000 lines at which it reaches ~63% of its cap


CONSTRUCT_RULES: Mapping[str, tuple[ConstructRule, ...]] = {
    "async": (ConstructRule("realtime", 0.2, 8.0), ConstructRule("high-throughput", 0.15, 8.0)),
    "goroutines": (
        ConstructRule("high-throughput", 0.35, 2.0),
        ConstructRule("realtime", 0.15, 2.0),
    ),
    "channels": (
        ConstructRule("high-throughput", 0.25, 4.0),
        ConstructRule("realtime", 0.15, 4.0),
    ),
    "threads": (ConstructRule("cpu-heavy", 0.3, 1.0), ConstructRule("high-throughput", 0.1, 1.0)),
    "promises": (ConstructRule("realtime", 0.1, 4.0),),
    "worker_threads": (ConstructRule("cpu-heavy", 0.4, 0.5),),
    "streams": (ConstructRule("realtime", 0.35, 1.0), ConstructRule("high-throughput", 0.1, 1.0)),
}
SIGNAL_QUALITY: Mapping[str, float] = {
    "declared and imported": 0.6,
    "imported": 0.5,
    "declared": 0.35,
    "file": 0.5,
    "construct": 0.25,
}
FULL_VOLUME_LINES = 2000
MIN_VOLUME_FACTOR = 0.1  # a signal found in a tiny tree is still a signal
ABSENT_CONFIDENCE = 0.6


class Signal(NamedTuple):
    need: str
    weight: float
    quality: float
    evidence: str


def workload_kinds(evidence: CodeEvidence) -> dict[str, WorkloadKind]:
    """Score every need of the design's vocabulary from a scan's frameworks and constructs."""
    lines = evidence.code_lines
    signals = [
        *framework_signals(evidence.frameworks),
        *construct_signals(evidence.constructs, lines),
    ]
    volume = volume_factor(lines)
    return {need: _kind([s for s in signals if s.need == need], volume) for need in NEEDS}


def volume_factor(lines: int) -> float:
    """How much the amount of code read lets us trust what was (or was not) found."""
    return min(1.0, math.sqrt(max(lines, 0) / FULL_VOLUME_LINES))


def framework_signals(frameworks: tuple[FrameworkUse, ...]) -> list[Signal]:
    signals = []
    for use in frameworks:
        if use.ecosystem == "files":
            kind = "file"
        elif use.declared_in and use.used_in:
            kind = "declared and imported"
        else:
            kind = "imported" if use.used_in else "declared"
        factor = DECLARED_ONLY_FACTOR if kind == "declared" else 1.0
        for position, need in enumerate(use.needs):
            weight = MAIN_NEED_WEIGHT if position == 0 else OTHER_NEED_WEIGHT
            if use.ecosystem == "files":
                weight = INFRA_FILE_WEIGHTS.get(use.id, weight)
            item = use.evidence[0] if use.evidence else use.name
            signals.append(Signal(need, weight * factor, SIGNAL_QUALITY[kind], item))
    return signals


def construct_signals(constructs: Mapping[str, ConstructUse], lines: int) -> list[Signal]:
    signals = []
    per_lines = max(lines, MIN_DENSITY_LINES) / 1000
    for name, use in constructs.items():
        density = use.count / per_lines
        for rule in CONSTRUCT_RULES.get(name, ()):
            weight = rule.cap * (1 - math.exp(-density / rule.scale))
            site = use.sites[0] if use.sites else "?"
            item = (
                f"{site} {name.replace('_', ' ')}: {use.count} in {use.files} files "
                f"({density:.1f} per 1,000 lines)"
            )
            signals.append(Signal(rule.need, weight, SIGNAL_QUALITY["construct"], item))
    return signals


def _kind(signals: list[Signal], volume: float) -> WorkloadKind:
    if not signals:
        return WorkloadKind(0.0, ABSENT_CONFIDENCE * volume, ())
    signals.sort(key=lambda signal: (-signal.weight, signal.evidence))
    score = 1 - math.prod(1 - signal.weight for signal in signals)
    confidence = (1 - math.prod(1 - signal.quality for signal in signals)) * max(
        volume, MIN_VOLUME_FACTOR
    )
    evidence = tuple(dict.fromkeys(signal.evidence for signal in signals))[:MAX_EVIDENCE]
    return WorkloadKind(rounded(score), rounded(min(confidence, 1.0)), evidence)
