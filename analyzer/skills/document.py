"""The evidence bundle every consumer reads, and its JSON form (schema_version 1).

Keys in `to_json` are a contract other tools read: add freely, never rename or drop one
without bumping SCHEMA_VERSION.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from typing import Any

from analyzer.formatting import plural
from analyzer.formatting import rounded
from analyzer.history.facts import HistoryFacts
from analyzer.history.facts import RepositoryFacts
from analyzer.history.identity import PossibleDuplicate
from analyzer.history.identity import SuspectedBot
from analyzer.history.rhythm import AFTER_HOURS_DEFINITION
from analyzer.history.rhythm import Rhythm
from analyzer.history.roles import ROLES
from analyzer.jsontext import document_header

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class RepositoryWork:
    """A person's work in one language in one repository, scored with its own recency."""

    score: float
    commits: int
    lines_added: int
    lines_deleted: int
    last_commit: datetime


@dataclass(frozen=True)
class LanguageSkill:
    level: str
    score: float
    commits: int
    lines_added: int
    lines_deleted: int
    weighted_lines: float
    active_weeks: int
    active_months: int
    first_commit: datetime
    last_commit: datetime
    repositories: dict[str, RepositoryWork] = field(default_factory=dict)  # by repository name


@dataclass(frozen=True)
class FrameworkSkill:
    """One person's work in the current files that use one framework (by their imports)."""

    name: str
    level: str
    score: float
    lines: int  # added + deleted in those files, as named today
    weighted_lines: float  # bulk commits scaled down, as for languages
    files: int  # files that use the framework which the person changed
    active_weeks: int
    last_commit: datetime

    @property
    def say(self) -> str:
        """The numbers behind the level, in words."""
        files = plural(self.files, "file")
        weeks = plural(self.active_weeks, "week")
        return (
            f"{self.lines} lines changed in {self.files} {files} that use {self.name}, "
            f"in {self.active_weeks} {weeks}; last {self.last_commit.date().isoformat()}"
        )


@dataclass(frozen=True)
class AssistedMonth:
    """One month's commits and changed lines, and those an AI agent authored or co-authored."""

    month: str  # YYYY-MM
    commits: int
    changed_lines: int
    assisted_commits: int
    assisted_lines: int


@dataclass(frozen=True)
class AiAssistance:
    """The share of the work an AI coding agent took part in, over the months since the first."""

    commits: int
    changed_lines: int
    assisted_commits: int
    assisted_lines: int
    months: tuple[AssistedMonth, ...]

    @classmethod
    def of(cls, months: dict[str, list[int]]) -> AiAssistance | None:
        """From per-month [commits, lines, AI commits, AI lines]; None when no AI took part.

        Months are counted from the first with an assisted commit: the share since adoption.
        """
        assisted = sorted(month for month, counts in months.items() if counts[2])
        if not assisted:
            return None
        kept = [
            AssistedMonth(month, *months[month]) for month in sorted(months) if month >= assisted[0]
        ]
        return cls(
            commits=sum(month.commits for month in kept),
            changed_lines=sum(month.changed_lines for month in kept),
            assisted_commits=sum(month.assisted_commits for month in kept),
            assisted_lines=sum(month.assisted_lines for month in kept),
            months=tuple(kept),
        )

    @property
    def commit_share(self) -> float:
        return self.assisted_commits / self.commits if self.commits else 0.0

    @property
    def line_share(self) -> float:
        return self.assisted_lines / self.changed_lines if self.changed_lines else 0.0


@dataclass(frozen=True)
class PersonSkills:
    id: str
    name: str
    names: tuple[str, ...]
    emails: tuple[str, ...]
    active: bool
    commits: int  # authored, as `git shortlog -sn` counts them
    coauthored_commits: int
    first_commit: datetime
    last_commit: datetime
    languages: dict[str, LanguageSkill]
    frameworks: dict[str, FrameworkSkill] = field(default_factory=dict)  # by catalog id
    ai_assistance: AiAssistance | None = None  # None: no commit of theirs had an AI agent
    # Language → role → recent weighted lines (skills/roles.py); roles read it per language.
    role_lines: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def roles(self) -> dict[str, float]:
        """Each role's share of the person's recent work (other code counts only in the total)."""
        return role_shares(self.role_lines)


def role_shares(lines: dict[str, dict[str, float]]) -> dict[str, float]:
    """Role → share of all recent work in LINES (language → role → recent weighted lines)."""
    totals: dict[str, float] = {}
    for by_role in lines.values():
        for role, value in by_role.items():
            totals[role] = totals.get(role, 0.0) + value
    whole = sum(totals.values())
    if whole <= 0:
        return {}
    return {role: totals[role] / whole for role in ROLES if totals.get(role, 0.0) > 0}


