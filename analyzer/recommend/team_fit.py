"""The team criteria of the scoring model: team_fit (skill, depth, coverage) and risk.

Scores are used continuously (levels are labels for people, never steps in the model), a
person's activity fades over a window instead of being cut, and work in a stack's language
counts by role: back-end work directly, the same language's front-end or mobile work at a
transfer factor (ROLE_TRANSFER), another language at its profile's `adjacent` factor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from analyzer.recommend.profiles import Profile
from analyzer.skills.document import PersonSkills
from analyzer.skills.document import SkillsEvidence
from analyzer.skills.model import LEVEL_THRESHOLDS
from analyzer.skills.model import truck_factor

EXPERT_SCORE = dict(LEVEL_THRESHOLDS)["expert"]
PROFICIENT_SCORE = dict(LEVEL_THRESHOLDS)["proficient"]
FAMILIAR_SCORE = dict(LEVEL_THRESHOLDS)["familiar"]
HIRE_SCORE = 0.55  # a planned hire counts as one proficient person (mid-band)

# team_fit = 0.5·best person + 0.3·depth + 0.2·coverage
TEAM_BEST_WEIGHT = 0.5
TEAM_DEPTH_WEIGHT = 0.3
TEAM_COVERAGE_WEIGHT = 0.2
# Depth keeps counting: 1 − exp(−capable / DEPTH_SCALE_PEOPLE); 3 experts 0.70, 5 0.86, 8 0.96.
DEPTH_SCALE_PEOPLE = 2.5
COVERAGE_SATURATION = 2.0  # a truck factor of two is full coverage

# Work in the stack's own language done for another role, as back-end skill (maintainers'
# judgement): a React developer knows the language and npm, not servers, databases or queues;
# an Android developer knows Kotlin/Java and Gradle, and the JVM's libraries carry further.
ROLE_TRANSFER: dict[str, tuple[float, str]] = {
    "front-end": (
        0.5,
        "front-end work in the same language: the language, not servers; maintainers' judgement",
    ),
    "mobile": (
        0.6,
        "mobile work in the same language: the language and its libraries; maintainers' judgement",
    ),
}

# Activity fades linearly over FADE_WINDOW_DAYS centred on the active window's end (the
# `active_days` setting): full weight until 90 days before it, none 90 days after.
FADE_WINDOW_DAYS = 180.0

# risk = RISK_ONE_PERSON × clamp(2 − capable people with direct skill, 0, 1); at least
# RISK_ONE_PERSON when the stack's code has a truck factor of 0 or 1.
RISK_ONE_PERSON = 0.5
NOBODY = 0.05  # capable people below this: nobody to speak of


def capable(score: float) -> float:
    """How much of a capable engineer a skill score makes: 0 at familiar, 1 at expert, linear."""
    return min(1.0, max(0.0, (score - FAMILIAR_SCORE) / (EXPERT_SCORE - FAMILIAR_SCORE)))


def activity(person: PersonSkills, evidence: SkillsEvidence) -> float:
    """1 for recent work, fading to 0 over FADE_WINDOW_DAYS around the end of the active window."""
    days = (evidence.model.as_of - person.last_commit.date()).days
    end = evidence.model.active_days + FADE_WINDOW_DAYS / 2
    return min(1.0, max(0.0, (end - days) / FADE_WINDOW_DAYS))


@dataclass(frozen=True)
class Claim:
    """One person's claim on a stack: the score that counts and how it was reached."""

    person: str
    score: float  # as counted: skill × role or language transfer × activity
    direct: float  # the part from the stack's own languages in back-end use (risk reads it)
    language: str
    transfer: float  # 1 for direct back-end work
    reason: str
    activity: float
    role: str  # back-end, front-end, mobile or "" for an adjacent language


