"""An incremental store of parsed commits, so that a warm run reads only the commits it lacks.

One file per repository in the user's cache folder (never inside the analysed repository). It
holds each commit's parsed record keyed by sha, and the last few walks (the ordered shas that
`git log` lists for a revision). The file is written whole to a temporary file and renamed over
the old one (`os.replace`), so concurrent runs and a run killed mid-write always leave either the
old or the new file, never a torn one; the last writer wins and a lost update only costs a
re-read. A single file read in one go is faster than tens of thousands of sqlite rows, and needs
no locking. A SHA-256 of the payload detects damage; a damaged file is rebuilt with one warning.

Records are what git printed, before any stackfit setting is applied (exclusions, bots, aliases,
bulk rules run later, on every run), so only what changes git's own output invalidates them:
`.mailmap`, the repository's git config, a shallow boundary, and stackfit's version.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import tempfile
import time
from collections.abc import Collection
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import fields
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from pathlib import Path
from typing import Any

from analyzer import __version__
from analyzer.history import Commit
from analyzer.history import FileChange
from analyzer.history import LogOptions
from analyzer.history import ReadStats
from analyzer.history import iter_commits
from analyzer.history import log_arguments
from analyzer.history import parse_log
from analyzer.history import rev_list_arguments
from analyzer.repo import GitFailure
from analyzer.repo import Repository
from analyzer.repo import read_blob
from analyzer.repo import run_git
from analyzer.repo import stream_git
from analyzer.tally import HistoryTally

CACHE_DIR_ENV = "STACKFIT_CACHE_DIR"
CACHE_FORMAT = 1
MAGIC = b"stackfit-commit-cache\n"
DIGEST_BYTES = 32
SUFFIX = ".commits"
TALLY_SUFFIX = ".tally"
MINED_SUFFIX = ".mined"
MAX_TALLIES = 3  # folded histories (and finished results) kept per repository
BASE_DIGITS = 16  # of the settings' key, in the names of those files
# HistoryTally's inputs, rebuilt on every run; every other field is the fold's result.
_TALLY_INPUTS = frozenset({"classifier", "is_bot", "current_files", "ignore_revs", "bulk_rule"})
PACKAGE_DIR = Path(__file__).resolve().parent
TEMP_PREFIX = ".tmp-"
MAX_INCREMENT = 2000  # new commits folded on top of an earlier fold; more: fold afresh
MAX_WALKS = 4  # walks kept per repository: a few branches or --rev values stay warm
STALE_TEMP_SECONDS = 3600  # a temporary file this old was left by a killed run

# A record: (parents, author_name, author_email, epoch, utc_offset_seconds, coauthors, changes).
Record = tuple[Any, ...]
Walk = tuple[str, bool, tuple[str, ...]]  # (head sha, include_merges, shas in git log order)


def cache_dir() -> Path:
    """$STACKFIT_CACHE_DIR, or the platform's user cache folder (platformdirs)."""
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("stackfit", appauthor=False)) / "commits"


def clear_cache(folder: Path | None = None) -> int:
    """Delete every cache file (and leftover temporary files); returns how many."""
    folder = folder or cache_dir()
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.iterdir():
        if path.name.endswith((SUFFIX, TALLY_SUFFIX, MINED_SUFFIX)) or path.name.startswith(
            TEMP_PREFIX
        ):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


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
    )


_ZONES: dict[int, timezone] = {0: timezone.utc}


def decode(sha: str, record: Record) -> Commit:
    """The Commit that `encode` stored, equal to the one parsed from git."""
    parents, name, email, epoch, offset, coauthors, changes = record
    zone = _ZONES.get(offset)
    if zone is None:
        zone = _ZONES[offset] = timezone(timedelta(seconds=offset))
    return Commit(
        sha,
        parents,
        name,
        email,
        datetime.fromtimestamp(epoch, zone),
        coauthors,
        tuple(FileChange._make(change) for change in changes),
    )


