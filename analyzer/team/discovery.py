"""Which repositories to analyse: paths given, listed in a file, or found below a folder."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from analyzer.errors import StackfitError
from analyzer.safe_files import USER_FILE_MAX_BYTES
from analyzer.safe_files import read_user_file

# Folders that hold other people's code or build output, never a team's repositories.
SKIPPED_FOLDERS = frozenset(
    {
        "node_modules",
        "vendor",
        "bower_components",
        "third_party",
        "site-packages",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "__pycache__",
        "target",
        "build",
        "dist",
        ".cache",
        ".terraform",
        ".gradle",
        ".idea",
    }
)


def read_repo_list(path: Path) -> list[str]:
    """One path a line; blank lines and lines starting with # are skipped.

    Relative paths are relative to the list file's folder, so a list travels with its checkouts.
    """
    raw = read_user_file(path, USER_FILE_MAX_BYTES, "--repos-from")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise StackfitError(f"--repos-from {path} is not UTF-8 text", "save it as UTF-8") from None
    entries = []
    for line in text.splitlines():
        entry = line.strip()
        if entry and not entry.startswith("#"):
            entries.append(str(path.parent / Path(entry).expanduser()))
    return entries


def discover(folder: Path) -> list[str]:
    """Every git repository below FOLDER (work trees and bare ones), sorted.

    A repository's own subfolders are not searched (its submodules belong to it), symlinks are
    never followed, and folders of dependencies and build output are skipped.
    """
    if not folder.is_dir():
        raise StackfitError(f"--discover {folder}: not a folder", "pass a folder of repositories")
    found: list[str] = []
    for top, folders, files in os.walk(folder, followlinks=False):
        here = Path(top)
        if ".git" in folders or ".git" in files or _is_bare(here):
            found.append(str(here))
            folders[:] = []  # a repository's insides are its own
            continue
        folders[:] = sorted(name for name in folders if name not in SKIPPED_FOLDERS)
    return sorted(found)


def _is_bare(folder: Path) -> bool:
    """A bare repository: HEAD, objects/ and refs/ directly inside."""
    return (
        (folder / "HEAD").is_file()
        and (folder / "objects").is_dir()
        and (folder / "refs").is_dir()
        and not (folder / "HEAD").is_symlink()
    )


def unique_paths(paths: Iterable[str]) -> list[str]:
    """PATHS in order, each repository once (by its resolved folder)."""
    seen: set[Path] = set()
    kept = []
    for path in paths:
        resolved = Path(path).expanduser().resolve()
        if resolved not in seen:
            seen.add(resolved)
            kept.append(path)
    return kept
