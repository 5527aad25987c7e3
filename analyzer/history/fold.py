"""Fold a stream of commits (newest first) into per-contact and per-file counts.

This is the only stateful step between git and the skill model: it sees each commit once, keeps
counts rather than commits, and follows renames backwards so that older changes land on the file
as it is named today.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from collections.abc import Collection
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from typing import Any

from analyzer.config import BULK_MIN_FILES
from analyzer.config import BULK_MIN_LINES
from analyzer.git.log import SKIPPED_TRAILER
from analyzer.git.log import Commit
from analyzer.git.log import FileChange
from analyzer.history.automation import merge_signs
from analyzer.history.automation import new_signs
from analyzer.history.automation import note_commit
from analyzer.history.identity import Contact
from analyzer.history.identity import ai_agent
from analyzer.history.rhythm import RhythmTally
from analyzer.languages.tree import EXCLUSION_REASONS
from analyzer.languages.tree import Classifier

SECONDS_PER_WEEK = 7 * 24 * 3600

# Bulk commits: BULK_MIN_LINES and BULK_MIN_FILES (config.py, settings) say which are scaled down.


@dataclass(frozen=True)
class BulkRule:
    min_lines: int = BULK_MIN_LINES
    min_files: int = BULK_MIN_FILES

    def is_bulk(self, lines: int, files: int) -> bool:
        return lines >= self.min_lines and files >= self.min_files

    def weight(self, lines: int, files: int) -> float:
        """1 for an ordinary commit; min_lines / lines for a bulk one."""
        return self.min_lines / lines if self.is_bulk(lines, files) else 1.0


@dataclass
class LanguageTally:
    """One contact's work in one language."""

    commits: int = 0
    lines_added: int = 0
    lines_deleted: int = 0
    weighted_lines: float = 0.0
    weeks: set[int] = field(default_factory=set)
    months: set[str] = field(default_factory=set)
    first: datetime | None = None
    last: datetime | None = None

    def merge(self, other: LanguageTally) -> None:
        self.commits += other.commits
        self.lines_added += other.lines_added
        self.lines_deleted += other.lines_deleted
        self.weighted_lines += other.weighted_lines
        self.weeks |= other.weeks
        self.months |= other.months
        self.first = _earliest(self.first, other.first)
        self.last = _latest(self.last, other.last)


@dataclass
class ContactTally:
    """One author identity's commits, as authored and as co-authored."""

    authored: int = 0
    coauthored: int = 0
    first: datetime | None = None
    last: datetime | None = None
    languages: dict[str, LanguageTally] = field(default_factory=dict)
    # Per month "YYYY-MM": [commits, changed lines, AI-assisted commits, AI-assisted lines].
    months: dict[str, list[int]] = field(default_factory=dict)

    def merge(self, other: ContactTally) -> None:
        """Add OTHER's commits and work (the same person's, under another contact or time)."""
        self.authored += other.authored
        self.coauthored += other.coauthored
        self.first = _earliest(self.first, other.first)
        self.last = _latest(self.last, other.last)
        merge_months(self.months, other.months)
        for language, work in other.languages.items():
            mine = self.languages.get(language)
            if mine is None:
                mine = self.languages[language] = LanguageTally()
            mine.merge(work)


def merge_months(mine: dict[str, list[int]], other: Mapping[str, list[int]]) -> None:
    """Add OTHER's per-month [commits, lines, AI commits, AI lines] to MINE."""
    for month, counts in other.items():
        kept = mine.setdefault(month, [0, 0, 0, 0])
        for position, count in enumerate(counts):
            kept[position] += count


def _count_month(months: dict[str, list[int]], month: str, lines: int, *, assisted: bool) -> None:
    counts = months.setdefault(month, [0, 0, 0, 0])
    counts[0] += 1
    counts[1] += lines
    if assisted:
        counts[2] += 1
        counts[3] += lines