class CommitCache:
    """One repository's cached commits: loaded once, read through, saved whole when it grew."""

    def __init__(self, repo: Repository, folder: Path | None = None) -> None:
        self.repo = repo
        self.folder = folder or cache_dir()
        identity = hashlib.sha256(os.fsencode(repo.git_dir.resolve())).hexdigest()[:32]
        self.path = self.folder / f"{identity}{SUFFIX}"
        self.identity = identity
        self.tally_restored = False
        self.fold_extended = False  # an earlier fold was extended by the new commits only
        self._unwritable = False  # after one failed write, the run stops trying (one warning)
        self.warnings: list[str] = []  # for stderr only: the output must not depend on the cache
        self.fingerprint = _fingerprint(repo)
        self.records: dict[str, Record] = {}
        self.walks: list[Walk] = []
        self.hits = 0
        self.misses = 0

    def commits(self, options: LogOptions, stats: ReadStats) -> Iterator[Commit]:
        """The same commits, in the same order, as `iter_commits(repo, options, stats)`."""
        self._load()
        walk = self._walk(options)
        if walk is None:
            return self._fresh(options, stats)
        missing = [sha for sha in walk if sha not in self.records]
        if len(missing) * 2 > len(walk):  # mostly new: one full stream is cheaper
            return self._fresh(options, stats)
        if missing and not self._read_missing(missing):
            return self._fresh(options, stats)
        self.hits, self.misses = len(walk) - len(missing), len(missing)
        return self._replay(options, walk, grew=bool(missing))

    def _replay(self, options: LogOptions, walk: tuple[str, ...], grew: bool) -> Iterator[Commit]:
        records = self.records
        for sha in walk:
            yield decode(sha, records[sha])
        if grew or not self._has_walk(options):
            self._save(options, walk)

    def _fresh(self, options: LogOptions, stats: ReadStats) -> Iterator[Commit]:
        """Stream the whole history from git (history.py's reader), recording what it parses."""
        stream = iter_commits(self.repo, options, stats)
        return self._recording(stream, options, stats)

    def _recording(
        self, stream: Iterator[Commit], options: LogOptions, stats: ReadStats
    ) -> Iterator[Commit]:
        walk: list[str] = []
        for commit in stream:
            walk.append(commit.sha)
            if commit.readable:
                self.records[commit.sha] = encode(commit)
            yield commit
        self.misses = len(walk)
        complete = stats.unreadable_commits == 0 and stats.truncated_after is None
        self._save(options, tuple(walk) if complete else None)

    def _read_missing(self, missing: list[str]) -> bool:
        """Parse MISSING from one `git log --no-walk --stdin`; False when git cannot."""
        args = log_arguments(self.repo.head, LogOptions(include_merges=True))[:-2]
        stream = stream_git(
            self.repo.root, [*args, "--no-walk=unsorted", "--stdin"], stdin_lines=missing
        )
        parsed: dict[str, Record] = {}
        try:
            for commit in parse_log(stream.chunks()):
                parsed[commit.sha] = encode(commit)
        except BaseException:  # Ctrl-C or a parse error: git must not outlive us
            stream.stop()
            raise
        status, _ = stream.finish()
        if status != 0 or len(parsed) != len(missing) or not all(s in parsed for s in missing):
            return False
        self.records.update(parsed)
        return True

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

    def _load(self) -> None:
        try:
            raw = self.path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):  # no cache yet; a write says why not
            return
        except OSError as error:
            self.warnings.append(f"cannot read the cache {self.path}: {error.strerror}")
            return
        try:
            state = _unpack(raw)
        except ValueError as error:
            self.warnings.append(
                f"the cache {self.path} was damaged ({error}); it is rebuilt from git"
            )
            return
        if state.get("fingerprint") != self.fingerprint:
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
        self._write(self.path, _pack(state))

    def load_tally(self, options: LogOptions, settings: object) -> dict[str, Any] | None:
        """The fold of this HEAD's history under these SETTINGS, from an earlier run, or None.

        A repeated run at the same HEAD (the pre-commit hook, a CI re-run) skips the fold.
        """
        base = self._base_key(options, settings)
        if base is None:
            return None
        snapshot = self._read_pickle(self._tally_path(base, self.repo.head))
        self.tally_restored = bool(snapshot)
        return snapshot["state"] if snapshot else None

    def load_increment(
        self, options: LogOptions, settings: object
    ) -> tuple[list[Commit], FoldSnapshot] | None:
        """An earlier fold whose history this HEAD's extends, and the commits on top of it.

        Only when git lists exactly those commits and then the earlier walk, in the same order
        (new commits on top, nothing rewritten or backdated into the middle): folding the new
        commits and absorbing the earlier fold then gives the fresh fold's result.
        """
        base = self._base_key(options, settings)
        if base is None:
            return None
        pattern = f"{self.identity}-{base[:BASE_DIGITS]}-*{TALLY_SUFFIX}"
        newest_first = sorted(self.folder.glob(pattern), key=_modified, reverse=True)
        heads = [path.name.rsplit("-", 1)[1].removesuffix(TALLY_SUFFIX) for path in newest_first]
        if not heads:
            return None
        self._load()
        walk = self._walk(options)
        if walk is None:
            return None
        walks = {(head, merges): shas for head, merges, shas in self.walks}
        for head in heads:
            old = walks.get((head, options.include_merges))
            newer = len(walk) - len(old) if old is not None else 0
            if old is None or not 0 < newer <= MAX_INCREMENT or walk[newer:] != old:
                continue
            snapshot = self._read_pickle(self._tally_path(base, head))
            if not snapshot:
                continue
            missing = [sha for sha in walk[:newer] if sha not in self.records]
            if missing and not self._read_missing(missing):
                return None
            commits = [decode(sha, self.records[sha]) for sha in walk[:newer]]
            self._save(options, walk)  # the next commit extends this walk in turn
            return commits, FoldSnapshot(head, snapshot["state"], snapshot["facts"])
        return None

    def touched(self, head: str, include_merges: bool, paths: Collection[str]) -> bool:
        """Whether a commit of HEAD's cached walk changed one of PATHS (unknown: True).

        The records hold every change git listed, so no second walk of the history is needed.
        """
        walk = next((w for h, m, w in self.walks if (h, m) == (head, include_merges)), None)
        if walk is None:
            return True
        for sha in walk:
            record = self.records.get(sha)
            if record is None:
                return True
            for change in record[6]:
                if change[0] in paths or (len(change) > 3 and change[3] in paths):
                    return True
        return False

    def save_tally(
        self,
        options: LogOptions,
        settings: object,
        tally: HistoryTally,
        stats: ReadStats,
        facts: object = None,
    ) -> None:
        """Keep the fold, unless git could not read everything (then the next run retries).

        FACTS are what the fold's classification rested on, for a later run to compare.
        """
        base = self._base_key(options, settings)
        if base is None or stats.unreadable_commits or stats.truncated_after:
            return
        state = {
            f.name: getattr(tally, f.name) for f in fields(tally) if f.name not in _TALLY_INPUTS
        }
        self._keep(self._tally_path(base, self.repo.head), {"state": state, "facts": facts})

    def _write(self, path: Path, data: bytes) -> None:
        if self._unwritable:
            return
        try:
            _write_atomically(path, data)
        except OSError as error:
            self._unwritable = True
            self.warnings.append(f"cannot write the cache {path}: {error.strerror}")

    def _tally_path(self, base: str, head: str) -> Path:
        """One file per fold: its settings' key and its HEAD are in the name."""
        return self.folder / f"{self.identity}-{base[:BASE_DIGITS]}-{head}{TALLY_SUFFIX}"

    def _mined_path(self, base: str, variant: str) -> Path:
        name = f"{self.identity}-{base[:BASE_DIGITS]}-{self.repo.head}-{variant}{MINED_SUFFIX}"
        return self.folder / name

    def _keep(self, path: Path, value: dict[str, Any]) -> None:
        """Write one kept result and forget the oldest beyond MAX_TALLIES of its kind."""
        try:
            data = _seal(pickle.dumps(value, protocol=5))
        except (pickle.PicklingError, TypeError, AttributeError):  # a field that cannot be kept
            return
        self._write(path, data)
        kept = sorted(
            self.folder.glob(f"{self.identity}-*{path.suffix}"),
            key=_modified,
            reverse=True,
        )
        for old in kept[MAX_TALLIES:]:
            old.unlink(missing_ok=True)

    def _base_key(self, options: LogOptions, settings: object) -> str | None:
        """The fold's key without HEAD: folds under the same settings, at any commit."""
        if options.since or options.until:  # relative dates move with the clock
            return None
        parts = (self.fingerprint, repr(options), repr(settings))
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def load_mined(self, options: LogOptions, settings: object, variant: str) -> Any:
        """The finished result of an earlier run at this HEAD under these settings, or None.

        A repeated run (the pre-commit hook, a CI re-run) then reads neither the tree nor the
        fold. VARIANT names what else the result holds (frameworks or not).
        """
        base = self._base_key(options, settings)
        if base is None:
            return None
        found = self._read_pickle(self._mined_path(base, variant)).get("mined")
        self.tally_restored = found is not None
        return found

    def save_mined(self, options: LogOptions, settings: object, variant: str, mined: Any) -> None:
        base = self._base_key(options, settings)
        if base is not None:
            self._keep(self._mined_path(base, variant), {"mined": mined})

    def _read_pickle(self, path: Path) -> dict[str, Any]:
        try:
            raw = path.read_bytes()
        except OSError:
            return {}
        try:
            found = pickle.loads(_open_seal(raw))  # our own file (mode 0600), checksummed
        except ValueError as error:
            self.warnings.append(f"the cache {path} was damaged ({error}); it is rebuilt from git")
            return {}
        except Exception:  # written by another stackfit: the work is simply redone
            return {}
        return found if isinstance(found, dict) else {}


