"""An incremental store of parsed commits, so that a warm run reads only the commits it lacks.

Files per repository in the user's cache folder (never inside the analysed repository): its
commits (`.commits`: each commit's parsed record keyed by sha, and the last few walks, the
ordered shas that `git log` lists for a revision); its last few finished results, each with the
fold it came from (`.mined`, one per HEAD and settings), so that a repeated run reads no history
and a new commit on top is folded alone; and what its blobs hold (`.blobs`: languages settled by
content, generated markers, imported frameworks, by blob), so that only new blobs are read.
Each file is written whole to a temporary file and renamed over the old one (`os.replace`), so
concurrent runs and a run killed mid-write always leave either the old or the new file, never a
torn one; the last writer wins and a lost update only costs a re-read. A single file read in one
go is faster than tens of thousands of sqlite rows, and needs no locking. An HMAC of each file
under a per-user key (cache_folder.py) detects damage and tampering before anything is loaded;
a damaged file is rebuilt with one warning. A folder others may write is not used at all.

Records are what git printed, before any stackfit setting is applied (exclusions, bots, aliases,
bulk rules run later, on every run), so only what changes git's own output invalidates them:
`.mailmap`, git's config (all of its files), attributes, grafts, a shallow boundary, and
stackfit's version. Those files are read with a cap and never through a link (safe_files.py).
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import pickle
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any
from typing import TypeVar

from analyzer import __version__
from analyzer.config import BULK_MIN_FILES
from analyzer.config import BULK_MIN_LINES
from analyzer.config import Settings
from analyzer.git.log import MAX_UNREADABLE_RETRIES
from analyzer.git.log import Commit
from analyzer.git.log import LogOptions
from analyzer.git.log import ReadStats
from analyzer.git.log import log_arguments
from analyzer.git.log import parse_log
from analyzer.git.log import rev_list_arguments
from analyzer.git.repository import GitFailure
from analyzer.git.repository import Repository
from analyzer.git.repository import read_blob
from analyzer.git.repository import run_git
from analyzer.git.repository import stream_git
from analyzer.git.repository import unreadable_blobs
from analyzer.git.walk import walk_commits
from analyzer.history.cache_folder import CacheRefused
from analyzer.history.cache_folder import clear_folder
from analyzer.history.cache_folder import open_folder
from analyzer.history.cache_folder import open_seal
from analyzer.history.cache_folder import read_cache_file
from analyzer.history.cache_folder import seal
from analyzer.history.cache_folder import write_atomically
from analyzer.history.cache_format import CACHE_FORMAT
from analyzer.history.cache_format import Record
from analyzer.history.cache_format import collector_paused
from analyzer.history.cache_format import decode
from analyzer.history.cache_format import dumps
from analyzer.history.cache_format import encode
from analyzer.history.cache_format import unpack_commits
from analyzer.languages.tree import HeadTree
from analyzer.languages.tree import KnownBlobs
from analyzer.safe_files import FileTooLarge
from analyzer.safe_files import read_regular_file
from analyzer.safe_files import special_kind

CACHE_DIR_ENV = "STACKFIT_CACHE_DIR"
# What a cache file was made by: a new release or format starts over (a development edit that
# changes the fold must bump CACHE_FORMAT).
CODE_KEY = f"stackfit {__version__} cache {CACHE_FORMAT}".encode()
SUFFIX = ".commits"
MINED_SUFFIX = ".mined"
BLOBS_SUFFIX = ".blobs"
MAX_TALLIES = 3  # finished results (each with its fold) kept per repository
_LENGTH_BYTES = 8  # a kept file's payload starts with the length of its pickled result
BASE_DIGITS = 16  # of the settings' key, in the names of those files
# HistoryTally's inputs, rebuilt on every run, and its scratch; every other field is the fold.
MAX_INCREMENT = 2000  # new commits folded on top of an earlier fold; more: fold afresh
MAX_WALKS = 4  # walks kept per repository: a few branches or --rev values stay warm
MAX_REPOSITORY_FILE_BYTES = 16 << 20  # .mailmap, config: larger ones count by size and date

Walk = tuple[str, bool, tuple[str, ...]]  # (head sha, include_merges, shas in git log order)


def cache_dir() -> Path:
    """$STACKFIT_CACHE_DIR, or the platform's user cache folder (platformdirs)."""
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("stackfit", appauthor=False)) / "commits"


