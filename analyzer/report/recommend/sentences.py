"""Sentences about a ranking, shared by every recommend renderer."""

from __future__ import annotations

from analyzer.recommend.judge import band
from analyzer.recommend.scoring import Ranking
from analyzer.recommend.scoring import StackScore


def verdict(ranking: Ranking) -> str:
    """One line a lead can repeat: who leads, on what evidence, and what would change it."""
    first = ranking.ranking[0]
    if len(ranking.ranking) < 2:
        return f"{first.name} is the only stack profiled."
    second = ranking.ranking[1]
    if first.vetoed:
        return (f"No profiled stack is strong enough for must-have {', '.join(first.vetoed)}; "
                f"{first.name} comes closest.")  # fmt: skip
    conflict = must_conflict(ranking)
    if conflict:
        return conflict
    if first.team_evidence == "none":
        carried = [item.name for item in ranking.ranking if item.team_evidence == "transferred"]
        part = (
            f" (the team's skill carries over to {', '.join(carried)} only in part)"
            if carried and not any(item.team_evidence == "direct" for item in ranking.ranking)
            else ""
        )
        return (
            "Nobody on the team has written the leading stacks' languages; this ranking is "
            f"ecosystem and hiring only{part}: {first.name} leads with {first.score:.2f}, "
            f"{ranking.margin:.2f} ahead of {second.name}."
        )
    lead = f"{first.name} leads with {first.score:.2f}, {ranking.margin:.2f} ahead of {second.name}"
    if first.team_evidence == "transferred":
        lead += ", on skill transferred from other languages only"
    if ranking.close_call:
        return (f"Close call: {lead}, but {ranking.close_call_reasons[0]}; decide on what this "
                "ranking cannot see.")  # fmt: skip
    return f"{lead}."


def must_conflict(ranking: Ranking) -> str | None:
    """When the team's strongest stack is weak at a must-have need: say so, and the way out."""
    strongest = _stack(ranking, ranking.strongest_stack)
    first = ranking.ranking[0]
    if strongest is None or not strongest.vetoed or strongest is first:
        return None
    need = strongest.vetoed[0]
    return (
        f"The team's {strongest.name} is strongest; {strongest.name} is weak for {need} "
        f"({_strength(strongest, need)}): a {first.name} service, or {strongest.name} calling a "
        f"{first.name} service for {need}. {first.name} leads with {first.score:.2f}."
    )


def _stack(ranking: Ranking, stack: str | None) -> StackScore | None:
    return next((item for item in ranking.ranking if item.stack == stack), None)


def _strength(item: StackScore, need: str) -> str:
    for line in item.criteria["needs_fit"].evidence:
        if line.startswith(f"{need} "):
            return line.split(":", 1)[0].removeprefix(f"{need} ")
    return "weak"


def sensitivity_line(ranking: Ranking) -> str:
    item = ranking.sensitivity
    if item is None:
        return "No single --weight value from 0 to 1 changes the winner."
    names = {score.stack: score.name for score in ranking.ranking}
    return (
        f"Sensitivity: {item.flag} (now {item.value_from:.2f}; others unchanged) would put "
        f"{names[item.new_winner]} first."
    )


def requirements_line(ranking: Ranking) -> str:
    requirements = ranking.requirements
    must = f"; must-have: {', '.join(requirements.must)}" if requirements.must else ""
    return f"Needs: {', '.join(requirements.needs)}{must} ({requirements.detail})."


def confidence_line(ranking: Ranking) -> str:
    first = ranking.ranking[0]
    reasons = "; ".join(ranking.confidence_reasons) or "ample history, people and direct skill"
    return (
        f"Confidence {ranking.confidence:.2f} ({band(ranking.confidence)}) in {first.name}: "
        f"{reasons}."
    )


def unprofiled_lines(ranking: Ranking) -> list[str]:
    """The team's strong languages that no profile covers, what was assumed, and the way out."""
    names = {score.stack: score.name for score in ranking.ranking}
    lines = []
    for item in ranking.unprofiled:
        nearest = ", ".join(
            f"{names.get(stack, stack)} ({item.language} counts ×{transfer:g}: {reason})"
            for stack, transfer, reason in item.nearest
        )
        assumed = f"nearest profiled: {nearest}" if nearest else "no profile counts it at all"
        lines.append(
            f"{item.language}, one of the team's strongest languages ({item.people} people), has "
            f"no profile; {assumed}. To rank it, copy the bundled profiles to a folder, add "
            f"one for {item.language} and pass --profiles DIR."
        )
    return lines


def what_if_line(ranking: Ranking) -> str | None:
    parts = [f"without {name}" for name in ranking.what_if.without]
    parts += [f"+{count} {stack} hires" for stack, count in ranking.what_if.hires.items()]
    return f"What if: {', '.join(parts)}." if parts else None
