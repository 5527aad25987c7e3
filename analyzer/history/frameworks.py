"""Framework work per contact: the lines each one changed in the files that use a framework.

A pure join of two maps when a repository is mined: current file → frameworks it uses
(code/file_frameworks.py) and current file → each contact's work on it, renames followed
(history/fold.py's FileHistory). skills/frameworks.py joins contacts into people and scores the
work with the language skill model, so a framework's level means what a language's level means.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime

from analyzer.code.document import FileFrameworks
from analyzer.git.repository import Repository
from analyzer.history.fold import FileHistory
from analyzer.history.identity import Contact
from analyzer.languages.tree import Classifier
from analyzer.languages.tree import HeadTree


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


def read_frameworks(repo: Repository, head: HeadTree, classifier: Classifier) -> FileFrameworks:
    """The frameworks of each current file (the one step here that reads the repository)."""
    from analyzer.code.file_frameworks import read_file_frameworks  # tree-sitter loads only here
    from analyzer.code.scan import ScanSettings

    return read_file_frameworks(repo, head, classifier, ScanSettings())
