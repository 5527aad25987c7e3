"""Roles per person: the share of each person's recent work that is back-end, front-end, mobile,
infrastructure, data or tests (history/roles.py classifies the files), per language too.

"Recent" weighs each file's lines by the skill model's recency factor at the file's last change,
so that a front-end stint five years ago does not define today's back-end engineer.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from analyzer.history.frameworks import ContactWork
from analyzer.history.frameworks import FrameworkWork
from analyzer.history.identity import Contact
from analyzer.history.roles import OTHER
from analyzer.history.roles import ROLES
from analyzer.skills.document import PersonSkills
from analyzer.skills.frameworks import SECONDS_PER_DAY
from analyzer.skills.frameworks import person_work
from analyzer.skills.model import recency_factor


def role_lines(
    work: Mapping[str, FrameworkWork], now: datetime, half_life_days: float
) -> dict[str, dict[str, float]]:
    """Language → role → recent weighted lines, from one person's "role:language" work."""
    lines: dict[str, dict[str, float]] = {}
    for key, item in sorted(work.items()):
        role, _, language = key.partition(":")
        if item.last is None or item.weighted_lines <= 0 or role not in (*ROLES, OTHER):
            continue
        days = (now - item.last).total_seconds() / SECONDS_PER_DAY
        recent = item.weighted_lines * recency_factor(days, half_life_days)
        by_role = lines.setdefault(language, {})
        by_role[role] = by_role.get(role, 0.0) + recent
    return lines


def with_roles(
    people: Iterable[PersonSkills],
    works: Iterable[tuple[str | None, ContactWork]],
    person_of: Mapping[Contact, str],
    now: datetime,
    half_life_days: float,
) -> list[PersonSkills]:
    """PEOPLE with their role lines filled in, from each repository's (label, role work)."""
    work = person_work(works, person_of)
    return [
        replace(person, role_lines=role_lines(work.get(person.id, {}), now, half_life_days))
        for person in people
    ]
