"""The map step: one repository's history folded into counts that can be merged with others'.

A `MinedRepository` holds what the skill model needs and nothing it can recompute: per contact
(after .mailmap) the work per language, per current file the Degree-of-Authorship inputs, the
team's rhythm, and the tree's counted files with their sizes. No source text. Settings that decide
what was counted (exclusions, bots, bulk rule, dates) apply here; settings that decide how it is
judged (as-of date, half-life, active days, aliases) apply when repositories are combined.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from datetime import timezone
from pathlib import Path
from typing import Any

from analyzer.code.document import FileFrameworks
from analyzer.code.document import WorkloadKind
from analyzer.config import Settings
from analyzer.errors import StackfitError
from analyzer.formatting import plural
from analyzer.git.log import LogOptions
from analyzer.git.log import ReadStats
from analyzer.git.repository import Repository
from analyzer.git.repository import read_blob
from analyzer.history.automation import looks_automated
from analyzer.history.cache import CommitCache
from analyzer.history.cache import FoldSettings
from analyzer.history.cache import FoldSnapshot
from analyzer.history.cache import Plan
from analyzer.history.cache import fresh_plan
from analyzer.history.cache import keeps_fold
from analyzer.history.cache_format import fold_state
from analyzer.history.cache_format import restore_tally
from analyzer.history.facts import HistoryFacts
from analyzer.history.facts import RepositoryFacts
from analyzer.history.fold import BulkRule
from analyzer.history.fold import ContactTally
from analyzer.history.fold import FileHistory
from analyzer.history.fold import HistoryTally
from analyzer.history.frameworks import ContactWork
from analyzer.history.frameworks import contact_work
from analyzer.history.frameworks import read_frameworks
from analyzer.history.identity import Contact
from analyzer.history.identity import apply_mailmap
from analyzer.history.identity import is_bot
from analyzer.history.identity import mailmap_warning
from analyzer.history.identity import skipped_mailmap_lines
from analyzer.history.rhythm import RhythmTally
from analyzer.history.roles import file_roles
from analyzer.languages.tree import EXCLUSION_REASONS
from analyzer.languages.tree import Classifier
from analyzer.languages.tree import HeadTree
from analyzer.languages.tree import read_head_tree
from analyzer.languages.tree import unknown_languages_warning
from analyzer.safe_files import FileTooLarge
from analyzer.safe_files import read_regular_file
from analyzer.safe_files import special_kind

PROGRESS_EVERY_COMMITS = 100
MAX_MAILMAP_BYTES = 16 << 20  # a .mailmap of a hundred thousand people fits


@dataclass(frozen=True)
class CountedFile:
    """A file of the analysed revision that counts for skills: its language and size."""

    language: str
    bytes: int


@dataclass(frozen=True)
class CodeFacts:
    """What the recommendation reads of a tree: per stack what exists, and the workload kinds."""

    operations: Mapping[str, tuple[str, ...]]
    workload: Mapping[str, WorkloadKind] | None  # None when the code was not scanned


@dataclass(frozen=True)
class MiningSettings:
    """The settings that decided what was counted; recorded so a merge can tell them apart."""

    since: str | None
    until: str | None
    include_merges: bool
    exclude: tuple[str, ...]
    bots: tuple[str, ...]
    bulk_min_lines: int
    bulk_min_files: int
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, settings: Settings) -> MiningSettings:
        return cls(
            since=settings.since,
            until=settings.until,
            include_merges=settings.include_merges,
            exclude=tuple(settings.exclude),
            bots=tuple(settings.bots),
            bulk_min_lines=settings.bulk_min_lines,
            bulk_min_files=settings.bulk_min_files,
            aliases={name: tuple(items) for name, items in sorted(settings.aliases.items())},
        )


@dataclass
class MinedRepository:
    """One repository's folded history, every contact already through its .mailmap."""

    name: str  # the folder's name: what reports call the repository
    facts: RepositoryFacts
    history: HistoryFacts
    mined_with: MiningSettings
    contacts: dict[Contact, ContactTally] = field(default_factory=dict)
    files: dict[str, CountedFile] = field(default_factory=dict)
    file_histories: dict[str, FileHistory] = field(default_factory=dict)  # authorship only
    rhythm: RhythmTally = field(default_factory=RhythmTally)
    bots: Counter[str] = field(default_factory=Counter)
    ai_agents: Counter[str] = field(default_factory=Counter)  # agent → commits it took part in
    months: dict[str, list[int]] = field(default_factory=dict)  # fold.ContactTally.months
    suspected_bots: dict[Contact, tuple[int, str]] = field(default_factory=dict)  # commits, why
    excluded_paths: dict[str, int] = field(default_factory=dict)
    config_source: str = "defaults"
    root: str | None = None  # the root commit: the key of stable pseudonyms
    file_frameworks: dict[str, tuple[str, ...]] = field(default_factory=dict)  # ids per path
    framework_work: ContactWork = field(default_factory=dict)  # framework_skills.contact_work
    role_work: ContactWork = field(default_factory=dict)  # "role:language" → work (roles.py)
    code: CodeFacts | None = None
    error: str | None = None  # why it could not be mined (then nothing else is filled)

    @property
    def key(self) -> tuple[str, str, str]:
        """Identity in a merge: the same repository mined twice at the same commit is one."""
        return (self.name, self.facts.path, self.facts.head)