@dataclass
class FileHistory:
    """One current file's history per contact: Degree-of-Authorship inputs and the work done.

    The work (lines, weeks, last change) is what a framework's skill is scored from once the
    file is known to use the framework. Plain types only, so the history can be serialised
    (the cache's encoding: cache.py).
    """

    creator: Contact | None = None
    deliveries: Counter[Contact] = field(default_factory=Counter)
    lines: Counter[Contact] = field(default_factory=Counter)  # added + deleted
    # Lines that bulk commits' weight (BulkRule.weight) took away: lines - discount is the
    # weighted volume. Only bulk changes touch it, so ordinary ones cost no float.
    bulk_discount: dict[Contact, float] = field(default_factory=dict)
    # Weeks since the epoch with a change, newest first; a repeat is kept only when the log's
    # order is not the author dates' order (a list is a third of a small set's memory).
    weeks: dict[Contact, list[int]] = field(default_factory=dict)
    last: dict[Contact, datetime] = field(default_factory=dict)  # latest change

    def merge_work(
        self, other: FileHistory, mapped: Mapping[Contact, Contact] | None = None
    ) -> None:
        """Add OTHER's deliveries and work (its contacts through MAPPED, if given); the
        creator stays this history's."""
        for contact, changes in other.deliveries.items():
            self.deliveries[mapped.get(contact, contact) if mapped else contact] += changes
        for contact, lines in other.lines.items():
            target = mapped.get(contact, contact) if mapped else contact
            self.lines[target] += lines
            if contact in other.bulk_discount:
                self.bulk_discount[target] = (
                    self.bulk_discount.get(target, 0.0) + other.bulk_discount[contact]
                )
            self.weeks[target] = [*self.weeks.get(target, ()), *other.weeks[contact]]
            moment = other.last[contact]
            self.last[target] = max(self.last.get(target, moment), moment)


def _seen_at(span: ContactTally | LanguageTally, moment: datetime) -> None:
    """Widen SPAN's first..last to MOMENT, as _earliest and _latest would (a tie keeps the old
    value) without their calls: this runs per contributor and language of every commit."""
    if span.first is None or moment < span.first:
        span.first = moment
    if span.last is None or moment > span.last:
        span.last = moment


def _earliest(first: datetime | None, second: datetime | None) -> datetime | None:
    if first is None or second is None:
        return first or second
    return min(first, second)


def _latest(first: datetime | None, second: datetime | None) -> datetime | None:
    if first is None or second is None:
        return first or second
    return max(first, second)


