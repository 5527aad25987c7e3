"""From a repository to its skills evidence: the one pipeline every command shares.

git history → tally → people → skills and truck factors → SkillsEvidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from datetime import time
from datetime import timedelta
from datetime import timezone

from analyzer.cache import CommitCache
from analyzer.cache import restore_tally
from analyzer.code.evidence import FileFrameworks
from analyzer.config import Settings
from analyzer.evidence import HistoryFacts
from analyzer.evidence import LanguageSkill
from analyzer.evidence import LanguageSummary
from analyzer.evidence import ModelFacts
from analyzer.evidence import PersonSkills
from analyzer.evidence import RepositoryFacts
from analyzer.evidence import SkillsEvidence
from analyzer.files import EXCLUSION_REASONS
from analyzer.files import Classifier
from analyzer.files import HeadTree
from analyzer.files import read_head_tree
from analyzer.framework_skills import read_frameworks
from analyzer.framework_skills import with_frameworks
from analyzer.history import Commit
from analyzer.history import LogOptions
from analyzer.history import ReadStats
from analyzer.history import iter_commits
from analyzer.identity import Contact
from analyzer.identity import Person
from analyzer.identity import apply_mailmap
from analyzer.identity import check_mailmap_file
from analyzer.identity import group_people
from analyzer.identity import is_bot
from analyzer.repo import Repository
from analyzer.repo import read_blob
from analyzer.rhythm import Membership
from analyzer.rhythm import build_rhythm
from analyzer.skills import LEVELS
from analyzer.skills import file_authors
from analyzer.skills import skill_level
from analyzer.skills import skill_score
from analyzer.skills import truck_factor
from analyzer.tally import BulkRule
from analyzer.tally import ContactTally
from analyzer.tally import HistoryTally
from analyzer.tally import LanguageTally

_FULL_SHA = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
PROGRESS_EVERY_COMMITS = 1000


def analyse_skills(
    repo: Repository,
    settings: Settings,
    on_progress: Callable[[int], None] | None = None,
    cache: CommitCache | None = None,
    head: HeadTree | None = None,
    *,
    frameworks: bool = False,
) -> SkillsEvidence:
    """Read REPO's history once and return who knows which language, how well, how recently.

    With CACHE, commits parsed by an earlier run are replayed and only new ones read from git;
    the result is the same either way. FRAMEWORKS adds frameworks per person (a parse of the
    tree's imports, analyzer/framework_skills.py).
    """
    now = _moment(settings)
    _check_mailmap(repo)
    stats = ReadStats()
    options = LogOptions(settings.since, settings.until, settings.include_merges)
    # A cached fold of this HEAD under these settings needs no commits at all.
    folded = cache.load_tally(options, settings) if cache is not None else None
    commits: Iterator[Commit] = iter(())
    if cache is None:
        commits = iter_commits(repo, options, stats)  # git walks while the tree is read
    elif folded is None:
        commits = cache.commits(options, stats)
    head = head if head is not None else read_head_tree(repo)
    classifier = Classifier(head, settings.exclude)
    tally = HistoryTally(
        classifier=classifier,
        is_bot=lambda contact: is_bot(contact[0], contact[1], settings.bots),
        current_files=head.files,
        ignore_revs=read_ignore_revs(repo),
        bulk_rule=BulkRule(settings.bulk_min_lines, settings.bulk_min_files),
    )
    if folded is not None:
        restore_tally(tally, folded)
    for count, commit in enumerate(commits, start=1):
        tally.add(commit)
        if on_progress is not None and count % PROGRESS_EVERY_COMMITS == 0:
            on_progress(count)
    if cache is not None and folded is None:
        cache.save_tally(options, settings, tally, stats)
    team = _Team.build(repo, tally, settings, now)
    counted = _counted_head_files(head, classifier)
    file_authors = _file_authors(counted, tally, team)
    summaries = _language_summaries(head, counted, file_authors, team)
    found = read_frameworks(repo, head, classifier) if frameworks else FileFrameworks({})
    people = with_frameworks(team.people, found.paths, tally.files, team.person_of, now,
                             settings.half_life_days)  # fmt: skip
    return SkillsEvidence(
        repository=RepositoryFacts(
            path=str(repo.path),
            head=repo.head,
            rev=repo.rev,
            bare=repo.bare,
            shallow=repo.shallow,
            commits_analyzed=tally.commits_analyzed,
        ),
        history=HistoryFacts(
            unreadable_commits=stats.unreadable_commits,
            truncated_after=stats.truncated_after,
            bulk_commits=tally.bulk_commits,
            ignored_commits=tally.ignored_commits,
            warnings=(*_warnings(repo, head, tally, stats), *found.warnings),
        ),
        model=ModelFacts(
            as_of=now.date(),
            active_days=settings.active_days,
            half_life_days=settings.half_life_days,
            bulk_min_lines=settings.bulk_min_lines,
            bulk_min_files=settings.bulk_min_files,
            config_source=settings.source,
        ),
        people=people,
        languages=summaries,
        excluded_bots=sorted(tally.bots.items(), key=lambda item: (-item[1], item[0])),
        excluded_paths=_excluded_paths(head, classifier, tally),
        file_authors=file_authors,
        rhythm=build_rhythm(tally.rhythm, team.person_of, _memberships(team.people), now.date()),
    )


def _moment(settings: Settings) -> datetime:
    """'Now' for recency and `active`: the end of --as-of, or the current time."""
    if settings.as_of is None:
        return datetime.now(timezone.utc)
    return datetime.combine(settings.as_of, time(23, 59, 59), tzinfo=timezone.utc)


def _check_mailmap(repo: Repository) -> None:
    if repo.bare:
        raw = read_blob(repo, f"{repo.head}:.mailmap")
    else:
        path = repo.root / ".mailmap"
        raw = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    if raw is not None:
        check_mailmap_file(raw.decode("utf-8", "replace"), ".mailmap")


def read_ignore_revs(repo: Repository) -> frozenset[str]:
    """Full commit ids listed in the analysed revision's `.git-blame-ignore-revs`."""
    raw = read_blob(repo, f"{repo.head}:.git-blame-ignore-revs")
    if raw is None:
        return frozenset()
    lines = (
        line.split("#", 1)[0].strip().lower()
        for line in raw.decode("ascii", "replace").splitlines()
    )
    return frozenset(line for line in lines if _FULL_SHA.match(line))


@dataclass
class _Team:
    """People resolved from contacts, and each contact's person id."""

    people: list[PersonSkills]
    person_of: dict[Contact, str]
    active_ids: frozenset[str]
    names: dict[str, str]

    @classmethod
    def build(
        cls, repo: Repository, tally: HistoryTally, settings: Settings, now: datetime
    ) -> _Team:
        mapped = apply_mailmap(repo, tally.coauthor_contacts)
        contacts: dict[Contact, list[ContactTally]] = {}
        for contact, contact_tally in tally.contacts.items():
            contacts.setdefault(mapped.get(contact, contact), []).append(contact_tally)
        weights = {
            contact: sum(item.authored + item.coauthored for item in items)
            for contact, items in contacts.items()
        }
        by_contact = group_people(weights, settings.aliases)
        members: dict[str, tuple[Person, list[ContactTally]]] = {}
        for contact, items in contacts.items():
            person = by_contact[contact]
            members.setdefault(person.id, (person, []))[1].extend(items)
        people = [
            _person_skills(person, items, settings, now) for person, items in members.values()
        ]
        people.sort(key=lambda person: (not person.active, -person.commits, person.name, person.id))
        person_of = {raw: by_contact[mapped.get(raw, raw)].id for raw in tally.contacts}
        return cls(
            people=people,
            person_of=person_of,
            active_ids=frozenset(person.id for person in people if person.active),
            names={person.id: person.name for person in people},
        )


def _person_skills(
    person: Person, items: list[ContactTally], settings: Settings, now: datetime
) -> PersonSkills:
    languages: dict[str, LanguageTally] = {}
    for item in items:
        for language, language_tally in item.languages.items():
            languages.setdefault(language, LanguageTally()).merge(language_tally)
    skills = {}
    for language, merged in languages.items():
        assert merged.first is not None and merged.last is not None
        days = (now - merged.last).total_seconds() / 86400
        score = skill_score(merged.weighted_lines, len(merged.weeks), days, settings.half_life_days)
        level = skill_level(score)
        if level is None:
            continue
        skills[language] = LanguageSkill(
            level=level,
            score=score,
            commits=merged.commits,
            lines_added=merged.lines_added,
            lines_deleted=merged.lines_deleted,
            weighted_lines=merged.weighted_lines,
            active_weeks=len(merged.weeks),
            active_months=len(merged.months),
            first_commit=merged.first,
            last_commit=merged.last,
        )
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


def _counted_head_files(head: HeadTree, classifier: Classifier) -> dict[str, list[str]]:
    """The analysed revision's counted files, by language."""
    files: dict[str, list[str]] = {}
    for path in head.files:
        file_class = classifier.classify(path)
        if file_class.counts_for_skills and file_class.language is not None:
            files.setdefault(file_class.language, []).append(path)
    return files


def _file_authors(
    counted: Mapping[str, list[str]], tally: HistoryTally, team: _Team
) -> dict[str, dict[str, frozenset[str]]]:
    """Active authors of each current file with history, by language."""
    return {
        language: {
            path: frozenset(_active_authors(tally, path, team))
            for path in paths
            if path in tally.files
        }
        for language, paths in counted.items()
    }


def _language_summaries(
    head: HeadTree,
    files: Mapping[str, list[str]],
    file_authors: Mapping[str, Mapping[str, frozenset[str]]],
    team: _Team,
) -> dict[str, LanguageSummary]:
    sizes: Counter[str] = Counter(
        {
            language: sum(head.files[path].size_bytes for path in paths)
            for language, paths in files.items()
        }
    )
    levels: dict[str, Counter[str]] = {}
    for person in team.people:
        if person.active:
            for language, skill in person.languages.items():
                levels.setdefault(language, Counter())[skill.level] += 1
    total = sum(sizes.values())
    summaries = {}
    for language in set(sizes) | set(levels):
        authors = file_authors.get(language, {})
        factor = truck_factor(authors)
        summaries[language] = LanguageSummary(
            share=sizes[language] / total if total else 0.0,
            bytes=sizes[language],
            files=len(files.get(language, [])),
            truck_factor=factor[0] if factor else None,
            truck_factor_people=tuple(team.names[pid] for pid in factor[1]) if factor else (),
            orphaned_files=sum(1 for found in authors.values() if not found),
            authored_files=len(authors),
            people={level: levels.get(language, Counter())[level] for level in LEVELS},
        )
    return dict(sorted(summaries.items(), key=lambda item: (-item[1].bytes, item[0])))


def _active_authors(tally: HistoryTally, path: str, team: _Team) -> set[str]:
    """Active people who author PATH by Degree of Authorship (departed authors cannot leave)."""
    history = tally.files[path]
    deliveries: Counter[str] = Counter()
    for contact, changes in history.deliveries.items():
        person_id = team.person_of.get(contact)
        if person_id is not None:
            deliveries[person_id] += changes
    creator = team.person_of.get(history.creator) if history.creator else None
    return file_authors(deliveries, creator) & team.active_ids


def _excluded_paths(head: HeadTree, classifier: Classifier, tally: HistoryTally) -> dict[str, int]:
    paths: Mapping[str, set[str]] = {
        reason: set(found) for reason, found in tally.excluded_paths.items()
    }
    for path in head.files:
        reason = classifier.classify(path).excluded
        if reason is not None:
            paths[reason].add(path)
    return {reason: len(paths[reason]) for reason in EXCLUSION_REASONS}


def _warnings(repo: Repository, head: HeadTree, tally: HistoryTally, stats: ReadStats) -> list[str]:
    warnings = []
    if head.blobs_missing:
        warnings.append(
            "file contents are missing (a partial clone?): language shares are unknown and "
            "shebangs, markers and .gitattributes were not read; fix: git fetch --refetch"
        )
    if head.missing_files:
        warnings.append(
            f"the contents of {head.missing_files} file{'s' * (head.missing_files != 1)} of the "
            "analysed revision are missing (a damaged repository or a partial mirror): they "
            "count as empty; fix: git fetch --refetch"
        )
    if repo.shallow:
        warnings.append(
            f"shallow clone: only {tally.commits_analyzed} commits of history are present, so "
            "skills undercount; fix: git fetch --unshallow (GitHub Actions: fetch-depth: 0; "
            "GitLab CI: GIT_DEPTH: 0)"
        )
    if stats.unreadable_commits:
        warnings.append(
            f"{stats.unreadable_commits} of {tally.commits_analyzed} commits could not be read "
            f"(missing objects: a partial clone or a damaged repository; git said: "
            f"{stats.git_message}); they count as commits without line counts; fix: "
            "git fetch --refetch, or analyse a complete clone"
        )
    if stats.truncated_after:
        warnings.append(
            f"history stops at {stats.truncated_after[:12]}: git cannot read further back "
            f"({stats.git_message}); fix: git fsck, or analyse a complete clone"
        )
    return warnings
