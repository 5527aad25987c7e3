"""The commit cache's folder: private to its user, files authenticated before they are loaded.

A cache file becomes objects by unpickling, so whoever can write the folder could run code in
stackfit. The folder is made 0700 and refused (the run goes on without the cache) when another
user owns it or anyone else may write it. Each file carries an HMAC-SHA256 of its name and
payload under a per-user secret key kept 0600 in the folder, checked before anything is
unpickled: a plain checksum can be recomputed by anyone, a keyed one only by the key's owner.
Files are read without following symbolic links and only when regular (safe_files), and
`stackfit cache clear` removes only files with stackfit's names and header.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import secrets
import stat
import tempfile
import time
from pathlib import Path

from analyzer.safe_files import FileTooLarge
from analyzer.safe_files import read_file_start
from analyzer.safe_files import read_regular_file

MAGIC = b"stackfit-cache-hmac\n"
OLD_MAGIC = b"stackfit-commit-cache\n"  # sealed with a plain SHA-256 by an earlier stackfit
KEY_MAGIC = b"stackfit-cache-key\n"
KEY_NAME = "stackfit-cache.key"
KEY_BYTES = 32
DIGEST_BYTES = 32
TEMP_PREFIX = ".stackfit-tmp-"
OLD_TEMP_PREFIX = ".tmp-"
MAX_CACHE_FILE_BYTES = 4 << 30  # a larger file is not one stackfit wrote
STALE_TEMP_SECONDS = 3600  # a temporary file this old was left by a killed run
_SHARED_BITS = stat.S_IWGRP | stat.S_IWOTH
_CACHE_NAME = re.compile(r"[0-9a-f]{32}(-[0-9A-Za-z-]+)?\.(commits|blobs|mined|tally)")
_HEADERS = (MAGIC, OLD_MAGIC, KEY_MAGIC)
_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


class CacheRefused(Exception):
    """The folder must not be used: the message is the one-line warning, the run goes on."""


def open_folder(folder: Path) -> bytes:
    """FOLDER's secret key, once the folder is made (0700) and checked to be this user's alone."""
    try:
        _make_private(folder)
        facts = os.stat(folder)
    except OSError as error:
        raise CacheRefused(f"cannot write the cache {folder}: {error.strerror}") from None
    unused = "the run goes on without the cache"
    if facts.st_uid != os.geteuid():
        raise CacheRefused(
            f"the cache folder {folder} belongs to another user; {unused} "
            "(fix: set STACKFIT_CACHE_DIR to a folder of your own)"
        )
    if facts.st_mode & _SHARED_BITS:
        mode = stat.S_IMODE(facts.st_mode)
        raise CacheRefused(
            f"the cache folder {folder} can be written by others (mode {mode:o}); {unused} "
            f"(fix: chmod 700 {folder})"
        )
    return _secret_key(folder)


def _make_private(folder: Path) -> None:
    """Create FOLDER and any missing parent with mode 0700 (whatever the umask grants)."""
    missing = []
    path = folder
    while not os.path.lexists(path) and path != path.parent:
        missing.append(path)
        path = path.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):  # a concurrent run made it
            os.mkdir(path, 0o700)


def _secret_key(folder: Path) -> bytes:
    path = folder / KEY_NAME
    key = _read_key(path)
    if key is None:
        _create_key(path)
        key = _read_key(path)
    if key is None:
        raise CacheRefused(f"cannot write the cache key {path}")
    return key


def _read_key(path: Path) -> bytes | None:
    """The key in PATH, None when there is none; refused unless a 0600 regular file of ours."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise CacheRefused(_bad_key(path, error.strerror or "unreadable")) from None
    with os.fdopen(descriptor, "rb") as handle:
        facts = os.fstat(descriptor)
        if not stat.S_ISREG(facts.st_mode) or facts.st_uid != os.geteuid():
            raise CacheRefused(_bad_key(path, "not a file of yours"))
        if facts.st_mode & 0o077:
            raise CacheRefused(_bad_key(path, "readable by others"))
        data = handle.read(len(KEY_MAGIC) + KEY_BYTES + 1)
    if len(data) != len(KEY_MAGIC) + KEY_BYTES or not data.startswith(KEY_MAGIC):
        raise CacheRefused(_bad_key(path, "damaged"))
    return data[len(KEY_MAGIC) :]


