"""Evidence files: mined repositories as versioned, compact JSON (`stackfit mine` and `merge`).

A file holds a list of mined repositories and nothing else: counts, dates, paths, names and
e-mails, never source text. Merging is a union of those lists (the same repository at the same
commit counted once), so it is associative, commutative and idempotent: any engine can run the
map step and merge in any grouping. Judging (skills, truck factors, ranking) happens after the
merge, on the whole team at once.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from analyzer import jsontext
from analyzer.code.document import WorkloadKind
from analyzer.errors import StackfitError
from analyzer.history.facts import HistoryFacts
from analyzer.history.facts import RepositoryFacts
from analyzer.history.fold import ContactTally
from analyzer.history.fold import FileHistory
from analyzer.history.fold import LanguageTally
from analyzer.history.frameworks import FrameworkWork
from analyzer.history.identity import Contact
from analyzer.history.mine import CodeFacts
from analyzer.history.mine import CountedFile
from analyzer.history.mine import MinedRepository
from analyzer.history.mine import MiningSettings
from analyzer.history.rhythm import RhythmTally
from analyzer.jsontext import document_header
from analyzer.safe_files import EVIDENCE_MAX_BYTES
from analyzer.safe_files import ParseError
from analyzer.safe_files import loads
from analyzer.safe_files import read_user_file

KIND = "stackfit-evidence"
FORMAT = 2  # of the records below; a reader refuses any other (1: work per file)
_FIX = "write it again with `stackfit mine` (or `stackfit merge`) of this stackfit version"


def to_document(mined: Iterable[MinedRepository]) -> dict[str, Any]:
    """The JSON document of an evidence file, repositories in a canonical order."""
    return {
        **document_header(),
        "kind": KIND,
        "format": FORMAT,
        "repositories": [encode(item) for item in sorted(mined, key=lambda item: item.key)],
    }


def merge(groups: Iterable[Iterable[MinedRepository]]) -> list[MinedRepository]:
    """`merge_noting` without its notes."""
    return merge_noting(groups)[0]


def merge_noting(
    groups: Iterable[Iterable[MinedRepository]],
) -> tuple[list[MinedRepository], list[str]]:
    """The union of several evidence files' repositories; a repeated one is kept once.

    The same repository reached by two paths (a clone and its mirror, a subfolder, two
    evidence files) has the same root commit: it is kept once, the copy with the most history,
    and a warning on the kept one names the other paths.
    """
    by_key: dict[tuple[str, str, str], MinedRepository] = {}
    for group in groups:
        for item in group:
            by_key.setdefault(item.key, item)
    return _once_per_root([by_key[key] for key in sorted(by_key)])


def _once_per_root(items: list[MinedRepository]) -> tuple[list[MinedRepository], list[str]]:
    """ITEMS with one copy per root commit, and a note for each copy left out."""
    by_root: dict[str, list[MinedRepository]] = {}
    for item in items:
        if item.root and item.error is None:
            by_root.setdefault(item.root, []).append(item)
    dropped: set[tuple[str, str, str]] = set()
    notes: list[str] = []
    for root, copies in by_root.items():
        if len(copies) < 2:
            continue
        kept, *others = sorted(copies, key=lambda item: (-item.facts.commits_analyzed, item.key))
        dropped.update(other.key for other in others)
        warnings = [
            f"{other.facts.path} is the same repository as {kept.facts.path} (root commit "
            f"{root[:12]}{_ancestry(kept, other)}): counted once, from {kept.facts.path} "
            f"({kept.facts.commits_analyzed} commits)"
            for other in others
        ]
        notes += warnings
        new = [warning for warning in warnings if warning not in kept.history.warnings]
        kept.history = replace(kept.history, warnings=(*kept.history.warnings, *new))
    return [item for item in items if item.key not in dropped], notes


def _ancestry(kept: MinedRepository, other: MinedRepository) -> str:
    if kept.facts.head == other.facts.head:
        return ", same HEAD"
    return (
        f", HEAD {other.facts.head[:12]} with {other.facts.commits_analyzed} commits against "
        f"{kept.facts.head[:12]}: the one with more history is kept"
    )


def dumps(mined: Iterable[MinedRepository]) -> str:
    return jsontext.dumps(to_document(mined), separators=(",", ":")) + "\n"


def read_evidence(path: Path) -> list[MinedRepository]:
    """The repositories in an evidence file; anything wrong is a StackfitError naming the file."""
    raw = read_user_file(path, EVIDENCE_MAX_BYTES, "evidence file")
    try:
        document = loads(raw, "json")
    except ParseError as error:
        raise StackfitError(f"{path} is not JSON ({error})", _FIX) from None
    if not isinstance(document, dict) or document.get("kind") != KIND:
        raise StackfitError(f"{path} is not a stackfit evidence file", _FIX)
    if document.get("format") != FORMAT:
        raise StackfitError(
            f"{path} has evidence format {document.get('format')!r}; this stackfit reads {FORMAT}",
            _FIX,
        )
    try:
        return [
            decode(record, f"repositories[{number}]")
            for number, record in enumerate(document["repositories"])
        ]
    except Damaged as error:
        raise StackfitError(f"{path} is damaged: {error}", _FIX) from None
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise StackfitError(f"{path} is damaged ({type(error).__name__}: {error})", _FIX) from None


class Damaged(ValueError):
    """A value an evidence file cannot hold; the message names its field path."""


MAX_COUNT = 10**15  # far above any real count of commits, lines or bytes


def _count(value: Any, where: str) -> int:
    """A count: a whole number from 0 to MAX_COUNT (never a bool, a float or NaN)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise Damaged(f"{where} is {_shown(value)}, not a count from 0 to {MAX_COUNT}")
    return value