def role_factor(person: PersonSkills, language: str) -> tuple[float, str, str]:
    """The share of LANGUAGE's work that counts as back-end skill, its main role, and why.

    Front-end and mobile shares count at ROLE_TRANSFER; tests, data and unclassified work
    count fully (they are the language's own use). No role data: counted fully.
    """
    lines = person.role_lines.get(language, {})
    total = sum(lines.values())
    if total <= 0:
        return 1.0, "back-end", ""
    factor = 1.0
    reasons = []
    for role, (transfer, reason) in ROLE_TRANSFER.items():
        share = lines.get(role, 0.0) / total
        if share > 0:
            factor -= share * (1 - transfer)
            reasons.append(f"{share:.0%} {role} ×{transfer:g}: {reason}")
    main = max(("back-end", *ROLE_TRANSFER), key=lambda role: lines.get(role, 0.0))
    return factor, main, "; ".join(reasons)


def claim(person: PersonSkills, profile: Profile, fade: float) -> Claim | None:
    """A person's strongest claim on a stack: its own language (by role) or an adjacent one."""
    options: list[Claim] = []
    for language, skill in person.languages.items():
        if language in profile.languages:
            factor, role, reason = role_factor(person, language)
            score = skill.score * factor * fade
            transfer = factor
            options.append(Claim(person.name, score, score, language, transfer, reason, fade, role))
    direct = max((option.direct for option in options), default=0.0)
    for adjacent in profile.adjacent:
        other = person.languages.get(adjacent.language)
        if other is not None:
            score = other.score * adjacent.transfer * fade
            options.append(
                Claim(
                    person.name,
                    score,
                    direct,
                    adjacent.language,
                    adjacent.transfer,
                    f"{adjacent.reason}; {adjacent.basis}",
                    fade,
                    "",
                )
            )
    best = max(options, key=lambda option: (option.score, option.language), default=None)
    return None if best is None else _with_direct(best, direct)


def _with_direct(best: Claim, direct: float) -> Claim:
    return Claim(
        best.person, best.score, direct, best.language, best.transfer, best.reason,
        best.activity, best.role,
    )  # fmt: skip


@dataclass(frozen=True)
class TeamView:
    """The team a ranking counts on: people with some activity left after the what-if
    departures (and how much), and the ids of everyone else (whose files lose their author)."""

    people: list[tuple[PersonSkills, float]]
    gone_ids: frozenset[str]


def team_view(evidence: SkillsEvidence, without: tuple[str, ...]) -> TeamView:
    gone = {item.lower() for item in without}
    people = [
        (person, fade)
        for person in evidence.people
        if not gone & {item.lower() for item in (person.id, *person.names, *person.emails)}
        and (fade := activity(person, evidence)) > 0
    ]
    staying = {person.id for person, _ in people}
    return TeamView(people, frozenset(p.id for p in evidence.people if p.id not in staying))