@dataclass(frozen=True)
class LanguageSummary:
    share: float  # of the bytes of counted files in the analysed revision
    bytes: int
    files: int
    truck_factor: int | None  # None when no file, or most files, of the language have authors
    truck_factor_people: tuple[str, ...]  # names of the people the truck factor removes
    orphaned_files: int  # current files with no active author
    authored_files: int  # current files with history, over which the truck factor runs
    people: dict[str, int]  # active people per level

    @property
    def unknown_authorship_files(self) -> int:
        """Files no counted commit touched (only merges brought them in): no author known."""
        return self.files - self.authored_files


@dataclass(frozen=True)
class TruckFactor:
    """The repository's own truck factor (Avelino et al. 2016) over every counted file."""

    value: int | None  # None when no file, or most files, have a known author
    people: tuple[str, ...]  # names of the people it removes
    files: int  # files with known authorship, over which it runs
    orphaned_files: int  # of those, files with no active author
    unknown_authorship_files: int  # files no counted commit touched


@dataclass(frozen=True)
class RepositoryEntry:
    """One analysed repository, or one that could not be read (then ERROR says why)."""

    name: str
    facts: RepositoryFacts
    error: str | None = None
    root: str | None = None  # the root commit: the key of stable pseudonyms


@dataclass(frozen=True)
class ModelFacts:
    as_of: date
    active_days: int
    half_life_days: float
    bulk_min_lines: int
    bulk_min_files: int
    config_source: str


@dataclass(frozen=True)
class SkillsEvidence:
    repository: RepositoryFacts
    history: HistoryFacts
    model: ModelFacts
    people: list[PersonSkills]
    languages: dict[str, LanguageSummary]
    excluded_bots: list[tuple[str, int]]
    excluded_paths: dict[str, int]
    # Per language, each current file's active authors (person ids) by Degree of Authorship:
    # what-if questions recompute truck factors from it. Not part of the JSON.
    file_authors: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    rhythm: Rhythm | None = None
    repositories: tuple[RepositoryEntry, ...] = ()
    ai_assistance: AiAssistance | None = None  # the team's; None when no AI agent took part
    excluded_ai_agents: list[tuple[str, int]] = field(default_factory=list)
    possible_duplicates: list[PossibleDuplicate] = field(default_factory=list)
    suspected_bots: list[SuspectedBot] = field(default_factory=list)
    truck_factor: TruckFactor | None = None


def truck_factor_json(factor: TruckFactor | None) -> dict[str, Any] | None:
    if factor is None:
        return None
    return {
        "value": factor.value,
        "people": list(factor.people),
        "files": factor.files,
        "orphaned_files": factor.orphaned_files,
        "unknown_authorship_files": factor.unknown_authorship_files,
    }


def to_json(evidence: SkillsEvidence) -> dict[str, Any]:
    """The JSON document of `stackfit skills --format json`."""
    return {
        **document_header(),
        "repository": {
            "path": evidence.repository.path,
            "head": evidence.repository.head,
            "rev": evidence.repository.rev,
            "bare": evidence.repository.bare,
            "shallow": evidence.repository.shallow,
            "commits_analyzed": evidence.repository.commits_analyzed,
        },
        "model": {
            "as_of": evidence.model.as_of.isoformat(),
            "active_days": evidence.model.active_days,
            "half_life_days": evidence.model.half_life_days,
            "bulk_min_lines": evidence.model.bulk_min_lines,
            "bulk_min_files": evidence.model.bulk_min_files,
            "config": evidence.model.config_source,
        },
        "history": {
            "unreadable_commits": evidence.history.unreadable_commits,
            "truncated_after": evidence.history.truncated_after,
            "bulk_commits": evidence.history.bulk_commits,
            "ignored_commits": evidence.history.ignored_commits,
            "future_commits": evidence.history.future_commits,
            "warnings": list(evidence.history.warnings),
        },
        "repositories": [
            {
                "name": entry.name,
                "path": entry.facts.path,
                "head": entry.facts.head,
                "rev": entry.facts.rev,
                "bare": entry.facts.bare,
                "shallow": entry.facts.shallow,
                "commits": entry.facts.commits_analyzed,
                "error": entry.error,
            }
            for entry in evidence.repositories
        ],
        "truck_factor": truck_factor_json(evidence.truck_factor),
        "people": [_person_json(person) for person in evidence.people],
        "languages": {
            name: {
                "share": rounded(summary.share),
                "bytes": summary.bytes,
                "files": summary.files,
                "truck_factor": summary.truck_factor,
                "truck_factor_people": list(summary.truck_factor_people),
                "orphaned_files": summary.orphaned_files,
                "authored_files": summary.authored_files,
                "unknown_authorship_files": summary.unknown_authorship_files,
                "people": summary.people,
            }
            for name, summary in evidence.languages.items()
        },
        "rhythm": rhythm_json(evidence.rhythm) if evidence.rhythm is not None else None,
        "excluded": {
            "bots": [
                {"name": name, "commits": commits} for name, commits in evidence.excluded_bots
            ],
            "ai_agents": [
                {"name": name, "commits": commits} for name, commits in evidence.excluded_ai_agents
            ],
            "paths": evidence.excluded_paths,
        },
        "ai_assistance": _ai_json(evidence),
        "possible_duplicates": [
            {
                "people": [
                    {"id": person.id, "name": person.name, "emails": list(person.emails)}
                    for person in duplicate.people
                ],
                "reason": duplicate.reason,
                "aliases": duplicate.aliases,
            }
            for duplicate in evidence.possible_duplicates
        ],
        "suspected_bots": [
            {
                "name": bot.name,
                "email": bot.email,
                "commits": bot.commits,
                "why": bot.why,
                "bots": bot.config_line,
            }
            for bot in evidence.suspected_bots
        ],
    }


