"""Sentences about a ranking, shared by every recommend renderer."""

from __future__ import annotations

from analyzer.recommend.scoring import CLOSE_CALL_MARGIN
from analyzer.recommend.scoring import Ranking


def verdict(ranking: Ranking) -> str:
    """One line a lead can repeat: who leads, by how much, and whether it is a close call."""
    first = ranking.ranking[0]
    if len(ranking.ranking) < 2:
        return f"{first.name} is the only stack profiled."
    second = ranking.ranking[1]
    if ranking.close_call:
        close = [item for item in ranking.ranking if first.score - item.score < CLOSE_CALL_MARGIN]
        names = ", ".join(item.name for item in close)
        return (
            f"Close call: {names} are within {first.score - close[-1].score:.2f} of each other; "
            "any of them would work, so decide on what this ranking cannot see."
        )
    return (
        f"{first.name} leads with {first.score:.2f}, {ranking.margin:.2f} ahead of {second.name}."
    )


def sensitivity_line(ranking: Ranking) -> str:
    item = ranking.sensitivity
    if item is None:
        return "No single weight change within 0–1 changes the winner."
    names = {score.stack: score.name for score in ranking.ranking}
    direction = "raising" if item.weight_to > item.weight_from else "lowering"
    return (
        f"Sensitivity: {direction} the weight of {item.criterion} from {item.weight_from:.2f} to "
        f"{item.weight_to:.2f} (others unchanged) would put {names[item.new_winner]} first."
    )


def requirements_line(ranking: Ranking) -> str:
    requirements = ranking.requirements
    return f"Needs: {', '.join(requirements.needs)} ({requirements.detail})."


def confidence_line(ranking: Ranking) -> str:
    return f"Confidence {ranking.confidence:.2f}: {'; '.join(ranking.confidence_reasons)}."


def what_if_line(ranking: Ranking) -> str | None:
    parts = [f"without {name}" for name in ranking.what_if.without]
    parts += [f"+{count} {stack} hires" for stack, count in ranking.what_if.hires.items()]
    return f"What if: {', '.join(parts)}." if parts else None