def log_options(settings: Settings) -> LogOptions:
    """The commit filters of SETTINGS, as the history reader takes them."""
    return FoldSettings.of(settings).log_options


def repository_name(repo: Repository) -> str:
    """`api` for /src/api and for /srv/git/api.git."""
    name = repo.root.name if not repo.bare else repo.git_dir.name
    if repo.bare and name == ".git":
        name = repo.git_dir.parent.name
    return name.removesuffix(".git") or str(repo.path)


def failed_repository(path: str, error: str) -> MinedRepository:
    """A repository that could not be read: reported, never counted."""
    facts = RepositoryFacts(path, "", "", False, False, 0)
    history = HistoryFacts(0, None, 0, 0, ())
    mined_with = MiningSettings(None, None, False, (), (), 0, 0)
    name = path.rstrip("/").rsplit("/", 1)[-1] or path
    return MinedRepository(name, facts, history, mined_with, error=error)


def mine_history(
    repo: Repository,
    settings: Settings,
    on_progress: Callable[[int], None] | None = None,
    cache: CommitCache | None = None,
    head: HeadTree | None = None,
    *,
    frameworks: bool = False,
    jobs: int = 1,
) -> MinedRepository:
    """Read REPO's history once into a MinedRepository.

    JOBS git processes compute the diffs at once (analyzer/git/walk.py); the result is the same.

    FRAMEWORKS adds which current files use which framework (a parse of the tree's imports,
    analyzer/history/frameworks.py), for frameworks per person.

    With CACHE, the plan it gives (cache.Plan) says how much is left to do; the result is the
    same either way. ON_PROGRESS gets the count of commits read: 0 before the first, every
    PROGRESS_EVERY_COMMITS, and the total at the end (never when a cached fold needs no commits).
    """
    mailmap_warnings = _check_mailmap(repo)
    key = FoldSettings.of(settings)
    variant = "frameworks" if frameworks else "plain"
    stats = ReadStats()
    if cache is None:
        plan = fresh_plan(repo, key.log_options, stats, jobs)  # git walks as the tree is read
    else:
        plan = cache.plan_fold(key, variant, stats, jobs)
    if plan.kind == "done":
        return _as_opened(plan.mined, repo, settings)
    if head is None:
        head = read_head_tree(repo, known=cache.known_blobs() if cache is not None else None)
    ignore_revs = read_ignore_revs(repo)
    facts = FoldFacts.of(head, ignore_revs, settings.include_merges)
    if cache is not None and plan.fold and not extends(plan.fold.facts, facts, plan.fold.state):
        plan = cache.history(key.log_options, stats, jobs)
    classifier = Classifier(head, settings.exclude)
    tally = HistoryTally(
        classifier=classifier,
        is_bot=lambda contact: is_bot(contact[0], contact[1], settings.bots),
        current_files=head.files,
        ignore_revs=ignore_revs,
        bulk_rule=BulkRule(settings.bulk_min_lines, settings.bulk_min_files),
        future_after=future_cutoff(settings.as_of),
    )
    # The tree's imports are read while git computes the first diffs (the walk has started).
    found = read_frameworks(repo, head, classifier) if frameworks else FileFrameworks({})
    unreadable = _fold(tally, plan, stats, on_progress)
    mined = _mined(repo, settings, head, classifier, tally, stats, found, mailmap_warnings)
    if cache is not None:
        cache.save_known_blobs(head)
        fold = None
        if keeps_fold(stats, tally.future_commits):
            fold = FoldSnapshot(repo.head, fold_state(tally), facts, stats, unreadable)
        # Blobs missing from the tree give the same result while they stay missing: kept with
        # them, checked on the next run. A partial clone's (every size unknown) and a framework
        # read that failed (an OS error, a broken worker pool: the machine, not HEAD) are not.
        complete = fold is not None and not (found.warnings or head.blobs_missing)
        cache.save_result(
            key, variant, mined if complete else None, fold, missing=head.missing_blobs
        )
    return mined