def clear_cache(folder: Path | None = None) -> int:
    """Delete every cache file (and leftover temporary files) stackfit wrote; returns how many.

    Only files with stackfit's names and header go: the folder may be shared with other programs.
    """
    return clear_folder(folder or cache_dir())


@dataclass(frozen=True)
class FoldSettings:
    """The settings that shape a fold, and so the cache's key: the commit filters, the paths and
    authors set aside, the bulk rule and the as-of date (commits dated past it are skipped).

    Aliases, the config's source and the scoring settings apply after the fold: not in the key.
    """

    since: str | None = None
    until: str | None = None
    include_merges: bool = False
    exclude: tuple[str, ...] = ()
    bots: tuple[str, ...] = ()
    bulk_min_lines: int = BULK_MIN_LINES
    bulk_min_files: int = BULK_MIN_FILES
    as_of: date | str | None = None  # a day, or "head"

    @classmethod
    def of(cls, settings: Settings) -> FoldSettings:
        return cls(
            since=settings.since,
            until=settings.until,
            include_merges=settings.include_merges,
            exclude=tuple(settings.exclude),
            bots=tuple(settings.bots),
            bulk_min_lines=settings.bulk_min_lines,
            bulk_min_files=settings.bulk_min_files,
            as_of=settings.as_of,
        )

    @property
    def log_options(self) -> LogOptions:
        """The commit filters, as the history reader takes them."""
        return LogOptions(self.since, self.until, self.include_merges)

    def encoded(self) -> bytes:
        """Field by field, each value typed (JSON: a string, a number, a list, null)."""
        return json.dumps([[f.name, _plain(getattr(self, f.name))] for f in fields(self)]).encode()


