"""Frameworks per person: each person's framework work (from every repository's map step),
scored with the same skill model as languages.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from analyzer.code.frameworks import all_frameworks
from analyzer.history.frameworks import ContactWork
from analyzer.history.frameworks import FrameworkWork
from analyzer.history.identity import Contact
from analyzer.skills.document import FrameworkSkill
from analyzer.skills.document import PersonSkills
from analyzer.skills.model import skill_level
from analyzer.skills.model import skill_score

SECONDS_PER_DAY = 86400


def person_work(
    works: Iterable[tuple[str | None, ContactWork]], person_of: Mapping[Contact, str]
) -> dict[str, dict[str, FrameworkWork]]:
    """Person id → framework id → work, over every repository's (label, contact work); a
    label, when given, prefixes the repository's paths so that files stay distinct."""
    work: dict[str, dict[str, FrameworkWork]] = {}
    for label, by_contact in works:
        for contact, frameworks in sorted(by_contact.items()):
            person_id = person_of.get(contact)
            if person_id is None:
                continue
            mine = work.setdefault(person_id, {})
            for framework_id, item in frameworks.items():
                files = item.files if label is None else (f"{label}/{p}" for p in item.files)
                mine.setdefault(framework_id, FrameworkWork()).add(item, files)
    return work


def framework_skills(
    work: Mapping[str, FrameworkWork], now: datetime, half_life_days: float
) -> dict[str, FrameworkSkill]:
    """Scored frameworks of one person, strongest first; below `familiar` left out."""
    names = all_frameworks()
    skills = {}
    for framework_id, item in work.items():
        assert item.last is not None
        days = (now - item.last).total_seconds() / SECONDS_PER_DAY
        score = skill_score(item.weighted_lines, len(item.weeks), days, half_life_days)
        level = skill_level(score)
        if level is None:
            continue
        skills[framework_id] = FrameworkSkill(
            name=names[framework_id].name,
            level=level,
            score=score,
            lines=item.lines,
            weighted_lines=item.weighted_lines,
            files=len(item.files),
            active_weeks=len(item.weeks),
            last_commit=item.last,
        )
    return dict(sorted(skills.items(), key=lambda entry: (-entry[1].score, entry[0])))


def with_frameworks(
    people: Iterable[PersonSkills],
    works: Iterable[tuple[str | None, ContactWork]],
    person_of: Mapping[Contact, str],
    now: datetime,
    half_life_days: float,
) -> list[PersonSkills]:
    """PEOPLE with their frameworks filled in, from each repository's (label, contact work)."""
    work = person_work(works, person_of)
    return [
        replace(person, frameworks=framework_skills(work.get(person.id, {}), now, half_life_days))
        for person in people
    ]