def stack_truck_factor(
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
    claims: tuple[Claim, ...]  # strongest first
    capable_direct: float  # capable people from direct back-end skill, hires included
    capable_all: float  # the same with transferred skill
    truck_factor: int | None
    hires: int
    summary: str  # in people: "5 back-end C# engineers, 3 at expert level"
    lines: int = 0  # lines the team changed in the stack's own languages
    weighted_lines: float = 0.0  # the same after bulk commits' discount


def team_fit(evidence: SkillsEvidence, profile: Profile, team: TeamView, hires: int) -> TeamFit:
    """Active people's skill in the stack (by role, direct or adjacent), depth, and coverage."""
    claims = sorted(
        (found for person, fade in team.people if (found := claim(person, profile, fade))),
        key=lambda item: (-item.score, item.person),
    )
    scores = [item.score for item in claims] + [HIRE_SCORE] * hires
    capable_all = sum(capable(score) for score in scores)
    capable_direct = sum(capable(item.direct) for item in claims) + hires * capable(HIRE_SCORE)
    best = max(scores, default=0.0)
    depth = 1 - math.exp(-capable_all / DEPTH_SCALE_PEOPLE)
    factor, factor_language = stack_truck_factor(evidence, profile, team.gone_ids)
    coverage = min(1.0, (factor or 0) / COVERAGE_SATURATION)
    score = TEAM_BEST_WEIGHT * best + TEAM_DEPTH_WEIGHT * depth + TEAM_COVERAGE_WEIGHT * coverage
    summary = _summary(claims, profile, hires)
    lines = [summary, f"capable people {capable_all:.1f} (0 at familiar, 1 at expert, linear)"]
    for item in claims[:3]:
        lines.append(_claim_line(item))
    if not claims and not hires:
        lines.append(f"no active person has written {'/'.join(profile.languages)} or an adjacent "
                     "language")  # fmt: skip
    if factor is not None:
        lines.append(f"truck factor of {factor_language}: {factor}")
    lines.append(
        f"team_fit = 0.5×{best:.2f} best + 0.3×{depth:.2f} depth (1 − e^(−{capable_all:.1f}/"
        f"{DEPTH_SCALE_PEOPLE:g})) + 0.2×{coverage:.2f} coverage"
    )
    own = [
        person.languages[language]
        for person, _ in team.people
        for language in profile.languages
        if language in person.languages
    ]
    changed = sum(skill.lines_added + skill.lines_deleted for skill in own)
    weighted = sum(skill.weighted_lines for skill in own)
    if changed:
        lines.insert(2, f"active people changed {changed:,} lines of {'/'.join(profile.languages)}")
    return TeamFit(
        score, tuple(lines), tuple(claims), capable_direct, capable_all, factor, hires, summary,
        changed, weighted,
    )  # fmt: skip


def _claim_line(item: Claim) -> str:
    fade = f", activity ×{item.activity:.2f}" if item.activity < 1 else ""
    if not item.role:
        return (f"{item.person}: {item.language} counts ×{item.transfer:g} ({item.reason})"
                f"{fade} → {item.score:.2f}")  # fmt: skip
    if item.reason:
        return (f"{item.person}: {item.language} ×{item.transfer:.2f} by role ({item.reason})"
                f"{fade} → {item.score:.2f}")  # fmt: skip
    return f"{item.person}: {item.language} {item.role}{fade} → {item.score:.2f}"


def _summary(claims: list[Claim], profile: Profile, hires: int) -> str:
    """The team for this stack in people: how many, in which role, at what level."""
    languages = "/".join(profile.languages)
    direct = [item for item in claims if item.role and capable(item.score) > 0]
    back = [item for item in direct if item.role == "back-end"]
    other = [item for item in direct if item.role != "back-end"]
    adjacent = [item for item in claims if not item.role and capable(item.score) > 0]
    experts = sum(1 for item in direct if item.score >= EXPERT_SCORE)
    parts = []
    if back:
        parts.append(f"{len(back)} back-end {languages} engineer{'s' * (len(back) != 1)}, "
                     f"{experts} at expert level")  # fmt: skip
    if other:
        roles = "/".join(sorted({item.role for item in other}))
        parts.append(f"{len(other)} writing {languages} for {roles} (counted in part)")
    if adjacent:
        names = "/".join(sorted({item.language for item in adjacent}))
        parts.append(f"{len(adjacent)} with adjacent {names} (transferred)")
    if hires:
        parts.append(f"{hires} planned hire{'s' * (hires != 1)}")
    return "; ".join(parts) if parts else f"nobody on the team writes {languages}"


def risk(fit: TeamFit) -> tuple[float, tuple[str, ...]]:
    """A penalty when the stack would rest on one person or fewer, by direct skill only.

    A stack nobody knows is charged no more than one resting on one person: the missing skill
    is team_fit's to count, not risk's a second time.
    """
    people = fit.capable_direct
    value = RISK_ONE_PERSON * min(1.0, max(0.0, 2.0 - people))
    lines = [f"{people:.1f} capable people with direct skill (transferred skill carries no code)"]
    if fit.truck_factor is not None and fit.truck_factor <= 1 and value < RISK_ONE_PERSON:
        value = RISK_ONE_PERSON
        lines.insert(0, f"rests on one person: its code has a truck factor of {fit.truck_factor}")
    elif people < NOBODY:
        lines.insert(0, "rests on nobody: team_fit counts the missing skill, risk only the "
                        "concentration")  # fmt: skip
    elif value > 0:
        lines.insert(0, "rests on fewer than two capable people")
    else:
        lines.insert(0, f"{people:.1f} people can carry it")
    lines.append(f"risk = {RISK_ONE_PERSON:g} × clamp(2 − {people:.1f}, 0, 1)")
    return value, tuple(lines)