@dataclass(frozen=True)
class FoldSnapshot:
    """An earlier run's fold: its HEAD, the fold's state and what its classification rested on."""

    head: str
    state: dict[str, Any]
    facts: Any


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def restore_tally(tally: HistoryTally, state: dict[str, Any]) -> None:
    """Put a saved fold into a freshly built tally (its inputs stay this run's)."""
    for name, value in state.items():
        setattr(tally, name, value)


def _fingerprint(repo: Repository) -> str:
    """What changes git's own output for a sha: .mailmap, git config, shallow boundary, version."""
    if repo.bare:
        mailmap = read_blob(repo, "HEAD:.mailmap") or b""
    else:
        mailmap = _read_or_empty(repo.root / ".mailmap")
    parts = [
        f"stackfit {__version__} cache {CACHE_FORMAT}".encode(),
        _code_digest(),
        mailmap,
        _read_or_empty(repo.git_dir / "config"),
        _read_or_empty(repo.git_dir / "shallow"),
    ]
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _code_digest() -> bytes:
    """The source of what shapes a record or the fold: an edited parser or tally (a development
    build of the same version) starts over. A module the fold comes to depend on joins the list.
    """
    digest = hashlib.sha256()
    for path in _fold_sources():
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
        digest.update(_read_or_empty(path))
    return digest.digest()