def _fold(
    tally: HistoryTally,
    plan: Plan,
    stats: ReadStats,
    on_progress: Callable[[int], None] | None,
) -> tuple[str, ...]:
    """Fold PLAN's commits into TALLY, then the earlier fold they extend; the shas of the
    commits git could not read (STATS gets the earlier fold's counts too)."""
    earlier = plan.fold
    unreadable: list[str] = []
    if earlier is not None and not plan.commits:  # this HEAD's own fold: no commit to read
        restore_tally(tally, earlier.state)
    elif on_progress is not None:
        on_progress(0)
    count = 0
    for count, commit in enumerate(plan.commits, start=1):
        tally.add(commit)
        if not commit.readable:
            unreadable.append(commit.sha)
        if on_progress is not None and count % PROGRESS_EVERY_COMMITS == 0:
            on_progress(count)
    if on_progress is not None and count % PROGRESS_EVERY_COMMITS:
        on_progress(count)
    if earlier is None:
        return tuple(unreadable)
    if plan.commits:
        tally.absorb_older(earlier.state)
    # The earlier commits come last in git's walk: the message is theirs when they failed.
    stats.unreadable_commits += earlier.stats.unreadable_commits
    stats.unreadable_examples[:] = [*stats.unreadable_examples, *earlier.stats.unreadable_examples][
        :3
    ]
    stats.git_message = earlier.stats.git_message or stats.git_message
    stats.redated_commits += earlier.stats.redated_commits
    return (*unreadable, *earlier.unreadable)


def _mined(
    repo: Repository,
    settings: Settings,
    head: HeadTree,
    classifier: Classifier,
    tally: HistoryTally,
    stats: ReadStats,
    found: FileFrameworks,
    mailmap_warnings: Sequence[str],
) -> MinedRepository:
    """The folded TALLY as what the skill model reads: contacts through the .mailmap, only
    the files that count."""
    counted = _counted_files(head, classifier)
    mapped = apply_mailmap(repo, tally.coauthor_contacts)
    histories = {
        path: _mapped_history(history, mapped)
        for path, history in tally.files.items()
        if path in counted
    }
    file_frameworks = {
        path: tuple(ids) for path, ids in sorted(found.paths.items()) if path in counted
    }
    return MinedRepository(
        name=repository_name(repo),
        facts=RepositoryFacts(
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
            future_commits=tally.future_commits,
            warnings=(*mailmap_warnings, *_warnings(repo, head, tally, stats), *found.warnings),
        ),
        mined_with=MiningSettings.of(settings),
        contacts=_mapped_contacts(tally.contacts, mapped),
        files=counted,
        file_histories={path: _authorship(history) for path, history in histories.items()},
        framework_work=contact_work(file_frameworks, histories),
        role_work=contact_work(
            file_roles({path: item.language for path, item in counted.items()}, file_frameworks),
            histories,
        ),
        rhythm=tally.rhythm,  # authors only: git's %aN/%aE already applied the .mailmap
        bots=tally.bots,
        ai_agents=tally.ai_agents,
        months=tally.months,
        suspected_bots={
            contact: (signs[0], why)
            for contact, signs in sorted(tally.automation.items())
            if (why := looks_automated(signs)) is not None
        },
        excluded_paths=_excluded_paths(head, classifier, tally),
        config_source=settings.source,
        file_frameworks=file_frameworks,
    )


def _as_opened(mined: MinedRepository, repo: Repository, settings: Settings) -> MinedRepository:
    """A cached result, named as this run opened the repository (a subfolder, another --rev),
    with this run's settings that apply after the fold (aliases, the config's source)."""
    facts = replace(mined.facts, path=str(repo.path), rev=repo.rev)
    return replace(
        mined,
        name=repository_name(repo),
        facts=facts,
        mined_with=MiningSettings.of(settings),
        config_source=settings.source,
    )


