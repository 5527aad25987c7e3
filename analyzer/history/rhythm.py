"""How the team works over time: activity per month, joiners and leavers, a punch card in each
author's own time zone, the after-hours share, and the trends a lead would worry about.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from typing import TypeVar

from analyzer.git.log import Commit
from analyzer.history.identity import Contact

# After hours: before 08:00, from 19:00, or on Saturday and Sunday, in the author's own zone.
WORKDAY_START_HOUR = 8
WORKDAY_END_HOUR = 19
WEEKEND = frozenset({5, 6})  # Monday is 0
AFTER_HOURS_DEFINITION = "outside 08:00–19:00 or at weekends, in the author's own time zone"
# Trends compare the last TREND_MONTHS complete months (the month of "today" is still running)
# with the TREND_MONTHS before them.
TREND_MONTHS = 3
AFTER_HOURS_RISE_POINTS = 0.05  # a rise of five percentage points is worth saying
CONTRIBUTORS_FALL_SHARE = 0.2  # a fall of a fifth in monthly contributors is worth saying

_Key = TypeVar("_Key", str, tuple[str, str])


def is_after_hours(weekday: int, hour: int) -> bool:
    return weekday in WEEKEND or not WORKDAY_START_HOUR <= hour < WORKDAY_END_HOUR


@dataclass
class RhythmTally:
    """Counts per month and per contact, from commits in any order (bots are skipped upstream)."""

    commits_by_month: Counter[str] = field(default_factory=Counter)
    lines_by_month: Counter[str] = field(default_factory=Counter)
    after_hours_by_month: Counter[str] = field(default_factory=Counter)
    contacts_by_month: dict[str, set[Contact]] = field(default_factory=dict)
    punch_card: list[list[int]] = field(default_factory=lambda: [[0] * 24 for _ in range(7)])
    commits_by_contact: Counter[Contact] = field(default_factory=Counter)
    after_hours_by_contact: Counter[Contact] = field(default_factory=Counter)
    # Keyed by (month, language): commits touching a counted file of the language, and its lines.
    commits_by_month_language: Counter[tuple[str, str]] = field(default_factory=Counter)
    lines_by_month_language: Counter[tuple[str, str]] = field(default_factory=Counter)
    contacts_by_month_language: dict[tuple[str, str], set[Contact]] = field(default_factory=dict)

    def add(
        self, commit: Commit, lines_changed: int, lines_by_language: Mapping[str, int] | None = None
    ) -> None:
        """Count COMMIT; LINES_BY_LANGUAGE holds every language it touches (0 lines included)."""
        moment = commit.authored_at
        month = f"{moment.year:04d}-{moment.month:02d}"
        weekday, hour = moment.weekday(), moment.hour
        contact = (commit.author_name, commit.author_email)
        late = is_after_hours(weekday, hour)
        self.commits_by_month[month] += 1
        self.lines_by_month[month] += lines_changed
        self.after_hours_by_month[month] += late
        self.contacts_by_month.setdefault(month, set()).add(contact)
        self.punch_card[weekday][hour] += 1
        self.commits_by_contact[contact] += 1
        self.after_hours_by_contact[contact] += late
        for language, lines in (lines_by_language or {}).items():
            key = (month, language)
            self.commits_by_month_language[key] += 1
            self.lines_by_month_language[key] += lines
            self.contacts_by_month_language.setdefault(key, set()).add(contact)

    def merge(self, other: RhythmTally) -> None:
        """Add OTHER's counts into this tally (histories of several repositories, say)."""
        self.commits_by_month.update(other.commits_by_month)
        self.lines_by_month.update(other.lines_by_month)
        self.after_hours_by_month.update(other.after_hours_by_month)
        _union_into(self.contacts_by_month, other.contacts_by_month)
        for row, other_row in zip(self.punch_card, other.punch_card, strict=True):
            row[:] = [mine + theirs for mine, theirs in zip(row, other_row, strict=True)]
        self.commits_by_contact.update(other.commits_by_contact)
        self.after_hours_by_contact.update(other.after_hours_by_contact)
        self.commits_by_month_language.update(other.commits_by_month_language)
        self.lines_by_month_language.update(other.lines_by_month_language)
        _union_into(self.contacts_by_month_language, other.contacts_by_month_language)


def _union_into(target: dict[_Key, set[Contact]], source: Mapping[_Key, set[Contact]]) -> None:
    for key, contacts in source.items():
        target.setdefault(key, set()).update(contacts)


@dataclass(frozen=True)
class LanguageMonth:
    """One language's activity in one month: a commit touching two languages counts in both."""

    commits: int
    lines_changed: int
    contributors: int


@dataclass(frozen=True)
class Month:
    month: str
    commits: int
    contributors: int
    lines_changed: int
    after_hours_share: float
    joiners: tuple[str, ...]  # names of people whose first commit falls in this month
    leavers: tuple[str, ...]  # names of people no longer active whose last commit falls here
    # By language, most commits first (then most lines, then by name).
    languages: Mapping[str, LanguageMonth] = field(default_factory=dict)


@dataclass(frozen=True)
class PersonRhythm:
    commits: int
    after_hours: int
    share: float


@dataclass(frozen=True)
class Rhythm:
    months: tuple[Month, ...]
    punch_card: tuple[tuple[int, ...], ...]  # 7 weekdays (Monday first) × 24 hours
    after_hours_share: float
    people: dict[str, PersonRhythm]  # by person id
    trends: tuple[str, ...]