def _plain(value: object) -> object:
    """VALUE as JSON holds it: a date as its ISO text, a tuple as a list."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


@dataclass(frozen=True)
class FoldSnapshot:
    """An earlier run's fold: its HEAD, the fold's state, what its classification rested on,
    what git could not read of its commits (the shas, and the reader's counts)."""

    head: str
    state: dict[str, Any]
    facts: Any
    stats: ReadStats
    unreadable: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """How a run gets its fold, as the cache found it.

    done: MINED, the finished result at this HEAD. extend: FOLD, an earlier fold, and COMMITS,
    the straight line on top of it (none: the fold is this HEAD's). replay: COMMITS from the
    cached records, the new ones read from git. fresh: COMMITS streamed from git.
    """

    kind: str
    commits: Iterable[Commit] = ()
    fold: FoldSnapshot | None = None
    mined: Any = None


def fresh_plan(repo: Repository, options: LogOptions, stats: ReadStats, jobs: int = 1) -> Plan:
    """The whole history from git, without the cache (--no-cache)."""
    return Plan("fresh", walk_commits(repo, options, stats, jobs))


class CommitCache:
    """One repository's cached commits: loaded once, read through, saved whole when it grew."""

    def __init__(self, repo: Repository, folder: Path | None = None) -> None:
        self.repo = repo
        self.folder = folder or cache_dir()
        identity = hashlib.sha256(os.fsencode(repo.git_dir.resolve())).hexdigest()[:32]
        self.path = self.folder / f"{identity}{SUFFIX}"
        self.identity = identity
        self.plan: Plan | None = None  # the last plan given: how this run got its fold
        self._unwritable = False  # after one failed write, the run stops trying (one warning)
        self._key: bytes | None = None  # the folder's secret key, once the folder is checked
        self._refused = False  # the folder is not private: no cache this run (one warning)
        self.warnings: list[str] = []  # for stderr only: the output must not depend on the cache
        self.fingerprint = _fingerprint(repo)
        self.blobs_path = self.folder / f"{identity}{BLOBS_SUFFIX}"
        self._known: KnownBlobs | None = None
        self.records: dict[str, Record] = {}
        self.walks: list[Walk] = []

    def plan_fold(self, key: FoldSettings, variant: str, stats: ReadStats, jobs: int = 1) -> Plan:
        """The cheapest way to this HEAD's fold under KEY: an earlier run's finished result
        (VARIANT names what else it holds), its fold, an earlier fold with the commits on top,
        or the commits themselves (replayed or fresh; STATS gets what git could not read)."""
        base = self._base_key(key)
        if base is not None:
            found = self._read_kept(self._result_path(base, variant), fold=False)
            if (
                found.get("mined") is not None
                and self._still_missing(found.get("missing", ()))
                and self._still_unreadable(found.get("unreadable", ()))
            ):
                return self._chosen(Plan("done", mined=found["mined"]))
            extension = self._extension(base)
            if extension is not None:
                return self._chosen(extension)
        return self.history(key.log_options, stats, jobs)

    def history(self, options: LogOptions, stats: ReadStats, jobs: int = 1) -> Plan:
        """The same commits, in the same order, as `iter_commits(repo, options, stats)`; a
        fresh read walks with JOBS git processes."""
        self._load()
        walk = self._walk(options)
        if walk is None:
            return self._chosen(self._fresh(options, stats, jobs))
        missing = [sha for sha in walk if sha not in self.records]
        if len(missing) * 2 > len(walk):  # mostly new: one full stream is cheaper
            return self._chosen(self._fresh(options, stats, jobs))
        if missing and not self._read_missing(missing):
            return self._chosen(self._fresh(options, stats, jobs))
        return self._chosen(Plan("replay", self._replay(options, walk, grew=bool(missing))))

    def _chosen(self, plan: Plan) -> Plan:
        self.plan = plan
        return plan

    def _replay(self, options: LogOptions, walk: tuple[str, ...], grew: bool) -> Iterator[Commit]:
        records = self.records
        for sha in walk:
            yield decode(sha, records[sha])
        if grew or not self._has_walk(options):
            self._save(options, walk)

    def _fresh(self, options: LogOptions, stats: ReadStats, jobs: int) -> Plan:
        """Stream the whole history from git (history.py's reader), recording what it parses."""
        stream = walk_commits(self.repo, options, stats, jobs)
        return Plan("fresh", self._recording(stream, options, stats))

    def _recording(
        self, stream: Iterator[Commit], options: LogOptions, stats: ReadStats
    ) -> Iterator[Commit]:
        walk: list[str] = []
        for commit in stream:
            walk.append(commit.sha)
            if commit.readable:
                self.records[commit.sha] = encode(commit)
            yield commit
        complete = not (stats.unreadable_commits or stats.truncated_after or stats.undated_commits)
        self._save(options, tuple(walk) if complete else None)

    def _read_missing(self, missing: list[str]) -> bool:
        """Parse MISSING into the records; False when git cannot."""
        parsed = self._parse(missing)
        if parsed is None:
            return False
        self.records.update(parsed)
        return True

    def _parse(self, shas: list[str]) -> dict[str, Record] | None:
        """SHAS parsed from one `git log --no-walk --stdin`; None when git cannot read them all."""
        args = log_arguments(self.repo.head, LogOptions(include_merges=True))[:-2]
        stream = stream_git(
            self.repo.root, [*args, "--no-walk=unsorted", "--stdin"], stdin_lines=shas
        )
        parsed: dict[str, Record] = {}
        try:
            for commit in parse_log(stream.chunks()):
                parsed[commit.sha] = encode(commit)
        except BaseException:  # Ctrl-C or a parse error: git must not outlive us
            stream.stop()
            raise
        status, _ = stream.finish()
        if status != 0 or len(parsed) != len(shas) or not all(s in parsed for s in shas):
            return None
        return parsed

    def _walk_key(self, options: LogOptions) -> tuple[str, bool] | None:
        """Walks are kept only without --since/--until: git reads dates like '2.weeks' as of now."""
        if options.since or options.until:
            return None
        return self.repo.head, options.include_merges

    def _has_walk(self, options: LogOptions) -> bool:
        key = self._walk_key(options)
        return key is not None and any((head, merges) == key for head, merges, _ in self.walks)

    def _walk(self, options: LogOptions) -> tuple[str, ...] | None:
        """The shas git log lists, in its order: remembered for this head, or from git rev-list."""
        if not self.records:
            return None
        key = self._walk_key(options)
        for head, merges, shas in self.walks:
            if (head, merges) == key:
                return shas
        try:
            out = run_git(self.repo.root, rev_list_arguments(self.repo.head, options))
        except GitFailure:
            return None  # the fresh stream reports what git cannot read
        return tuple(out.decode("ascii").split())

    def _secret(self) -> bytes | None:
        """The folder's key; None (after one warning) when the folder must not be used."""
        if self._key is None and not self._refused:
            try:
                self._key = open_folder(self.folder)
            except CacheRefused as refusal:
                self._refused = True
                self.warnings.append(str(refusal))
        return self._key

    def _read_sealed(self, path: Path) -> memoryview | None:
        """PATH's authenticated payload; None when absent, not ours, or damaged (one warning)."""
        key = self._secret()
        raw = read_cache_file(path) if key is not None else None
        if key is None or raw is None:  # no cache yet, or not a regular file: never followed
            return None
        try:
            return open_seal(key, path, raw)
        except ValueError as error:
            self._damaged(path, str(error))
            return None

    def _load(self) -> None:
        payload = self._read_sealed(self.path)
        if payload is None:
            return
        try:
            state = unpack_commits(payload)
        except ValueError as error:
            self._damaged(self.path, str(error))
            return
        if state is None or state.get("fingerprint") != self.fingerprint:
            return  # .mailmap, git config, shallow boundary or stackfit changed: start over
        self.records = state["records"]
        self.walks = [(head, merges, shas) for head, merges, shas in state["walks"]]

    def _save(self, options: LogOptions, walk: tuple[str, ...] | None) -> None:
        key = self._walk_key(options)
        if walk is not None and key is not None:
            self.walks = [(*key, walk), *(w for w in self.walks if (w[0], w[1]) != key)]
        self.walks = self.walks[:MAX_WALKS]
        kept = set(walk or ())
        for _, _, shas in self.walks:
            kept.update(shas)
        state = {
            "format": CACHE_FORMAT,
            "fingerprint": self.fingerprint,
            "path": str(self.repo.git_dir),
            "records": {sha: record for sha, record in self.records.items() if sha in kept},
            "walks": self.walks,
        }
        self._write(self.path, marshal.dumps(state))

    def known_blobs(self) -> KnownBlobs:
        """What earlier runs read in this repository's blobs (files.KnownBlobs), or nothing."""
        if self._known is None:
            self._known = KnownBlobs()
            payload = self._read_sealed(self.blobs_path)
            if payload is None:
                return self._known
            try:
                with collector_paused():
                    state = marshal.loads(payload)
            except (ValueError, EOFError, TypeError) as error:
                self._damaged(self.blobs_path, str(error))
                return self._known
            if isinstance(state, dict) and state.get("code") == CODE_KEY:
                self._known = KnownBlobs(state["heads"], state["imports"])
        return self._known

    def save_known_blobs(self, head: HeadTree) -> None:
        """Keep what this run read in HEAD's blobs, for the blobs still in its tree."""
        known = head.known
        if known is None or not known.learned:
            return
        shas = {tree_file.sha for tree_file in head.files.values()}
        state = {
            "code": CODE_KEY,
            "heads": _in_tree(known.heads, shas),
            "imports": _in_tree(known.imports, shas),
        }
        self._write(self.blobs_path, marshal.dumps(state))
        known.learned = False

    def _extension(self, base: str) -> Plan | None:
        """This HEAD's fold from an earlier run, or an earlier HEAD's with the commits on top.

        Only when the new commits are a straight line from the earlier fold's HEAD (no merge,
        nothing rewritten): git's walk then lists exactly them and then the earlier walk, so
        folding them and absorbing the earlier fold gives the fresh fold's result. Neither the
        whole walk nor the cached records are needed: one `git rev-list` of the new commits.
        """
        for path in self._kept(f"{base[:BASE_DIGITS]}-{self.repo.head}-*"):
            snapshot = self._snapshot(path, self.repo.head)
            if snapshot is not None:
                return Plan("extend", fold=snapshot)
        for path in self._kept(f"{base[:BASE_DIGITS]}-*"):
            head = path.name.rsplit("-", 2)[1]
            newer = self._line_on_top(head)
            if not newer:
                continue
            snapshot = self._snapshot(path, head)
            if snapshot is None:
                continue
            parsed = self._parse(newer)  # None when one of them cannot be read
            if parsed is None:
                return None
            return Plan("extend", [decode(sha, parsed[sha]) for sha in newer], snapshot)
        return None

    def _snapshot(self, path: Path, head: str) -> FoldSnapshot | None:
        """PATH's fold at HEAD; None when absent, damaged, or a commit it could not read can
        be read now (the fold would miss its work: folded afresh)."""
        kept = self._read_kept(path, fold=True)
        if kept.get("state") is None or not self._still_unreadable(kept.get("unreadable", ())):
            return None
        return FoldSnapshot(head, kept["state"], kept["facts"], kept["stats"], kept["unreadable"])

    def _still_unreadable(self, shas: tuple[str, ...]) -> bool:
        """Whether git still cannot read any of SHAS (each asked alone: one may be back)."""
        return all(self._parse([sha]) is None for sha in shas)

    def _still_missing(self, blobs: tuple[str, ...]) -> bool:
        """Whether every one of BLOBS, missing from HEAD's tree when the result was made, is
        still missing (one `git cat-file --batch-check`): one fetched back changes the result.

        A blob that goes missing later is not looked for, as for a result with none missing:
        that would mean listing the whole tree, the very work a kept result spares.
        """
        return not blobs or unreadable_blobs(self.repo, blobs) == set(blobs)

    def _line_on_top(self, earlier_head: str) -> list[str] | None:
        """The commits from EARLIER_HEAD to HEAD, newest first, when they form a straight line
        (each the only parent of the one before; the last one's parent EARLIER_HEAD); else None."""
        if earlier_head == self.repo.head:
            return None
        args = ["rev-list", "--parents", f"--max-count={MAX_INCREMENT + 1}", "--end-of-options"]
        try:
            out = run_git(self.repo.root, [*args, self.repo.head, f"^{earlier_head}"])
        except GitFailure:  # the earlier HEAD is gone (gc after a rewrite): fold afresh
            return None
        lines = [line.split() for line in out.decode("ascii").splitlines()]
        if not 0 < len(lines) <= MAX_INCREMENT:
            return None
        children = [line[0] for line in lines]
        parents = [line[1:] for line in lines]
        if parents[-1] != [earlier_head]:
            return None
        if any(parent != [child] for parent, child in zip(parents[:-1], children[1:], strict=True)):
            return None
        return children

    def _write(self, path: Path, payload: bytes) -> None:
        key = self._secret()
        if self._unwritable or key is None:
            return
        try:
            write_atomically(path, seal(key, path, payload))
        except OSError as error:
            self._unwritable = True
            self.warnings.append(f"cannot write the cache {path}: {error.strerror}")

    def _damaged(self, path: Path, reason: str) -> None:
        """One warning per damaged file, however often the run looks at it."""
        warning = f"the cache {path} was damaged ({reason}); it is rebuilt from git"
        if warning not in self.warnings:
            self.warnings.append(warning)

    def _kept(self, pattern: str) -> list[Path]:
        """Kept results of this repository whose name after the identity matches, newest first."""
        found = self.folder.glob(f"{self.identity}-{pattern}{MINED_SUFFIX}")
        return sorted(found, key=_modified, reverse=True)

    def _base_key(self, key: FoldSettings) -> str | None:
        """The fold's key without HEAD: folds under the same settings, at any commit."""
        if key.since or key.until:  # relative dates move with the clock
            return None
        digest = hashlib.sha256(self.fingerprint.encode())
        digest.update(b"\0" + key.encoded())
        return digest.hexdigest()

    def save_result(
        self,
        key: FoldSettings,
        variant: str,
        mined: object,
        fold: FoldSnapshot | None,
        missing: Iterable[str] = (),
    ) -> None:
        """Keep this HEAD's finished result (None: not complete) and FOLD (None: not kept),
        each with the commits git could not read, to be asked again; the result also with the
        blobs of HEAD's tree that were MISSING, so that it is used only while they still are.

        One file: the length of the pickled result, the result, then the pickled fold, so that
        a warm run unpickles only the result and a run that extends the fold only the fold.
        """
        base = self._base_key(key)
        if base is None or (mined is None and fold is None) or self._secret() is None:
            return
        unreadable = fold.unreadable if fold is not None else ()
        kept: dict[str, Any] = {"state": None}
        if fold is not None:
            kept = {
                "state": fold.state,
                "facts": fold.facts,
                "stats": fold.stats,
                "unreadable": unreadable,
            }
        try:
            result = dumps(
                {"mined": mined, "unreadable": unreadable, "missing": tuple(sorted(missing))}
            )
            folded = dumps(kept)
        except (pickle.PicklingError, TypeError, AttributeError):  # a field that cannot be kept
            return
        payload = b"".join([len(result).to_bytes(_LENGTH_BYTES, "big"), result, folded])
        self._write(self._result_path(base, variant), payload)
        for old in self._kept("*")[MAX_TALLIES:]:
            old.unlink(missing_ok=True)

    def _result_path(self, base: str, variant: str) -> Path:
        """One file per HEAD, settings and variant: all three are in its name."""
        name = f"{self.identity}-{base[:BASE_DIGITS]}-{self.repo.head}-{variant}{MINED_SUFFIX}"
        return self.folder / name

    def _read_kept(self, path: Path, *, fold: bool) -> dict[str, Any]:
        """A kept file's result, or with FOLD its fold; {} when absent or unreadable."""
        payload = self._read_sealed(path)
        if payload is None:
            return {}
        try:
            split = _LENGTH_BYTES + int.from_bytes(payload[:_LENGTH_BYTES], "big")
            part = payload[split:] if fold else payload[_LENGTH_BYTES:split]
            with collector_paused():
                found = pickle.loads(part)  # authenticated: written by this user's stackfit
        except Exception:  # written by another stackfit: the work is simply redone
            return {}
        return found if isinstance(found, dict) else {}


_Fact = TypeVar("_Fact")


def _in_tree(facts: dict[str, _Fact], shas: set[str]) -> dict[str, _Fact]:
    """FACTS keyed "sha:..." of the blobs in SHAS: facts of blobs gone from the tree go."""
    return {key: fact for key, fact in facts.items() if key.partition(":")[0] in shas}


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def keeps_fold(stats: ReadStats, future_commits: int) -> bool:
    """Whether a fold read with STATS may be kept: git listed and read every commit, or tried
    each one it could not read alone (past MAX_UNREADABLE_RETRIES the rest is read without
    contents, readable or not). Commits skipped as future-dated hold today's cut-off: not kept.
    """
    incomplete = stats.truncated_after or stats.undated_commits or future_commits
    return not incomplete and stats.unreadable_commits < MAX_UNREADABLE_RETRIES


def _fingerprint(repo: Repository) -> str:
    """What changes git's own output for a sha: .mailmap, git's config (every file, includes
    resolved) and the attributes git reads (binary or not changes --numstat), grafts, the
    shallow boundary, and stackfit's version."""
    git_dir = repo.git_dir
    config = _git_config(repo)
    files = [
        git_dir / "config",
        git_dir / "shallow",
        git_dir / "info" / "grafts",
        git_dir / "info" / "attributes",
        _attributes_file(config),
    ]
    if not repo.bare:
        files += [repo.root / ".mailmap", repo.root / ".gitattributes"]
    parts = [
        CODE_KEY,
        read_blob(repo, "HEAD:.mailmap") or b"" if repo.bare else b"",
        config,
        *(_file_part(path) for path in files),
    ]
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _git_config(repo: Repository) -> bytes:
    """Every setting git applies here (system, global, repository, worktree, included files)."""
    try:
        return run_git(repo.root, ["config", "-z", "--list"])
    except GitFailure:
        return b""


def _attributes_file(config: bytes) -> Path:
    """core.attributesFile, or git's default one in the user's config folder."""
    for entry in config.split(b"\0"):
        key, _, value = entry.partition(b"\n")
        if key.lower() == b"core.attributesfile":
            return Path(os.fsdecode(value)).expanduser()
    home = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(home, "git", "attributes")


def _file_part(path: Path) -> bytes:
    """PATH's bytes for a fingerprint, read safely; what stands there when it cannot be read."""
    try:
        data = read_regular_file(path, MAX_REPOSITORY_FILE_BYTES)
    except FileTooLarge as large:
        return b"!large %d %d" % (large.size, large.mtime_ns)
    if data is None:
        return f"!{special_kind(path) or 'none'}".encode()
    return b"=" + data