@dataclass(frozen=True)
class FoldFacts:
    """What a fold's classification of paths rested on, kept with it in the cache.

    A later fold may build on this one only where these agree: the same .gitattributes, the
    same ignored revisions, and no file of the earlier tree whose content-settled language
    (a shebang, a heuristic) or generated mark changed (history is classified by the tree at
    the analysed revision).
    """

    files: frozenset[str]
    attributes: frozenset[tuple[str, str]]  # (.gitattributes path, blob sha)
    content_languages: Mapping[str, str]
    generated: frozenset[str]
    ignore_revs: frozenset[str]
    include_merges: bool = False

    @classmethod
    def of(cls, head: HeadTree, ignore_revs: frozenset[str], include_merges: bool) -> FoldFacts:
        return cls(
            include_merges=include_merges,
            files=frozenset(head.files),
            attributes=frozenset(
                (path, tree_file.sha)
                for path, tree_file in head.files.items()
                if path.rsplit("/", 1)[-1] == ".gitattributes"
            ),
            content_languages=dict(head.content_languages),
            generated=frozenset(head.generated_by_content),
            ignore_revs=ignore_revs,
        )


def extends(earlier: object, now: FoldFacts, fold: Mapping[str, Any]) -> bool:
    """Whether an earlier FOLD, classified by EARLIER, may be extended to this tree.

    Files new in this tree must be new to history too: had an older commit touched one (a
    file deleted and added back), the fresh fold would credit that work to it.
    """
    if not isinstance(earlier, FoldFacts):
        return False
    if earlier.attributes != now.attributes or earlier.ignore_revs != now.ignore_revs:
        return False
    before, after = earlier.content_languages, now.content_languages
    changed = {path for path in set(before) | set(after) if before.get(path) != after.get(path)}
    if any(path in earlier.files for path in changed | (earlier.generated ^ now.generated)):
        return False
    added = now.files - earlier.files
    if not added:
        return True
    return added.isdisjoint(fold.get("touched", added))


def read_ignore_revs(repo: Repository) -> frozenset[str]:
    """Full commit ids listed in the analysed revision's `.git-blame-ignore-revs`."""
    raw = read_blob(repo, f"{repo.head}:.git-blame-ignore-revs")
    if raw is None:
        return frozenset()
    lines = (
        line.split("#", 1)[0].strip().lower()
        for line in raw.decode("ascii", "replace").splitlines()
    )
    return frozenset(line for line in lines if _is_full_sha(line))


def _is_full_sha(text: str) -> bool:
    return len(text) in (40, 64) and all(char in "0123456789abcdef" for char in text)


def _check_mailmap(repo: Repository) -> list[str]:
    """Lines git skips in .mailmap, as a warning (git reads the rest, and so do we); a .mailmap
    git would wait on forever (a FIFO) is an error."""
    if repo.bare:
        raw = read_blob(repo, f"{repo.head}:.mailmap")
    else:
        raw = _work_tree_mailmap(repo.root / ".mailmap")
    if raw is None:
        return []
    warning = mailmap_warning(skipped_mailmap_lines(raw.decode("utf-8", "replace")))
    return [warning] if warning else []


def _work_tree_mailmap(path: Path) -> bytes | None:
    """The work tree's .mailmap, read as git reads it: a link is ignored (git never follows it)."""
    try:
        raw = read_regular_file(path, MAX_MAILMAP_BYTES)
    except FileTooLarge as large:
        raise StackfitError(
            f".mailmap is {large.size} bytes, more than stackfit reads ({MAX_MAILMAP_BYTES})",
            "keep one line per person in .mailmap",
        ) from None
    kind = special_kind(path) if raw is None else None
    if kind not in (None, "a symbolic link"):
        raise StackfitError(
            f".mailmap is {kind}, not a file: git would wait on it or misread it",
            f"replace {path} with a regular file or remove it",
        )
    return raw


def _counted_files(head: HeadTree, classifier: Classifier) -> dict[str, CountedFile]:
    """The analysed revision's files that count for skills."""
    files = {}
    for path, tree_file in head.files.items():
        file_class = classifier.classify(path)
        if file_class.counts_for_skills and file_class.language is not None and not tree_file.empty:
            files[path] = CountedFile(file_class.language, tree_file.size_bytes)
    return files