@dataclass(frozen=True)
class Membership:
    """What rhythm needs to know of a person: their id, name, span and whether they are active."""

    id: str
    name: str
    first_month: str
    last_month: str
    active: bool


def build_rhythm(
    tally: RhythmTally,
    person_of: Mapping[Contact, str],
    members: Sequence[Membership],
    as_of: date,
) -> Rhythm:
    """Resolve contacts to people and derive months, shares and trends."""
    months = _months(tally, person_of, members)
    people: dict[str, list[int]] = {}
    for contact, commits in tally.commits_by_contact.items():
        person_id = person_of.get(contact)
        if person_id is not None:
            counts = people.setdefault(person_id, [0, 0])
            counts[0] += commits
            counts[1] += tally.after_hours_by_contact[contact]
    total = sum(tally.commits_by_month.values())
    late = sum(tally.after_hours_by_month.values())
    return Rhythm(
        months=months,
        punch_card=tuple(tuple(row) for row in tally.punch_card),
        after_hours_share=late / total if total else 0.0,
        people={
            person_id: PersonRhythm(commits, after, after / commits if commits else 0.0)
            for person_id, (commits, after) in sorted(people.items())
        },
        trends=tuple(trends(months, as_of)),
    )


def _months(
    tally: RhythmTally, person_of: Mapping[Contact, str], members: Sequence[Membership]
) -> tuple[Month, ...]:
    joiners: dict[str, list[str]] = {}
    leavers: dict[str, list[str]] = {}
    for member in members:
        joiners.setdefault(member.first_month, []).append(member.name)
        if not member.active:
            leavers.setdefault(member.last_month, []).append(member.name)
    by_month = _languages_by_month(tally, person_of)
    result = []
    for month in sorted(tally.commits_by_month):
        commits = tally.commits_by_month[month]
        people = _people(tally.contacts_by_month[month], person_of)
        result.append(
            Month(
                month=month,
                commits=commits,
                contributors=len(people),
                lines_changed=tally.lines_by_month[month],
                after_hours_share=tally.after_hours_by_month[month] / commits,
                joiners=tuple(sorted(joiners.get(month, []))),
                leavers=tuple(sorted(leavers.get(month, []))),
                languages=by_month.get(month, {}),
            )
        )
    return tuple(result)


def _people(contacts: set[Contact], person_of: Mapping[Contact, str]) -> set[str]:
    return {person_of.get(contact, str(contact)) for contact in contacts}


def _languages_by_month(
    tally: RhythmTally, person_of: Mapping[Contact, str]
) -> dict[str, dict[str, LanguageMonth]]:
    """Per month, each language's commits, lines and distinct people, most commits first."""
    found: dict[str, list[tuple[str, LanguageMonth]]] = {}
    for key, commits in tally.commits_by_month_language.items():
        month, language = key
        people = _people(tally.contacts_by_month_language[key], person_of)
        item = LanguageMonth(commits, tally.lines_by_month_language[key], len(people))
        found.setdefault(month, []).append((language, item))
    return {
        month: dict(
            sorted(items, key=lambda pair: (-pair[1].commits, -pair[1].lines_changed, pair[0]))
        )
        for month, items in found.items()
    }


def _month_back(month: str, count: int) -> str:
    year, number = int(month[:4]), int(month[5:7])
    index = year * 12 + number - 1 - count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def trends(months: Sequence[Month], as_of: date) -> list[str]:
    """Plain sentences for what moved between the last TREND_MONTHS months and those before.

    A history that stops before the as-of date's last full month is not read as people leaving:
    the old-HEAD warning says that once, with the option that shows the team as it was."""
    current = f"{as_of.year:04d}-{as_of.month:02d}"
    by_month = {month.month: month for month in months}
    recent = [by_month.get(_month_back(current, back)) for back in range(1, TREND_MONTHS + 1)]
    earlier = [
        by_month.get(_month_back(current, back))
        for back in range(TREND_MONTHS + 1, 2 * TREND_MONTHS + 1)
    ]
    sentences = []
    recent_commits = sum(month.commits for month in recent if month)
    earlier_commits = sum(month.commits for month in earlier if month)
    if recent_commits and earlier_commits:
        recent_share = sum(m.after_hours_share * m.commits for m in recent if m) / recent_commits
        earlier_share = sum(m.after_hours_share * m.commits for m in earlier if m) / earlier_commits
        if recent_share - earlier_share >= AFTER_HOURS_RISE_POINTS:
            sentences.append(
                f"After-hours work is rising: {recent_share:.0%} of commits in the last "
                f"{TREND_MONTHS} months, up from {earlier_share:.0%} in the {TREND_MONTHS} before."
            )
    if not recent[0]:  # the history ends before the last full month: no fall, just its end
        return sentences
    recent_people = sum(month.contributors for month in recent if month) / TREND_MONTHS
    earlier_people = sum(month.contributors for month in earlier if month) / TREND_MONTHS
    if (
        earlier_people
        and (earlier_people - recent_people) / earlier_people >= CONTRIBUTORS_FALL_SHARE
    ):
        sentences.append(
            f"Fewer people are contributing: {recent_people:.1f} a month in the last "
            f"{TREND_MONTHS} months, down from {earlier_people:.1f}."
        )
    return sentences
