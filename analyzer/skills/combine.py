"""From mined repositories to the team's skills evidence: the reduce step every command shares.

One repository or many: contacts → people (same identity rules across repositories) → skills
per person and language (each repository's work judged with its own recency, then combined) →
truck factors over the union of files → SkillsEvidence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from datetime import timezone

from analyzer.config import AS_OF_HEAD
from analyzer.config import Settings
from analyzer.errors import StackfitError
from analyzer.formatting import counted as counted_words
from analyzer.git.log import count_commits
from analyzer.git.repository import Repository
from analyzer.history.cache import CommitCache
from analyzer.history.facts import HistoryFacts
from analyzer.history.facts import RepositoryFacts
from analyzer.history.fold import ContactTally
from analyzer.history.fold import FileHistory
from analyzer.history.fold import LanguageTally
from analyzer.history.fold import merge_months
from analyzer.history.identity import Contact
from analyzer.history.identity import Person
from analyzer.history.identity import PossibleDuplicate
from analyzer.history.identity import SuspectedBot
from analyzer.history.identity import group_people
from analyzer.history.identity import possible_duplicates
from analyzer.history.mine import MinedRepository
from analyzer.history.mine import log_options
from analyzer.history.mine import mine_history
from analyzer.history.rhythm import Membership
from analyzer.history.rhythm import RhythmTally
from analyzer.history.rhythm import build_rhythm
from analyzer.languages.tree import EXCLUSION_REASONS
from analyzer.languages.tree import HeadTree
from analyzer.skills.document import AiAssistance
from analyzer.skills.document import LanguageSkill
from analyzer.skills.document import LanguageSummary
from analyzer.skills.document import ModelFacts
from analyzer.skills.document import PersonSkills
from analyzer.skills.document import RepositoryEntry
from analyzer.skills.document import RepositoryWork
from analyzer.skills.document import SkillsEvidence
from analyzer.skills.document import TruckFactor
from analyzer.skills.frameworks import with_frameworks
from analyzer.skills.model import LEVELS
from analyzer.skills.model import combine_scores
from analyzer.skills.model import file_authors
from analyzer.skills.model import skill_level
from analyzer.skills.model import skill_score
from analyzer.skills.model import truck_factor
from analyzer.skills.roles import with_roles


def commits_to_read(repo: Repository, settings: Settings) -> int:
    """How many commits `analyse_skills` reads, for a progress bar (one `git rev-list --count`)."""
    return count_commits(repo, log_options(settings))


def analyse_skills(
    repo: Repository,
    settings: Settings,
    on_progress: Callable[[int], None] | None = None,
    cache: CommitCache | None = None,
    head: HeadTree | None = None,
    *,
    frameworks: bool = False,
    jobs: int = 1,
) -> SkillsEvidence:
    """Read REPO's history once and return who knows which language, how well, how recently.

    JOBS git processes compute the history's diffs at once.

    FRAMEWORKS adds frameworks per person (a parse of the tree's imports).
    """
    mined = mine_history(repo, settings, on_progress, cache, head, frameworks=frameworks, jobs=jobs)
    return combine([mined], settings)


def combine(mined: Sequence[MinedRepository], settings: Settings) -> SkillsEvidence:
    """The team's evidence from one or more mined repositories, in any order.

    Repositories that failed are listed, never counted. SETTINGS supply the judging (as-of date,
    active days, half-life, aliases); what was counted was settled when each was mined.
    """
    ordered = sorted(mined, key=lambda item: item.key)
    found = [item for item in ordered if item.error is None]
    if not found:
        raise StackfitError(
            "no repository could be read", "see the errors above; fix or leave out those paths"
        )
    labels = repository_labels(found)
    newest = _newest_commit(found)
    now = _moment(settings, newest)
    team = _Team.build(found, labels, settings, now)
    clock = clock_warning(team.people, newest, now, settings.active_days)
    files = _counted_files(found, labels)
    authors = _file_authors(files, team)
    return SkillsEvidence(
        repository=_scope(found, labels),
        history=_history(found, labels, clock),
        model=ModelFacts(
            as_of=now.date(),
            active_days=settings.active_days,
            half_life_days=settings.half_life_days,
            bulk_min_lines=settings.bulk_min_lines,
            bulk_min_files=settings.bulk_min_files,
            config_source=found[0].config_source if len(found) == 1 else settings.source,
        ),
        people=with_roles(
            with_frameworks(
                team.people,
                [(_label(labels, item, found), item.framework_work) for item in found],
                team.person_of,
                now,
                settings.half_life_days,
            ),
            [(_label(labels, item, found), item.role_work) for item in found],
            team.person_of,
            now,
            settings.half_life_days,
        ),
        languages=_language_summaries(files, authors, team),
        excluded_bots=_bots(found),
        ai_assistance=AiAssistance.of(_months(found)),
        excluded_ai_agents=_agents(found),
        possible_duplicates=team.duplicates,
        suspected_bots=_suspected(found),
        excluded_paths={
            reason: sum(item.excluded_paths.get(reason, 0) for item in found)
            for reason in EXCLUSION_REASONS
        },
        file_authors=authors,
        rhythm=build_rhythm(_rhythm(found), team.person_of, _memberships(team.people), now.date()),
        repositories=tuple(_entry(item, labels.get(item.key)) for item in ordered),
        truck_factor=_repository_truck_factor(authors, len(files), team),
    )


def repository_labels(found: Sequence[MinedRepository]) -> dict[tuple[str, str, str], str]:
    """A unique short name per repository: its folder's name, made distinct when two share it."""
    names = Counter(item.name for item in found)
    labels: dict[tuple[str, str, str], str] = {}
    for item in found:
        label = item.name
        if names[item.name] > 1:
            label = f"{item.name}@{item.facts.head[:7]}"
            if sum(1 for other in found if other.name == item.name and
                   other.facts.head[:7] == item.facts.head[:7]) > 1:  # fmt: skip
                label = f"{item.name} ({item.facts.path})"
        labels[item.key] = label
    return labels


def _moment(settings: Settings, newest: datetime | None) -> datetime:
    """'Now' for recency and `active`: the end of --as-of (of the NEWEST commit's day with
    `head`), by default of today's date in UTC.

    A date, not the current second: two runs on the same day give the same document.
    """
    if settings.as_of == AS_OF_HEAD and newest is not None:
        as_of = newest.astimezone(timezone.utc).date()
    elif isinstance(settings.as_of, date):
        as_of = settings.as_of
    else:
        as_of = datetime.now(timezone.utc).date()
    return datetime.combine(as_of, time(23, 59, 59), tzinfo=timezone.utc)


def _newest_commit(found: Sequence[MinedRepository]) -> datetime | None:
    """The author date of the newest commit counted (bots aside), across the repositories."""
    dates = [tally.last for item in found for tally in item.contacts.values() if tally.last]
    return max(dates) if dates else None


def clock_warning(
    people: Sequence[PersonSkills], newest: datetime | None, now: datetime, active_days: int
) -> str | None:
    """One line when the as-of date is far past the history: nobody active, or the newest
    commit older than half the active window, and the option that shows the team as it was."""
    if newest is None:
        return None
    age_days = (now - newest).days
    active = sum(1 for person in people if person.active)
    if active and age_days * 2 <= active_days:
        return None
    verb = "is" if active == 1 else "are"
    who = f"{active} of {len(people)} people {verb} active on old work" if active else ""
    who = who or "nobody is active"
    day = newest.astimezone(timezone.utc)
    return (
        f"the newest commit is from {day:%Y-%m-%d}, {counted_words(age_days, 'day')} before the "
        f"as-of date {now:%Y-%m-%d}, so {who} (active: a commit in {active_days} days); "
        f"add --as-of {AS_OF_HEAD} to see the team as it was"
    )


def _entry(item: MinedRepository, label: str | None) -> RepositoryEntry:
    return RepositoryEntry(name=label or item.name, facts=item.facts, error=item.error,
                           root=item.root)  # fmt: skip


def _scope(
    found: Sequence[MinedRepository], labels: Mapping[tuple[str, str, str], str]
) -> RepositoryFacts:
    """The one repository's facts, or a summary of several."""
    if len(found) == 1:
        return found[0].facts
    revs = {item.facts.rev for item in found}
    return RepositoryFacts(
        path=f"{len(found)} repositories ({', '.join(labels[item.key] for item in found)})",
        head="",
        rev=revs.pop() if len(revs) == 1 else "several revisions",
        bare=False,
        shallow=any(item.facts.shallow for item in found),
        commits_analyzed=sum(item.facts.commits_analyzed for item in found),
    )


def _history(
    found: Sequence[MinedRepository],
    labels: Mapping[tuple[str, str, str], str],
    clock: str | None,
) -> HistoryFacts:
    several = len(found) > 1
    truncated = [item.history.truncated_after for item in found if item.history.truncated_after]
    return HistoryFacts(
        unreadable_commits=sum(item.history.unreadable_commits for item in found),
        truncated_after=truncated[0] if truncated else None,
        bulk_commits=sum(item.history.bulk_commits for item in found),
        ignored_commits=sum(item.history.ignored_commits for item in found),
        future_commits=sum(item.history.future_commits for item in found),
        warnings=tuple(
            f"{labels[item.key]}: {warning}" if several else warning
            for item in found
            for warning in item.history.warnings
        )
        + ((clock,) if clock else ()),
    )


def _bots(found: Sequence[MinedRepository]) -> list[tuple[str, int]]:
    bots: Counter[str] = Counter()
    for item in found:
        bots.update(item.bots)
    return sorted(bots.items(), key=lambda item: (-item[1], item[0]))


def _agents(found: Sequence[MinedRepository]) -> list[tuple[str, int]]:
    agents: Counter[str] = Counter()
    for item in found:
        agents.update(item.ai_agents)
    return sorted(agents.items(), key=lambda item: (-item[1], item[0]))


def _months(found: Sequence[MinedRepository]) -> dict[str, list[int]]:
    months: dict[str, list[int]] = {}
    for item in found:
        merge_months(months, item.months)
    return months


def _suspected(found: Sequence[MinedRepository]) -> list[SuspectedBot]:
    """Authors whose commits look automated, most commits first (config `bots` confirms)."""
    suspects = [
        SuspectedBot(name, email, commits, why)
        for item in found
        for (name, email), (commits, why) in item.suspected_bots.items()
    ]
    return sorted(suspects, key=lambda bot: (-bot.commits, bot.name, bot.email))


def _rhythm(found: Sequence[MinedRepository]) -> RhythmTally:
    if len(found) == 1:
        return found[0].rhythm
    merged = RhythmTally()
    for item in found:
        merged.merge(item.rhythm)
    return merged


@dataclass
class _Team:
    """People resolved from contacts across repositories, and each contact's person id."""

    people: list[PersonSkills]
    person_of: dict[Contact, str]
    active_ids: frozenset[str]
    names: dict[str, str]
    duplicates: list[PossibleDuplicate]

    @classmethod
    def build(
        cls,
        found: Sequence[MinedRepository],
        labels: Mapping[tuple[str, str, str], str],
        settings: Settings,
        now: datetime,
    ) -> _Team:
        weights: Counter[Contact] = Counter()
        for item in found:
            for contact, tally in item.contacts.items():
                weights[contact] += tally.authored + tally.coauthored
        aliases: dict[str, tuple[str, ...]] = {}
        for item in found:
            for name, others in item.mined_with.aliases.items():
                aliases[name] = (*aliases.get(name, ()), *others)
        for name, others in settings.aliases.items():
            aliases[name] = (*aliases.get(name, ()), *others)
        by_contact = group_people(weights, aliases)
        members: dict[str, tuple[Person, dict[str, list[ContactTally]]]] = {}
        for item in found:
            for contact in sorted(item.contacts):
                person = by_contact[contact]
                work = members.setdefault(person.id, (person, {}))[1]
                work.setdefault(labels[item.key], []).append(item.contacts[contact])
        people = [_person_skills(person, work, settings, now) for person, work in members.values()]
        people.sort(key=lambda person: (not person.active, -person.commits, person.name, person.id))
        return cls(
            people=people,
            person_of={contact: person.id for contact, person in by_contact.items()},
            active_ids=frozenset(person.id for person in people if person.active),
            names={person.id: person.name for person in people},
            duplicates=possible_duplicates(by_contact, weights),
        )


def _person_skills(
    person: Person,
    work: Mapping[str, list[ContactTally]],
    settings: Settings,
    now: datetime,
) -> PersonSkills:
    """A person's skills: each repository's work scored with its own recency, then combined."""
    per_language: dict[str, dict[str, LanguageTally]] = {}
    for label in sorted(work):
        for item in work[label]:
            for language, language_tally in item.languages.items():
                repositories = per_language.setdefault(language, {})
                repositories.setdefault(label, LanguageTally()).merge(language_tally)
    skills = {}
    for language, repositories in per_language.items():
        skill = _language_skill(repositories, settings, now)
        if skill is not None:
            skills[language] = skill
    items = [item for label in sorted(work) for item in work[label]]
    months: dict[str, list[int]] = {}
    for item in items:
        merge_months(months, item.months)
    first = min(item.first for item in items if item.first is not None)
    last = max(item.last for item in items if item.last is not None)
    return PersonSkills(
        id=person.id,
        name=person.name,
        names=person.names,
        emails=person.emails,
        active=last >= now - timedelta(days=settings.active_days),
        commits=sum(item.authored for item in items),
        coauthored_commits=sum(item.coauthored for item in items),
        first_commit=first,
        last_commit=last,
        languages=dict(sorted(skills.items(), key=lambda item: (-item[1].score, item[0]))),
        ai_assistance=AiAssistance.of(months),
    )


def _language_skill(
    repositories: Mapping[str, LanguageTally], settings: Settings, now: datetime
) -> LanguageSkill | None:
    """One language's skill over the repositories a person wrote it in; None below familiar."""
    scores = {}
    for label, work in repositories.items():
        assert work.last is not None
        days = (now - work.last).total_seconds() / 86400
        scores[label] = skill_score(work.weighted_lines, len(work.weeks), days,
                                    settings.half_life_days)  # fmt: skip
    score = combine_scores(scores[label] for label in sorted(scores))
    level = skill_level(score)
    if level is None:
        return None
    total = LanguageTally()
    for label in sorted(repositories):
        total.merge(repositories[label])
    assert total.first is not None and total.last is not None
    return LanguageSkill(
        level=level,
        score=score,
        commits=total.commits,
        lines_added=total.lines_added,
        lines_deleted=total.lines_deleted,
        weighted_lines=total.weighted_lines,
        active_weeks=len(total.weeks),
        active_months=len(total.months),
        first_commit=total.first,
        last_commit=total.last,
        repositories={
            label: RepositoryWork(
                score=scores[label],
                commits=work.commits,
                lines_added=work.lines_added,
                lines_deleted=work.lines_deleted,
                last_commit=work.last,  # type: ignore[arg-type]
            )
            for label, work in sorted(repositories.items())
        },
    )


def _memberships(people: list[PersonSkills]) -> list[Membership]:
    return [
        Membership(
            id=person.id,
            name=person.name,
            first_month=f"{person.first_commit.year:04d}-{person.first_commit.month:02d}",
            last_month=f"{person.last_commit.year:04d}-{person.last_commit.month:02d}",
            active=person.active,
        )
        for person in people
    ]


@dataclass(frozen=True)
class _File:
    language: str
    bytes: int
    history: FileHistory | None
    frameworks: tuple[str, ...]


def _counted_files(
    found: Sequence[MinedRepository], labels: Mapping[tuple[str, str, str], str]
) -> dict[str, _File]:
    """Every repository's counted files, keyed `label/path` when there are several."""
    several = len(found) > 1
    files = {}
    for item in found:
        for path, counted in item.files.items():
            key = f"{labels[item.key]}/{path}" if several else path
            files[key] = _File(
                counted.language,
                counted.bytes,
                item.file_histories.get(path),
                item.file_frameworks.get(path, ()),
            )
    return files


def _file_authors(files: Mapping[str, _File], team: _Team) -> dict[str, dict[str, frozenset[str]]]:
    """Active authors of each current file with history, by language."""
    authors: dict[str, dict[str, frozenset[str]]] = {}
    for key, counted in files.items():
        languages = authors.setdefault(counted.language, {})
        if counted.history is not None:
            languages[key] = frozenset(_active_authors(counted.history, team))
    return authors


def _active_authors(history: FileHistory, team: _Team) -> set[str]:
    """Active people who author a file by Degree of Authorship (departed authors cannot leave)."""
    deliveries: dict[str, int] = {}
    person_of = team.person_of
    for contact, changes in history.deliveries.items():
        person_id = person_of.get(contact)
        if person_id is not None:
            deliveries[person_id] = deliveries.get(person_id, 0) + changes
    creator = team.person_of.get(history.creator) if history.creator else None
    if creator is not None and deliveries.get(creator):
        deliveries[creator] -= 1  # creating the file is first authorship, not also a delivery
    return file_authors(deliveries, creator) & team.active_ids


def _language_summaries(
    files: Mapping[str, _File],
    file_authors: Mapping[str, Mapping[str, frozenset[str]]],
    team: _Team,
) -> dict[str, LanguageSummary]:
    sizes: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for counted in files.values():
        sizes[counted.language] += counted.bytes
        counts[counted.language] += 1
    levels: dict[str, Counter[str]] = {}
    for person in team.people:
        if person.active:
            for language, skill in person.languages.items():
                levels.setdefault(language, Counter())[skill.level] += 1
    total = sum(sizes.values())
    summaries = {}
    for language in set(sizes) | set(levels):
        authors = file_authors.get(language, {})
        factor = known_truck_factor(authors, counts[language])
        summaries[language] = LanguageSummary(
            share=sizes[language] / total if total else 0.0,
            bytes=sizes[language],
            files=counts[language],
            truck_factor=factor[0] if factor else None,
            truck_factor_people=tuple(team.names[pid] for pid in factor[1]) if factor else (),
            orphaned_files=sum(1 for found in authors.values() if not found),
            authored_files=len(authors),
            people={level: levels.get(language, Counter())[level] for level in LEVELS},
        )
    return dict(sorted(summaries.items(), key=lambda item: (-item[1].bytes, item[0])))


def known_truck_factor(
    authors: Mapping[str, frozenset[str]], files: int
) -> tuple[int, list[str]] | None:
    """The truck factor over the files with known authorship, of FILES in all; None when most
    have none (merges alone brought them in): naming the few authors would blame one person
    for code nobody here wrote."""
    if len(authors) * 2 < files:
        return None
    return truck_factor(authors)


def _repository_truck_factor(
    file_authors: Mapping[str, Mapping[str, frozenset[str]]], files: int, team: _Team
) -> TruckFactor:
    """The truck factor of the whole repository (or team): every counted file, any language."""
    every = {key: found for authors in file_authors.values() for key, found in authors.items()}
    factor = known_truck_factor(every, files)
    return TruckFactor(
        value=factor[0] if factor else None,
        people=tuple(team.names[pid] for pid in factor[1]) if factor else (),
        files=len(every),
        orphaned_files=sum(1 for found in every.values() if not found),
        unknown_authorship_files=files - len(every),
    )


def _label(
    labels: Mapping[tuple[str, str, str], str],
    item: MinedRepository,
    found: Sequence[MinedRepository],
) -> str | None:
    """The repository's label when there are several (it prefixes paths), else None."""
    return labels[item.key] if len(found) > 1 else None