def _mapped_contacts(
    contacts: Mapping[Contact, ContactTally], mapped: Mapping[Contact, Contact]
) -> dict[Contact, ContactTally]:
    """Contacts after .mailmap (co-authors map onto authors): tallies of one contact merged."""
    result: dict[Contact, ContactTally] = {}
    for contact, tally in contacts.items():
        target = mapped.get(contact, contact)
        merged = result.get(target)
        if merged is None:
            merged = result[target] = ContactTally()
        merged.merge(tally)
    return result


def _mapped_history(history: FileHistory, mapped: Mapping[Contact, Contact]) -> FileHistory:
    """HISTORY with its contacts through the .mailmap (two contacts of one person: merged)."""
    if all(mapped.get(contact, contact) == contact for contact in history.deliveries):
        return history  # the usual case: co-authors are rare and mostly map to themselves
    result = FileHistory(
        creator=mapped.get(history.creator, history.creator) if history.creator else None
    )
    result.merge_work(history, mapped)
    return result


def _authorship(history: FileHistory) -> FileHistory:
    """Only the Degree-of-Authorship inputs: the work is kept summed per contact and framework."""
    return FileHistory(creator=history.creator, deliveries=history.deliveries)


def _excluded_paths(head: HeadTree, classifier: Classifier, tally: HistoryTally) -> dict[str, int]:
    paths: Mapping[str, set[str]] = {
        reason: set(found) for reason, found in tally.excluded_paths.items()
    }
    for path in head.files:
        reason = classifier.classify(path).excluded
        if reason is not None:
            paths[reason].add(path)
    return {reason: len(paths[reason]) for reason in EXCLUSION_REASONS}


def future_cutoff(as_of: date | str | None) -> datetime:
    """The latest author date counted: a day of clock skew after the end of the as-of date
    (or of today, when as-of is earlier or HEAD's: --as-of looks back, it does not drop history)."""
    today = datetime.now(timezone.utc).date()
    last_day = max(as_of, today) if isinstance(as_of, date) else today
    return datetime.combine(last_day, time(23, 59, 59), tzinfo=timezone.utc) + FUTURE_SKEW


FUTURE_SKEW = timedelta(days=1)


def _warnings(repo: Repository, head: HeadTree, tally: HistoryTally, stats: ReadStats) -> list[str]:
    warnings = []
    if head.blobs_missing:
        warnings.append(
            "file contents are missing (a partial clone?): language shares are unknown and "
            "shebangs, markers and .gitattributes were not read; fix: git fetch --refetch"
        )
    if head.missing_files:
        warnings.append(
            f"the contents of {head.missing_files} {plural(head.missing_files, 'file')} of the "
            "analysed revision are missing (a damaged repository or a partial mirror): they "
            "count as empty; fix: git fetch --refetch"
        )
    warnings.extend(unknown_languages_warning(head))
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
    if stats.undated_commits or stats.redated_commits:
        warnings.append(_date_warning(stats))
    if tally.future_commits:
        count = tally.future_commits
        warnings.append(
            f"ignored {count} {plural(count, 'commit')} dated after "
            f"{tally.future_after:%Y-%m-%d %H:%M} UTC, more than a day after the as-of date "
            "(a wrong clock or a forged date); charts and tables span the real activity"
        )
    if tally.skipped_trailers:
        count = tally.skipped_trailers
        warnings.append(
            f"skipped {count} Co-authored-by {plural(count, 'trailer')} that git would not "
            "read as `Name <email>`; they credit nobody"
        )
    if stats.truncated_after:
        warnings.append(
            f"history stops at {stats.truncated_after[:12]}: git cannot read further back "
            f"({stats.git_message}); fix: git fsck, or analyse a complete clone"
        )
    return warnings


def _date_warning(stats: ReadStats) -> str:
    """Commits whose dates git cannot print (`notadate +zz`, a year past 9999): never fatal."""
    parts = []
    if stats.redated_commits:
        parts.append(f"{stats.redated_commits} dated by their committer date")
    if stats.undated_commits:
        examples = ", ".join(sha[:12] for sha in stats.undated_commits[:3])
        parts.append(f"{len(stats.undated_commits)} left out ({examples})")
    return (
        "commits with an author date git cannot read (broken tools write such dates): "
        f"{'; '.join(parts)}; fix: none needed, or rewrite those commits' dates"
    )