@dataclass
class HistoryTally:
    classifier: Classifier
    is_bot: Callable[[Contact], bool]
    current_files: Collection[str]
    ignore_revs: frozenset[str] = frozenset()
    bulk_rule: BulkRule = field(default_factory=BulkRule)
    future_after: datetime | None = None  # commits dated later are clock skew or forged: skipped
    future_commits: int = 0
    commits_analyzed: int = 0
    bulk_commits: int = 0
    ignored_commits: int = 0
    skipped_trailers: int = 0  # Co-authored-by lines that are not `Name <email>`
    contacts: dict[Contact, ContactTally] = field(default_factory=dict)
    coauthor_contacts: set[Contact] = field(default_factory=set)
    bots: Counter[str] = field(default_factory=Counter)
    ai_agents: Counter[str] = field(default_factory=Counter)  # agent → commits it took part in
    months: dict[str, list[int]] = field(default_factory=dict)  # as ContactTally.months
    files: dict[str, FileHistory] = field(default_factory=dict)
    rhythm: RhythmTally = field(default_factory=RhythmTally)
    excluded_paths: dict[str, set[str]] = field(
        default_factory=lambda: {reason: set() for reason in EXCLUSION_REASONS}
    )
    _renamed_to: dict[str, str] = field(default_factory=dict)
    # Every path a folded commit changed (old names too, bots' commits included): a later fold
    # on top of this one must not meet a file that these commits knew under the same name.
    touched: set[str] = field(default_factory=set)
    _bot_cache: dict[Contact, bool] = field(default_factory=dict)
    _agent_cache: dict[Contact, str | None] = field(default_factory=dict)
    # Per author (merges left out): automation.new_signs, whether the commits look automated.
    automation: dict[Contact, list[Any]] = field(default_factory=dict)
    # One tuple per contact for all of this fold's commits: the cache then stores each contact
    # once per fold rather than once per file and commit. Scratch: it goes with the tally.
    _interned: dict[Contact, Contact] = field(default_factory=dict)

    def _one_copy(self, contact: Contact) -> Contact:
        return self._interned.setdefault(contact, contact)

    def _bot(self, contact: Contact) -> bool:
        found = self._bot_cache.get(contact)
        if found is None:
            found = self._bot_cache[contact] = self.is_bot(contact)
        return found

    def _agent(self, contact: Contact) -> str | None:
        if contact not in self._agent_cache:
            self._agent_cache[contact] = ai_agent(*contact)
        return self._agent_cache[contact]

    def _current_path(self, path: str, old_path: str | None) -> str:
        """The file's name today; a rename seen now maps every older mention of OLD_PATH to it."""
        current = self._renamed_to.get(path, path)
        if old_path is not None and old_path != path:
            self._renamed_to[old_path] = current
        return current

    def add(self, commit: Commit) -> None:
        """Count COMMIT (the next older one). Runs once per commit of every history: plain dicts
        and one pass over the changes (bench/run_fold.py measures it)."""
        moment = commit.authored_at
        if self.future_after is not None and moment > self.future_after:
            self.future_commits += 1
            return
        self.commits_analyzed += 1
        author = self._one_copy((commit.author_name, commit.author_email))
        touched = self.touched
        renamed: list[tuple[str, FileChange]] = []
        for change in commit.changes:
            touched.add(change.path)
            if change.old_path is not None:
                touched.add(change.old_path)
            renamed.append((self._current_path(change.path, change.old_path), change))
        agents = {agent} if (agent := self._agent(author)) is not None else set()
        if not agents and self._bot(author):
            self.bots[commit.author_name] += 1
            return
        counted: list[tuple[str, str, int, int]] = []
        by_language: dict[str, int] = {}  # every language touched, 0 lines included
        lines = 0
        for current, change in renamed:
            file_class = self.classifier.classify(change.path)
            if file_class.excluded is not None:
                self.excluded_paths[file_class.excluded].add(change.path)
            elif file_class.counts_for_skills and change.added is not None:
                language, added, deleted = file_class.language, change.added, change.deleted
                assert language is not None and deleted is not None
                counted.append((current, language, added, deleted))
                by_language[language] = by_language.get(language, 0) + added + deleted
                lines += added + deleted
        human_author = not agents
        if human_author:  # an agent's commit is no person's rhythm
            self.rhythm.add(commit, lines, by_language)
            if len(commit.parents) < 2:  # git or a forge writes a merge's message
                signs = self.automation.get(author)
                if signs is None:
                    signs = self.automation[author] = new_signs()
                note_commit(signs, commit)
        contributors = [author] if human_author else []
        for coauthor in map(self._one_copy, commit.coauthors):
            if coauthor == SKIPPED_TRAILER:
                self.skipped_trailers += 1
            elif (coauthor_agent := self._agent(coauthor)) is not None:
                agents.add(coauthor_agent)
            elif coauthor not in contributors and not self._bot(coauthor):
                contributors.append(coauthor)
                self.coauthor_contacts.add(coauthor)
        if agents:
            self.ai_agents.update(agents)
        month = f"{moment.year:04d}-{moment.month:02d}"
        _count_month(self.months, month, lines, assisted=bool(agents))
        for position, contact in enumerate(contributors):
            tally = self.contacts.get(contact)
            if tally is None:
                tally = self.contacts[contact] = ContactTally()
            if position == 0 and human_author:
                tally.authored += 1
            else:
                tally.coauthored += 1
            _seen_at(tally, moment)
            _count_month(tally.months, month, lines, assisted=bool(agents))
        if not contributors:
            return  # an agent alone: counted as the team's, credited to nobody
        if commit.sha in self.ignore_revs:
            self.ignored_commits += 1
            return
        bulk = self.bulk_rule.is_bulk(lines, len(counted))
        self.bulk_commits += bulk
        weight = self.bulk_rule.weight(lines, len(counted))
        if counted:
            week = int(moment.timestamp()) // SECONDS_PER_WEEK
            self._credit_languages(moment, week, month, contributors, counted, weight)
            self._credit_files(moment, week, contributors, counted, weight, bulk=bulk)

    def absorb_older(self, older: Mapping[str, Any]) -> None:
        """Add the saved fold of an earlier HEAD whose commits are all older than this fold's.

        Its files are named as at that HEAD; renames seen here carry them to today's names, and
        files no longer in the tree drop out. Its creators win: they made the files first.
        """
        self.commits_analyzed += older["commits_analyzed"]
        self.bulk_commits += older["bulk_commits"]
        self.ignored_commits += older["ignored_commits"]
        self.skipped_trailers += older.get("skipped_trailers", 0)
        self.future_commits += older.get("future_commits", 0)
        for contact, tally in older["contacts"].items():
            mine = self.contacts.get(contact)
            if mine is None:
                self.contacts[contact] = tally
            else:
                mine.merge(tally)
        self.coauthor_contacts |= older["coauthor_contacts"]
        self.touched |= older["touched"]
        self.bots.update(older["bots"])
        self.ai_agents.update(older.get("ai_agents", {}))
        for contact, signs in older["automation"].items():
            merge_signs(self.automation.setdefault(contact, new_signs()), signs)
        merge_months(self.months, older.get("months", {}))
        for path, history in older["files"].items():
            current = self._renamed_to.get(path, path)
            if current not in self.current_files:
                continue
            mine_history = self.files.get(current)
            if mine_history is None:
                self.files[current] = history
            else:
                mine_history.merge_work(history)
                mine_history.creator = history.creator
        self.rhythm.merge(older["rhythm"])
        for reason, paths in older["excluded_paths"].items():
            self.excluded_paths[reason] |= paths
        for path, current in older["_renamed_to"].items():
            self._renamed_to.setdefault(path, self._renamed_to.get(current, current))

    def _credit_languages(
        self,
        moment: datetime,
        week: int,
        month: str,
        contributors: list[Contact],
        counted: list[tuple[str, str, int, int]],
        weight: float,
    ) -> None:
        by_language: dict[str, tuple[int, int]] = {}
        for _, language, added, deleted in counted:
            old_added, old_deleted = by_language.get(language, (0, 0))
            by_language[language] = (old_added + added, old_deleted + deleted)
        for contact in contributors:
            languages = self.contacts[contact].languages
            for language, (added, deleted) in by_language.items():
                tally = languages.get(language)
                if tally is None:
                    tally = languages[language] = LanguageTally()
                tally.commits += 1
                tally.lines_added += added
                tally.lines_deleted += deleted
                tally.weighted_lines += (added + deleted) * weight
                tally.weeks.add(week)
                tally.months.add(month)
                _seen_at(tally, moment)

    def _credit_files(
        self,
        moment: datetime,
        week: int,
        contributors: list[Contact],
        counted: list[tuple[str, str, int, int]],
        weight: float,
        *,
        bulk: bool,
    ) -> None:
        """Each current file's DOA inputs and each contributor's work on it (per change: cheap)."""
        creator = None if bulk else contributors[0]
        for current, _, added, deleted in counted:
            if current not in self.current_files:
                continue
            history = self.files.get(current)
            if history is None:
                history = self.files[current] = FileHistory()
            # Newest first: the last commit seen is the oldest, the file's creation.
            history.creator = creator
            changed = added + deleted
            discount = changed * (1.0 - weight) if bulk else 0.0
            deliveries, lines = history.deliveries, history.lines
            for contact in contributors:
                deliveries[contact] = deliveries.get(contact, 0) + 1
                lines[contact] = lines.get(contact, 0) + changed
                if discount:
                    history.bulk_discount[contact] = (
                        history.bulk_discount.get(contact, 0.0) + discount
                    )
                weeks = history.weeks.get(contact)
                if weeks is None:  # newest first: usually the latest (author dates may not be)
                    history.weeks[contact] = [week]
                    history.last[contact] = moment
                    continue
                if weeks[-1] != week:
                    weeks.append(week)
                if moment > history.last[contact]:
                    history.last[contact] = moment