def _ai_json(evidence: SkillsEvidence) -> dict[str, Any]:
    """Team and per person: commits and changed lines an AI agent authored or co-authored."""
    team = evidence.ai_assistance
    return {
        "agents": [{"name": name, "commits": n} for name, n in evidence.excluded_ai_agents],
        **_assistance_json(team),
        "people": [
            {"id": person.id, "name": person.name, **_assistance_json(person.ai_assistance)}
            for person in evidence.people
            if person.ai_assistance is not None
        ],
    }


def _assistance_json(found: AiAssistance | None) -> dict[str, Any]:
    if found is None:
        found = AiAssistance(0, 0, 0, 0, ())
    return {
        "commits": found.commits,
        "changed_lines": found.changed_lines,
        "assisted_commits": found.assisted_commits,
        "assisted_lines": found.assisted_lines,
        "commit_share": rounded(found.commit_share),
        "line_share": rounded(found.line_share),
        "months": [
            {
                "month": month.month,
                "commits": month.commits,
                "changed_lines": month.changed_lines,
                "assisted_commits": month.assisted_commits,
                "assisted_lines": month.assisted_lines,
            }
            for month in found.months
        ],
    }


def _person_json(person: PersonSkills) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "emails": list(person.emails),
        "names": list(person.names),
        "active": person.active,
        "commits": person.commits,
        "coauthored_commits": person.coauthored_commits,
        "first_commit": person.first_commit.isoformat(),
        "last_commit": person.last_commit.isoformat(),
        "languages": {
            name: {
                "level": skill.level,
                "score": rounded(skill.score),
                "commits": skill.commits,
                "lines_added": skill.lines_added,
                "lines_deleted": skill.lines_deleted,
                "weighted_lines": round(skill.weighted_lines, 1),
                "active_weeks": skill.active_weeks,
                "active_months": skill.active_months,
                "first_commit": skill.first_commit.isoformat(),
                "last_commit": skill.last_commit.isoformat(),
                "repositories": {
                    label: {
                        "score": rounded(work.score),
                        "commits": work.commits,
                        "lines_added": work.lines_added,
                        "lines_deleted": work.lines_deleted,
                        "last_commit": work.last_commit.isoformat(),
                    }
                    for label, work in skill.repositories.items()
                },
            }
            for name, skill in person.languages.items()
        },
        "roles": {role: rounded(share) for role, share in person.roles.items()},
        "roles_by_language": {
            language: {
                role: rounded(share) for role, share in role_shares({language: by_role}).items()
            }
            for language, by_role in sorted(person.role_lines.items())
            if role_shares({language: by_role})
        },
        "frameworks": {
            framework_id: {
                "name": skill.name,
                "level": skill.level,
                "score": rounded(skill.score),
                "lines": skill.lines,
                "weighted_lines": round(skill.weighted_lines, 1),
                "files": skill.files,
                "active_weeks": skill.active_weeks,
                "last_commit": skill.last_commit.isoformat(),
                "say": skill.say,
            }
            for framework_id, skill in person.frameworks.items()
        },
    }


def rhythm_json(rhythm: Rhythm) -> dict[str, Any]:
    return {
        "after_hours": {
            "definition": AFTER_HOURS_DEFINITION,
            "team_share": rounded(rhythm.after_hours_share),
            "people": {
                person_id: {
                    "commits": item.commits,
                    "after_hours": item.after_hours,
                    "share": rounded(item.share),
                }
                for person_id, item in rhythm.people.items()
            },
        },
        "trends": list(rhythm.trends),
        "punch_card": {
            "weekdays": list(WEEKDAYS),
            "hours": [list(row) for row in rhythm.punch_card],
        },
        "months": [
            {
                "month": month.month,
                "commits": month.commits,
                "contributors": month.contributors,
                "lines_changed": month.lines_changed,
                "after_hours_share": rounded(month.after_hours_share),
                "joiners": list(month.joiners),
                "leavers": list(month.leavers),
                "languages": {
                    language: {
                        "commits": item.commits,
                        "lines_changed": item.lines_changed,
                        "contributors": item.contributors,
                    }
                    for language, item in month.languages.items()
                },
            }
            for month in rhythm.months
        ],
    }
