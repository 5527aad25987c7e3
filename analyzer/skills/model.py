"""The skill model: a 0–1 score and a level per person × language, and truck factors.

Each metric is a small pure function with its thresholds as named constants.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from collections.abc import Mapping

from analyzer.config import DEFAULT_HALF_LIFE_DAYS

# --- skill score -----------------------------------------------------------------------------
# Volume: changed lines (bulk commits scaled down), sub-linear: the 10,000th line teaches less
# than the 100th. Saturates at VOLUME_SATURATION_LINES.
VOLUME_SATURATION_LINES = 10_000
# Frequency: distinct weeks with a commit in the language; the square root rewards steady work
# and saturates at a year of weekly commits.
FREQUENCY_SATURATION_WEEKS = 52
# Both matter, frequency more: one huge commit is not a year of practice (weighted geometric mean).
VOLUME_EXPONENT = 0.4
FREQUENCY_EXPONENT = 0.6
# Recency: DEFAULT_HALF_LIFE_DAYS (config.py, a setting) says when an unused skill counts half.

# Levels. Expert needs about four months of weekly work with a few thousand lines, or more.
EXPERT = "expert"
PROFICIENT = "proficient"
FAMILIAR = "familiar"
LEVELS = (EXPERT, PROFICIENT, FAMILIAR)
LEVEL_THRESHOLDS: tuple[tuple[str, float], ...] = (
    (EXPERT, 0.70),
    (PROFICIENT, 0.45),
    (FAMILIAR, 0.15),
)


def volume_score(weighted_lines: float) -> float:
    """log-scaled changed lines: 0 for none, 1 at VOLUME_SATURATION_LINES or more."""
    if weighted_lines <= 0:
        return 0.0
    return min(1.0, math.log1p(weighted_lines) / math.log1p(VOLUME_SATURATION_LINES))


def frequency_score(active_weeks: int) -> float:
    """sqrt of active weeks over FREQUENCY_SATURATION_WEEKS, capped at 1."""
    return min(1.0, math.sqrt(max(active_weeks, 0) / FREQUENCY_SATURATION_WEEKS))


def recency_factor(days_since_last: float, half_life_days: float = DEFAULT_HALF_LIFE_DAYS) -> float:
    """Exponential decay: 1 today, 0.5 after one half-life."""
    exponent: float = max(days_since_last, 0.0) / half_life_days
    return math.pow(0.5, exponent)


def skill_score(
    weighted_lines: float,
    active_weeks: int,
    days_since_last: float,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
) -> float:
    """Volume and frequency combined, faded by recency; 0 ≤ score ≤ 1."""
    volume = volume_score(weighted_lines)
    frequency = frequency_score(active_weeks)
    if volume == 0 or frequency == 0:
        return 0.0
    base = math.pow(volume, VOLUME_EXPONENT) * math.pow(frequency, FREQUENCY_EXPONENT)
    return base * recency_factor(days_since_last, half_life_days)


def combine_scores(scores: Iterable[float]) -> float:
    """One skill from several repositories' scores, each already faded by its own recency.

    A noisy-OR: every repository is independent evidence that the person knows the language, so
    the combined score is 1 - Π(1 - s). One repository's score is unchanged; more evidence never
    lowers it; it stays below 1.
    """
    remaining = 1.0
    for score in scores:
        remaining *= 1.0 - score
    return 1.0 - remaining


def skill_level(score: float) -> str | None:
    """The level a score reaches, or None below FAMILIAR."""
    for level, threshold in LEVEL_THRESHOLDS:
        if score >= threshold:
            return level
    return None


# --- Degree of Authorship and truck factor ---------------------------------------------------
# Fritz et al. 2010/2014: DOA = 3.293 + 1.098·FA + 0.164·DL − 0.321·ln(1 + AC), where FA is 1 for
# the file's creator, DL the developer's changes and AC the changes by others. A developer
# authors a file when DOA/max > 0.75 and DOA ≥ 3.293, or is its creator (Avelino et al. 2016;
# their tool, AuthorshipInfo.isDOAAuthor, exempts the creator from the 3.293).
DOA_BASE = 3.293
DOA_FIRST_AUTHORSHIP = 1.098
DOA_DELIVERIES = 0.164
DOA_ACCEPTANCES = 0.321
AUTHOR_RELATIVE_DOA = 0.75
AUTHOR_ABSOLUTE_DOA = 3.293
# Avelino et al.: authors are removed until more than half of the files have none left.
ORPHAN_SHARE_LIMIT = 0.5


def degree_of_authorship(first_authorship: bool, deliveries: int, acceptances: int) -> float:
    return (
        DOA_BASE
        + DOA_FIRST_AUTHORSHIP * first_authorship
        + DOA_DELIVERIES * deliveries
        - DOA_ACCEPTANCES * math.log1p(acceptances)
    )


def file_authors(deliveries: Mapping[str, int], creator: str | None) -> set[str]:
    """People who author one file by DOA, given each person's changes to it and its creator."""
    if len(deliveries) == 1:  # no one else's changes: DOA ≥ DOA_BASE, the best by definition
        return set(deliveries)
    total = sum(deliveries.values())
    doa = {
        person: degree_of_authorship(person == creator, changes, total - changes)
        for person, changes in deliveries.items()
    }
    if not doa:
        return set()
    best = max(doa.values())
    return {
        person
        for person, value in doa.items()
        if value / best > AUTHOR_RELATIVE_DOA
        and (value >= AUTHOR_ABSOLUTE_DOA or person == creator)
    }


def truck_factor(authors_by_file: Mapping[str, Iterable[str]]) -> tuple[int, list[str]] | None:
    """Avelino et al.'s greedy truck factor and the people it removes; None for no files.

    Remove the person who authors most files (ties by id, for determinism) until more than
    ORPHAN_SHARE_LIMIT of the files have no author left. Files with no author to start with are
    already orphaned.
    """
    if not authors_by_file:
        return None
    remaining = {path: set(authors) for path, authors in authors_by_file.items()}
    total = len(remaining)
    removed: list[str] = []
    while sum(1 for authors in remaining.values() if not authors) / total <= ORPHAN_SHARE_LIMIT:
        counts: dict[str, int] = {}
        for authors in remaining.values():
            for person in authors:
                counts[person] = counts.get(person, 0) + 1
        if not counts:
            break
        top = min(counts, key=lambda person: (-counts[person], person))
        removed.append(top)
        for authors in remaining.values():
            authors.discard(top)
    return len(removed), removed