def _amount(value: Any, where: str) -> float:
    """A finite, non-negative number (weighted lines, scores)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= MAX_COUNT:
        raise Damaged(f"{where} is {_shown(value)}, not a number from 0 to {MAX_COUNT}")
    return float(value)


def _contact_at(value: Any, contacts: Sequence[Contact], where: str) -> Contact:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < len(contacts):
        raise Damaged(f"{where} is {_shown(value)}, not an index into the {len(contacts)} contacts")
    return contacts[value]


def _shown(value: Any) -> str:
    text = json.dumps(value, allow_nan=True) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# --- records -----------------------------------------------------------------------------------
# Contacts appear once, in a table; everything else refers to them by position.


def encode(item: MinedRepository) -> dict[str, Any]:
    """One mined repository as plain JSON values."""
    table = _ContactTable()
    record: dict[str, Any] = {
        "name": item.name,
        "path": item.facts.path,
        "head": item.facts.head,
        "rev": item.facts.rev,
        "bare": item.facts.bare,
        "shallow": item.facts.shallow,
        "commits": item.facts.commits_analyzed,
        "root": item.root,
        "error": item.error,
        "config": item.config_source,
        "mined_with": _settings_json(item.mined_with),
        "history": {
            "unreadable_commits": item.history.unreadable_commits,
            "truncated_after": item.history.truncated_after,
            "bulk_commits": item.history.bulk_commits,
            "ignored_commits": item.history.ignored_commits,
            "future_commits": item.history.future_commits,
            "warnings": list(item.history.warnings),
        },
    }
    if item.error is not None:
        return record
    record["work"] = [
        _contact_json(table.index(contact), item.contacts[contact])
        for contact in sorted(item.contacts)
    ]
    record["files"] = {
        path: _file_json(
            counted, item.file_histories.get(path), item.file_frameworks.get(path, ()), table
        )
        for path, counted in sorted(item.files.items())
    }
    record["frameworks"] = [
        _framework_work_json(table.index(contact), framework_id, work)
        for contact, frameworks in sorted(item.framework_work.items())
        for framework_id, work in sorted(frameworks.items())
    ]
    record["roles"] = [  # "role:language" work, in the frameworks' shape (history/roles.py)
        _framework_work_json(table.index(contact), role, work)
        for contact, roles in sorted(item.role_work.items())
        for role, work in sorted(roles.items())
    ]
    record["rhythm"] = _rhythm_json(item.rhythm, table)
    record["bots"] = dict(sorted(item.bots.items()))
    record["ai_agents"] = dict(sorted(item.ai_agents.items()))
    record["months"] = dict(sorted(item.months.items()))
    record["excluded_paths"] = dict(item.excluded_paths)
    record["suspected_bots"] = [  # [contact, commits, why]: listed for the user to confirm
        [table.index(contact), commits, why]
        for contact, (commits, why) in sorted(item.suspected_bots.items())
    ]
    record["code"] = _code_json(item.code) if item.code is not None else None
    record["contacts"] = [list(contact) for contact in table.contacts]
    return record


def decode(record: Mapping[str, Any], where: str = "repository") -> MinedRepository:
    """The MinedRepository that `encode` wrote; a damaged value raises Damaged naming WHERE."""
    history = record["history"]
    item = MinedRepository(
        name=str(record["name"]),
        facts=RepositoryFacts(
            path=str(record["path"]),
            head=str(record["head"]),
            rev=str(record["rev"]),
            bare=bool(record["bare"]),
            shallow=bool(record["shallow"]),
            commits_analyzed=_count(record["commits"], f"{where}.commits"),
        ),
        history=HistoryFacts(
            unreadable_commits=_count(
                history["unreadable_commits"], f"{where}.history.unreadable_commits"
            ),
            truncated_after=history["truncated_after"],
            bulk_commits=_count(history["bulk_commits"], f"{where}.history.bulk_commits"),
            ignored_commits=_count(history["ignored_commits"], f"{where}.history.ignored_commits"),
            future_commits=_count(
                history.get("future_commits", 0), f"{where}.history.future_commits"
            ),
            warnings=tuple(str(warning) for warning in history["warnings"]),
        ),
        mined_with=_settings_of(record["mined_with"]),
        config_source=str(record["config"]),
        root=record["root"],
        error=record["error"],
    )
    if item.error is not None:
        return item
    contacts: list[Contact] = [(str(name), str(email)) for name, email in record["contacts"]]
    item.contacts = {
        _contact_at(work["contact"], contacts, f"{where}.work[{n}].contact"): _contact_of(
            work, f"{where}.work[{n}]"
        )
        for n, work in enumerate(record["work"])
    }
    for path, data in record["files"].items():
        at = f"{where}.files[{path!r}]"
        item.files[path] = CountedFile(str(data["language"]), _count(data["bytes"], f"{at}.bytes"))
        if "deliveries" in data:
            item.file_histories[path] = _history_of(data, contacts, at)
        if "frameworks" in data:
            item.file_frameworks[path] = tuple(str(name) for name in data["frameworks"])
    for n, (index, framework_id, *work) in enumerate(record["frameworks"]):
        at = f"{where}.frameworks[{n}]"
        by_contact = item.framework_work.setdefault(_contact_at(index, contacts, at), {})
        by_contact[str(framework_id)] = _framework_work_of(work, at)
    for n, (index, role, *work) in enumerate(record.get("roles", [])):  # older files: none
        at = f"{where}.roles[{n}]"
        by_role = item.role_work.setdefault(_contact_at(index, contacts, at), {})
        by_role[str(role)] = _framework_work_of(work, at)
    item.rhythm = _rhythm_of(record["rhythm"], contacts, f"{where}.rhythm")
    item.bots = Counter(
        {str(name): _count(n, f"{where}.bots[{name!r}]") for name, n in record["bots"].items()}
    )
    item.ai_agents = Counter(
        {
            str(name): _count(n, f"{where}.ai_agents[{name!r}]")
            for name, n in record.get("ai_agents", {}).items()
        }
    )
    item.months = _months_of(record.get("months", {}), f"{where}.months")
    item.excluded_paths = {
        str(k): _count(v, f"{where}.excluded_paths.{k}")
        for k, v in record["excluded_paths"].items()
    }
    item.suspected_bots = _suspects_of(  # older files: none
        record.get("suspected_bots", []), contacts, f"{where}.suspected_bots"
    )
    item.code = _code_of(record["code"], f"{where}.code") if record["code"] is not None else None
    return item


class _ContactTable:
    def __init__(self) -> None:
        self.contacts: list[Contact] = []
        self._positions: dict[Contact, int] = {}

    def index(self, contact: Contact) -> int:
        position = self._positions.get(contact)
        if position is None:
            position = self._positions[contact] = len(self.contacts)
            self.contacts.append(contact)
        return position


def _settings_json(settings: MiningSettings) -> dict[str, Any]:
    return {
        "since": settings.since,
        "until": settings.until,
        "include_merges": settings.include_merges,
        "exclude": list(settings.exclude),
        "bots": list(settings.bots),
        "bulk_min_lines": settings.bulk_min_lines,
        "bulk_min_files": settings.bulk_min_files,
        "aliases": {name: list(items) for name, items in settings.aliases.items()},
    }


def _settings_of(data: Mapping[str, Any]) -> MiningSettings:
    return MiningSettings(
        since=data["since"],
        until=data["until"],
        include_merges=bool(data["include_merges"]),
        exclude=tuple(data["exclude"]),
        bots=tuple(data["bots"]),
        bulk_min_lines=int(data["bulk_min_lines"]),
        bulk_min_files=int(data["bulk_min_files"]),
        aliases={str(name): tuple(items) for name, items in data["aliases"].items()},
    )


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _moment_of(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


def _months_of(data: Mapping[str, Any], where: str) -> dict[str, list[int]]:
    """Per month [commits, lines, AI-assisted commits, AI-assisted lines] (fold.ContactTally)."""
    months = {}
    for month, counts in data.items():
        if not isinstance(counts, list) or len(counts) != 4:
            raise Damaged(f"{where}[{month!r}] is {_shown(counts)}, not four counts")
        months[str(month)] = [_count(n, f"{where}[{month!r}]") for n in counts]
    return months


MAX_WHY_CHARS = 500  # a suspect's reason quotes one subject template, cut to 80 characters


def _suspects_of(
    data: Any, contacts: Sequence[Contact], where: str
) -> dict[Contact, tuple[int, str]]:
    """Suspected bots: per contact, commits and why (mine.MinedRepository.suspected_bots)."""
    if not isinstance(data, list):
        raise Damaged(f"{where} is {_shown(data)}, not a list")
    suspects = {}
    for n, entry in enumerate(data):
        at = f"{where}[{n}]"
        if not isinstance(entry, list) or len(entry) != 3:
            raise Damaged(f"{at} is {_shown(entry)}, not [contact, commits, why]")
        index, commits, why = entry
        if not isinstance(why, str) or not why or len(why) > MAX_WHY_CHARS:
            raise Damaged(
                f"{at}[2] is {_shown(why)}, not a reason of 1 to {MAX_WHY_CHARS} characters"
            )
        contact = _contact_at(index, contacts, f"{at}[0]")
        suspects[contact] = (_count(commits, f"{at}[1]"), why)
    return suspects


def _contact_json(position: int, tally: ContactTally) -> dict[str, Any]:
    return {
        "contact": position,
        "months": dict(sorted(tally.months.items())),
        "authored": tally.authored,
        "coauthored": tally.coauthored,
        "first": _moment(tally.first),
        "last": _moment(tally.last),
        "languages": {
            language: [
                work.commits,
                work.lines_added,
                work.lines_deleted,
                work.weighted_lines,
                sorted(work.weeks),
                sorted(work.months),
                _moment(work.first),
                _moment(work.last),
            ]
            for language, work in sorted(tally.languages.items())
        },
    }


def _contact_of(data: Mapping[str, Any], where: str) -> ContactTally:
    tally = ContactTally(
        authored=_count(data["authored"], f"{where}.authored"),
        coauthored=_count(data["coauthored"], f"{where}.coauthored"),
        first=_moment_of(data["first"]),
        last=_moment_of(data["last"]),
        months=_months_of(data.get("months", {}), f"{where}.months"),
    )
    for language, values in data["languages"].items():
        commits, added, deleted, weighted, weeks, months, first, last = values
        at = f"{where}.languages[{language!r}]"
        tally.languages[str(language)] = LanguageTally(
            commits=_count(commits, f"{at}[0]"),
            lines_added=_count(added, f"{at}[1]"),
            lines_deleted=_count(deleted, f"{at}[2]"),
            weighted_lines=_amount(weighted, f"{at}[3]"),
            weeks={_count(week, f"{at}[4]") for week in weeks},
            months={str(month) for month in months},
            first=_moment_of(first),
            last=_moment_of(last),
        )
    return tally


def _file_json(
    counted: CountedFile,
    history: FileHistory | None,
    frameworks: Sequence[str],
    table: _ContactTable,
) -> dict[str, Any]:
    data: dict[str, Any] = {"language": counted.language, "bytes": counted.bytes}
    if frameworks:
        data["frameworks"] = list(frameworks)
    if history is not None:
        data["creator"] = table.index(history.creator) if history.creator else None
        data["deliveries"] = sorted(
            [table.index(contact), changes] for contact, changes in history.deliveries.items()
        )
    return data


def _framework_work_json(contact: int, framework_id: str, work: FrameworkWork) -> list[Any]:
    return [
        contact,
        framework_id,
        work.lines,
        work.weighted_lines,
        sorted(work.weeks),
        sorted(work.files),
        _moment(work.last),
    ]


def _framework_work_of(data: Sequence[Any], where: str) -> FrameworkWork:
    lines, weighted_lines, weeks, files, last = data
    return FrameworkWork(
        lines=_count(lines, f"{where}[2]"),
        weighted_lines=_amount(weighted_lines, f"{where}[3]"),
        weeks={_count(week, f"{where}[4]") for week in weeks},
        files={str(path) for path in files},
        last=_moment_of(last),
    )


def _history_of(data: Mapping[str, Any], contacts: Sequence[Contact], where: str) -> FileHistory:
    creator = data["creator"]
    at = f"{where}.deliveries"
    return FileHistory(
        creator=_contact_at(creator, contacts, f"{where}.creator") if creator is not None else None,
        deliveries=Counter(
            {
                _contact_at(index, contacts, at): _count(changes, at)
                for index, changes in data["deliveries"]
            }
        ),
    )


def _rhythm_json(rhythm: RhythmTally, table: _ContactTable) -> dict[str, Any]:
    return {
        "commits_by_month": dict(sorted(rhythm.commits_by_month.items())),
        "lines_by_month": dict(sorted(rhythm.lines_by_month.items())),
        "after_hours_by_month": dict(sorted(rhythm.after_hours_by_month.items())),
        "contacts_by_month": {
            month: sorted(table.index(contact) for contact in contacts)
            for month, contacts in sorted(rhythm.contacts_by_month.items())
        },
        "punch_card": rhythm.punch_card,
        "commits_by_contact": sorted(
            [table.index(contact), count] for contact, count in rhythm.commits_by_contact.items()
        ),
        "after_hours_by_contact": sorted(
            [table.index(contact), count]
            for contact, count in rhythm.after_hours_by_contact.items()
        ),
        "by_month_language": sorted(
            [
                month,
                language,
                rhythm.commits_by_month_language[(month, language)],
                rhythm.lines_by_month_language[(month, language)],
                sorted(
                    table.index(contact)
                    for contact in rhythm.contacts_by_month_language.get((month, language), ())
                ),
            ]
            for month, language in rhythm.commits_by_month_language
        ),
    }


def _rhythm_of(data: Mapping[str, Any], contacts: Sequence[Contact], where: str) -> RhythmTally:
    rows = data["by_month_language"]
    at = f"{where}.by_month_language"

    def counted(key: str) -> Counter[str]:
        return Counter({str(k): _count(v, f"{where}.{key}[{k!r}]") for k, v in data[key].items()})

    def by_contact(key: str) -> Counter[Contact]:
        return Counter(
            {
                _contact_at(i, contacts, f"{where}.{key}"): _count(n, f"{where}.{key}")
                for i, n in data[key]
            }
        )

    return RhythmTally(
        commits_by_month_language=Counter({(row[0], row[1]): _count(row[2], at) for row in rows}),
        lines_by_month_language=Counter({(row[0], row[1]): _count(row[3], at) for row in rows}),
        contacts_by_month_language={
            (row[0], row[1]): {_contact_at(index, contacts, at) for index in row[4]} for row in rows
        },
        commits_by_month=counted("commits_by_month"),
        lines_by_month=counted("lines_by_month"),
        after_hours_by_month=counted("after_hours_by_month"),
        contacts_by_month={
            month: {_contact_at(i, contacts, f"{where}.contacts_by_month") for i in indexes}
            for month, indexes in data["contacts_by_month"].items()
        },
        punch_card=[
            [_count(count, f"{where}.punch_card") for count in row] for row in data["punch_card"]
        ],
        commits_by_contact=by_contact("commits_by_contact"),
        after_hours_by_contact=by_contact("after_hours_by_contact"),
    )


def _code_json(code: CodeFacts) -> dict[str, Any]:
    return {
        "operations": {stack: list(facts) for stack, facts in sorted(code.operations.items())},
        "workload": (
            {
                need: {
                    "score": kind.score,
                    "confidence": kind.confidence,
                    "evidence": list(kind.evidence),
                }
                for need, kind in sorted(code.workload.items())
            }
            if code.workload is not None
            else None
        ),
    }


def _code_of(data: Mapping[str, Any], where: str) -> CodeFacts:
    workload = data["workload"]
    return CodeFacts(
        operations={str(stack): tuple(facts) for stack, facts in data["operations"].items()},
        workload=(
            {
                str(need): WorkloadKind(
                    _amount(kind["score"], f"{where}.workload.{need}.score"),
                    _amount(kind["confidence"], f"{where}.workload.{need}.confidence"),
                    tuple(kind["evidence"]),
                )
                for need, kind in workload.items()
            }
            if workload is not None
            else None
        ),
    )