def _fold_sources() -> list[Path]:
    files = [PACKAGE_DIR / f"{name}.py" for name in _FOLD_MODULES]
    found = [*(PACKAGE_DIR / "data").rglob("*.py"), *(PACKAGE_DIR / "code").rglob("*.py")]
    return sorted([*files, *found])


_FOLD_MODULES = (
    "cache", "errors", "files", "framework_skills", "history", "identity", "linguist", "mining",
    "repo", "rhythm", "tally",
)  # fmt: skip


def _read_or_empty(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _seal(payload: bytes) -> bytes:
    return MAGIC + hashlib.sha256(payload).digest() + payload


def _open_seal(raw: bytes) -> bytes:
    """The payload of a sealed file; ValueError says how the file is damaged."""
    if not raw.startswith(MAGIC):
        raise ValueError("not a stackfit cache file")
    digest, payload = raw[len(MAGIC) : len(MAGIC) + DIGEST_BYTES], raw[len(MAGIC) + DIGEST_BYTES :]
    if hashlib.sha256(payload).digest() != digest:
        raise ValueError("checksum mismatch")
    return payload


def _pack(state: dict[str, Any]) -> bytes:
    return _seal(marshal.dumps(state))


def _unpack(raw: bytes) -> dict[str, Any]:
    """The stored state; ValueError says how the file is damaged."""
    payload = _open_seal(raw)
    try:
        state = marshal.loads(payload)
    except (EOFError, TypeError, ValueError):
        raise ValueError("unreadable payload") from None
    if not isinstance(state, dict) or state.get("format") != CACHE_FORMAT:
        raise ValueError("unknown format")
    if not isinstance(state.get("records"), dict) or not isinstance(state.get("walks"), list):
        raise ValueError("unknown format")
    return state


def _write_atomically(target: Path, data: bytes) -> None:
    """Write DATA to a temporary file beside TARGET and rename it over TARGET."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(target.parent.iterdir())
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_stale_temporaries(paths: Iterable[Path]) -> None:
    """Temporary files left by a run that was killed before its rename."""
    limit = time.time() - STALE_TEMP_SECONDS
    for path in paths:
        if path.name.startswith(TEMP_PREFIX):
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
            except OSError:
                pass
