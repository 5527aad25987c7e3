"""How the commit cache stores what it keeps: commits as marshal-friendly records, the fold
(a HistoryTally's state, file histories as columns) as a pickle, and the check that a loaded
commits file is this release's format. cache.py decides what to keep and when to use it.
"""

from __future__ import annotations

import contextlib
import copyreg
import gc
import io
import marshal
import pickle
from collections.abc import Iterator
from dataclasses import fields
from datetime import datetime
from datetime import timezone
from typing import Any

from analyzer.git.log import Commit
from analyzer.git.log import FileChange
from analyzer.git.log import fixed_zone
from analyzer.history.fold import FileHistory
from analyzer.history.fold import HistoryTally
from analyzer.history.identity import Contact

CACHE_FORMAT = 4  # bump when a record, the fold or a kept result changes shape

# A record: (parents, author_name, author_email, epoch, utc_offset_seconds, coauthors, changes,
# subject).
Record = tuple[Any, ...]

_TALLY_INPUTS = frozenset(
    {"classifier", "is_bot", "current_files", "ignore_revs", "bulk_rule", "future_after"}
    | {"_interned"}
)


def encode(commit: Commit) -> Record:
    """A Commit as plain tuples that marshal stores and loads fast."""
    offset = commit.authored_at.utcoffset()
    return (
        commit.parents,
        commit.author_name,
        commit.author_email,
        int(commit.authored_at.timestamp()),
        int(offset.total_seconds()) if offset is not None else 0,
        commit.coauthors,
        tuple(tuple(change) for change in commit.changes),
        commit.subject,
    )


def decode(sha: str, record: Record) -> Commit:
    """The Commit that `encode` stored, equal to the one parsed from git."""
    parents, name, email, epoch, offset, coauthors, changes, subject = record
    zone = timezone.utc if offset == 0 else fixed_zone(offset)
    return Commit(
        sha,
        parents,
        name,
        email,
        datetime.fromtimestamp(epoch, zone),
        coauthors,
        tuple(FileChange._make(change) for change in changes),
        subject=subject,
    )


def fold_state(tally: HistoryTally) -> dict[str, Any]:
    """TALLY's fold, without the inputs each run builds anew."""
    return {f.name: getattr(tally, f.name) for f in fields(tally) if f.name not in _TALLY_INPUTS}


def restore_tally(tally: HistoryTally, state: dict[str, Any]) -> None:
    """Put a saved fold into a freshly built tally (its inputs stay this run's)."""
    for name, value in state.items():
        setattr(tally, name, value)


def dumps(kept: object) -> bytes:
    """KEPT pickled, a FileHistory as columns (`_file_history_columns`)."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.dispatch_table = {**copyreg.dispatch_table, FileHistory: _file_history_columns}
    pickler.dump(kept)
    return out.getvalue()


def _file_history_columns(history: FileHistory) -> tuple[Any, ...]:
    """A FileHistory as columns (the contacts once, then a tuple per field): the cache keeps
    thousands of these, and a dict per field and file is several times slower to load."""
    contacts = tuple(history.lines)
    columns = (
        tuple(history.deliveries),
        tuple(history.deliveries.values()),
        contacts,
        tuple(history.lines.values()),
        history.bulk_discount,  # few entries: only bulk commits add one
        tuple(history.weeks[contact] for contact in contacts),
        tuple(history.last[contact] for contact in contacts),
    )
    return (_file_history, (history.creator, *columns))


def _file_history(
    creator: Contact | None,
    delivered: tuple[Contact, ...],
    deliveries: tuple[int, ...],
    contacts: tuple[Contact, ...],
    lines: tuple[int, ...],
    bulk_discount: dict[Contact, float],
    weeks: tuple[list[int], ...],
    last: tuple[datetime, ...],
) -> FileHistory:
    """The FileHistory that `_file_history_columns` took apart."""
    history = FileHistory(creator)
    dict.update(history.deliveries, zip(delivered, deliveries, strict=True))
    dict.update(history.lines, zip(contacts, lines, strict=True))
    history.bulk_discount = bulk_discount
    history.weeks = dict(zip(contacts, weeks, strict=True))
    history.last = dict(zip(contacts, last, strict=True))
    return history


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a cache file becomes objects.

    Loading builds hundreds of thousands of containers that live on, and every few hundred the
    collector would walk them all again: with it paused, loading the fold takes half the time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def unpack_commits(payload: memoryview) -> dict[str, Any] | None:
    """The stored state; None for another release's format (rebuilt without a word: an upgrade
    is not damage); ValueError says how the file is damaged."""
    try:
        with collector_paused():
            state = marshal.loads(payload)
    except (EOFError, TypeError, ValueError):
        raise ValueError("unreadable payload") from None
    if isinstance(state, dict) and isinstance(state.get("format"), int):
        if state["format"] != CACHE_FORMAT:
            return None
    else:
        raise ValueError("unknown format")
    if not isinstance(state.get("records"), dict) or not isinstance(state.get("walks"), list):
        raise ValueError("unknown format")
    return state
