"""Frameworks per person: the lines each person changed in the files that use a framework.

A pure join of three maps: current file → frameworks it uses (analyzer/code/file_frameworks.py),
current file → each contact's work on it, renames followed (analyzer/history/fold.py's FileHistory),
joined per repository into each contact's work per framework when it is mined, and contact →
person when repositories are combined. The work is scored by the language skill model
(analyzer/skills/model.py), so a framework's level means what a language's level means.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from datetime import datetime

from analyzer.code.document import FileFrameworks
from analyzer.code.frameworks import all_frameworks
from analyzer.git.repository import Repository
from analyzer.history.fold import FileHistory
from analyzer.history.identity import Contact
from analyzer.languages.tree import Classifier
from analyzer.languages.tree import HeadTree
from analyzer.skills.document import FrameworkSkill
from analyzer.skills.document import PersonSkills
from analyzer.skills.model import skill_level
from analyzer.skills.model import skill_score

SECONDS_PER_DAY = 86400


@dataclass
class FrameworkWork:
    """One contact's (or person's) work in the files of one framework."""

    lines: int = 0
    weighted_lines: float = 0.0
    weeks: set[int] = field(default_factory=set)
    files: set[str] = field(default_factory=set)
    last: datetime | None = None

    def add(self, other: FrameworkWork, files: Iterable[str]) -> None:
        """Add OTHER's work, its files named as FILES (a repository's label may prefix them)."""
        self.lines += other.lines
        self.weighted_lines += other.weighted_lines
        self.weeks |= other.weeks
        self.files.update(files)
        if other.last is not None:
            self.last = other.last if self.last is None else max(self.last, other.last)


# Contact → framework id → work: one repository's, as mining leaves it.
ContactWork = dict[Contact, dict[str, FrameworkWork]]


def contact_work(
    file_frameworks: Mapping[str, Iterable[str]], files: Mapping[str, FileHistory]
) -> ContactWork:
    """Each contact's work in the current files that use each framework (one repository).

    Summed once, when the repository is mined, so that a finished result need not keep every
    file's work per contact: only this, and the files' authorship.
    """
    work: ContactWork = {}
    for path, framework_ids in file_frameworks.items():
        history = files.get(path)
        if history is None:  # no counted change in the history read (or not counted)
            continue
        for contact, lines in history.lines.items():
            last = history.last[contact]
            weighted = lines - history.bulk_discount.get(contact, 0.0)
            for framework_id in framework_ids:
                item = work.setdefault(contact, {}).setdefault(framework_id, FrameworkWork())
                item.lines += lines
                item.weighted_lines += weighted
                item.weeks.update(history.weeks[contact])
                item.files.add(path)
                item.last = last if item.last is None else max(item.last, last)
    return work


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


def read_frameworks(repo: Repository, head: HeadTree, classifier: Classifier) -> FileFrameworks:
    """The frameworks of each current file (the one step here that reads the repository)."""
    from analyzer.code.file_frameworks import read_file_frameworks  # tree-sitter loads only here
    from analyzer.code.scan import ScanSettings

    return read_file_frameworks(repo, head, classifier, ScanSettings())