def _bad_key(path: Path, reason: str) -> str:
    return f"the cache key {path} is {reason}; the run goes on without the cache (fix: rm {path})"


def _create_key(path: Path) -> None:
    """Write a new key whole, then link it in place: a concurrent run sees all of it or none."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX)  # 0600
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(KEY_MAGIC + secrets.token_bytes(KEY_BYTES))
        with contextlib.suppress(FileExistsError):  # another run's key wins
            os.link(temporary, path)
    except OSError as error:
        raise CacheRefused(f"cannot write the cache key {path}: {error.strerror}") from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def seal(key: bytes, path: Path, payload: bytes) -> bytes:
    """PAYLOAD with the header and its HMAC, bound to the file's name (no swapping files)."""
    return MAGIC + _mac(key, path, payload) + payload


def open_seal(key: bytes, path: Path, raw: bytes) -> memoryview | None:
    """The authenticated payload of RAW; None when an earlier stackfit wrote it (redone quietly).

    ValueError says how the file is damaged; nothing of it was interpreted.
    """
    if raw.startswith(OLD_MAGIC):
        return None
    if not raw.startswith(MAGIC):
        raise ValueError("not a stackfit cache file")
    view = memoryview(raw)
    digest = view[len(MAGIC) : len(MAGIC) + DIGEST_BYTES]
    payload = view[len(MAGIC) + DIGEST_BYTES :]
    if not hmac.compare_digest(_mac(key, path, payload), digest):
        raise ValueError("checksum mismatch")
    return payload


def _mac(key: bytes, path: Path, payload: bytes | memoryview) -> bytes:
    mac = hmac.new(key, path.name.encode("utf-8", "surrogateescape") + b"\0", hashlib.sha256)
    mac.update(payload)
    return mac.digest()


def read_cache_file(path: Path) -> bytes | None:
    """A cache file's bytes: only a regular file, never through a link; None otherwise."""
    try:
        return read_regular_file(path, MAX_CACHE_FILE_BYTES)
    except FileTooLarge:
        return None


def write_atomically(target: Path, data: bytes) -> None:
    """Write DATA (mode 0600) to a temporary file beside TARGET and rename it over TARGET."""
    remove_stale_temporaries(target.parent)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_stale_temporaries(folder: Path) -> None:
    """stackfit's temporary files left by a run killed before its rename (an hour old)."""
    limit = time.time() - STALE_TEMP_SECONDS
    for entry in _entries(folder):
        if not _is_temporary(entry.name):
            continue
        with contextlib.suppress(OSError):
            old = entry.stat(follow_symlinks=False).st_mtime < limit
            if old and _made_by_stackfit(entry, partial=True):
                os.unlink(entry.path)


def clear_folder(folder: Path) -> int:
    """Delete stackfit's cache files in FOLDER, never another program's; returns how many."""
    removed = 0
    for entry in _entries(folder):
        temporary = _is_temporary(entry.name)
        if not (temporary or _CACHE_NAME.fullmatch(entry.name)):
            continue
        if _made_by_stackfit(entry, partial=temporary):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
                removed += 1
    return removed


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def _is_temporary(name: str) -> bool:
    return name.startswith((TEMP_PREFIX, OLD_TEMP_PREFIX))


def _made_by_stackfit(entry: os.DirEntry[str], *, partial: bool) -> bool:
    """A regular file (not a link) starting with a stackfit header; with PARTIAL, a temporary
    file cut short anywhere in its header (a killed run) counts too."""
    head = read_file_start(Path(entry.path), max(len(header) for header in _HEADERS))
    if head is None:
        return False
    if entry.name.startswith(OLD_TEMP_PREFIX) and not head.startswith(OLD_MAGIC):
        return False  # an earlier stackfit's prefix is common: its whole header must be there
    if partial:
        return any(head[: len(header)] == header[: len(head)] for header in _HEADERS)
    return any(head.startswith(header) for header in _HEADERS)
