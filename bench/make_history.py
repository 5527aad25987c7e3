"""Build a large synthetic git history for benchmarking `stackfit skills`.

One `git fast-import` process is fed a stream generated on the fly: a linear history of
non-merge commits by a team of authors in several time zones, over about five years that end
at --end-date (default: today, UTC). Files in several languages (plus docs and a vendor/
folder) are created over time; every commit touches 1-5 files and really changes their
contents, so `git log --numstat` reports true line counts. A few hundred commits rename a file
(often with a small edit), so `git log -M` finds renames too.

The same seed, sizes and --end-date give the same repository, commit ids included.

    python bench/make_history.py [OUT_DIR] [--commits N] [--authors N] [--files N] [--seed S]
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import timezone
from pathlib import Path
from typing import IO

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_OUT = BENCH_DIR / "work" / "history"
MARKER = "stackfit-bench.json"  # written into the new repository's .git directory
YEARS = 5.0
SECONDS_PER_DAY = 86_400
TIME_BUCKETS = 200  # the author roster is precomputed per slice of history
CREATE_BY = 0.75  # all files exist after this share of the history

# Share of files per kind of file ("vendor" files live under vendor/ and are Go or JavaScript).
KIND_WEIGHTS: dict[str, float] = {
    "py": 22,
    "go": 15,
    "ts": 14,
    "java": 12,
    "js": 9,
    "rb": 7,
    "php": 6,
    "md": 6,
    "vendor": 9,
}
PRIMARY_KINDS = ("py", "go", "ts", "java", "js", "rb", "php")
FILES_PER_COMMIT = (1, 2, 3, 4, 5)
FILES_PER_COMMIT_WEIGHTS = (40, 25, 17, 10, 8)
TIME_ZONES_MINUTES = (
    -480, -420, -360, -300, -240, -210, -180, 0, 0, 60,
    60, 120, 180, 330, 345, 480, 540, 570, 600, 720,
)  # fmt: skip

SERVICES = (
    "billing", "accounts", "search", "catalog", "orders", "payments", "shipping", "inventory",
    "auth", "notifications", "reports", "gateway", "pricing", "ledger", "media", "sessions",
)  # fmt: skip
WORDS = (
    "alpha", "batch", "cache", "client", "config", "cursor", "digest", "event", "export", "filter",
    "format", "handler", "index", "job", "key", "limit", "loader", "mapper", "merge", "model",
    "parser", "policy", "queue", "quota", "reader", "record", "render", "retry", "router", "rule",
    "schema", "scope", "signal", "store", "stream", "table", "task", "token", "tracker", "util",
    "view", "worker", "writer", "zone", "audit", "bridge", "codec", "delta", "entry", "graph",
)  # fmt: skip
VENDOR_ORGS = ("acme", "gorilla", "spf13", "pkg", "sirupsen", "stretchr", "google", "uber")
FIRST_NAMES = (
    "Ada", "Alan", "Amara", "Ana", "Arjun", "Bea", "Bruno", "Chen", "Chloe", "Dario", "Dmitri",
    "Elena", "Emeka", "Farah", "Felix", "Grace", "Hana", "Hugo", "Ines", "Ivan", "Jamal", "Jana",
    "Joon", "Kai", "Kenji", "Lara", "Leila", "Liam", "Lucia", "Maya", "Mateo", "Mei", "Nadia",
    "Nikhil", "Noor", "Olga", "Omar", "Pablo", "Priya", "Quinn", "Rafael", "Rosa", "Sami", "Sara",
    "Tariq", "Tomas", "Uma", "Vera", "Wei", "Yara", "Yusuf", "Zoe",
)  # fmt: skip
LAST_NAMES = (
    "Abara", "Berg", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hoffmann", "Ito",
    "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi",
    "Singh", "Tanaka", "Ueda", "Varga", "Wagner", "Xu", "Yilmaz", "Zhang", "Novak", "Silva",
    "Haddad", "Kim", "Lopez", "Mensah", "Nguyen", "Olsen", "Park", "Reyes", "Schmidt", "Torres",
)  # fmt: skip
VERBS = (
    "Fix", "Add", "Refactor", "Update", "Remove", "Improve", "Handle", "Simplify", "Document",
    "Speed up", "Clean up", "Validate", "Log", "Test",
)  # fmt: skip


def git_env(global_config: str = os.devnull) -> dict[str, str]:
    """The environment for every git call: no global or system config, no hook variables."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(
        GIT_CONFIG_GLOBAL=global_config,
        GIT_CONFIG_NOSYSTEM="1",
        LC_ALL="C",
        TZ="UTC",
    )
    return env


@dataclass
class Author:
    name: str
    email: str
    tz_minutes: int
    start: float  # share of the history when the author joins
    end: float  # share of the history when the author leaves (1.0: still here)
    weight: float  # how much the author commits while present
    kinds: tuple[str, ...]  # kinds of file the author works on, most likely first
    kind_weights: tuple[float, ...]


@dataclass
class FileState:
    kind: str
    lines: list[str]
    header: int  # the first lines (package/imports) are never edited


@dataclass
class Pool:
    """The paths of one kind of file, with O(1) random pick and removal."""

    paths: list[str] = field(default_factory=list)
    where: dict[str, int] = field(default_factory=dict)

    def add(self, path: str) -> None:
        self.where[path] = len(self.paths)
        self.paths.append(path)

    def remove(self, path: str) -> None:
        index = self.where.pop(path)
        last = self.paths.pop()
        if last != path:
            self.paths[index] = last
            self.where[last] = index

    def pick(self, rng: random.Random) -> str:
        return self.paths[rng.randrange(len(self.paths))]


class History:
    """All state of the repository being generated, and the generator of its commits."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.rng = random.Random(args.seed)
        self.commits: int = args.commits
        self.target_files: int = args.files
        self.renames: int = args.renames if args.renames is not None else args.commits // 150
        self.files: dict[str, FileState] = {}
        self.pools: dict[str, Pool] = {kind: Pool() for kind in KIND_WEIGHTS}
        self.counter = 0  # makes every generated line unique, so diffs count exactly
        self.created = 0
        self.renamed = 0
        self.authors = self._make_authors(args.authors)
        self._buckets = self._make_buckets()
        end = datetime.combine(args.end_date, datetime.min.time(), tzinfo=timezone.utc)
        self.end_ts = int(end.timestamp()) - 3_600  # the newest commit: an hour before midnight
        self.start_ts = self.end_ts - int(YEARS * 365.25 * SECONDS_PER_DAY)
        first_rename = max(1, self.commits // 10)
        population = range(first_rename, self.commits)
        self.rename_at = set(self.rng.sample(population, min(self.renames, len(population))))

    # -- people ----------------------------------------------------------------------------

    def _make_authors(self, count: int) -> list[Author]:
        rng = self.rng
        authors = []
        used: set[str] = set()
        kinds = list(KIND_WEIGHTS)
        weights = list(KIND_WEIGHTS.values())
        for index in range(count):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            while name in used:
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            used.add(name)
            first, last = name.lower().split(" ")
            domain = rng.choice(("example.com", "example.com", "example.org", "users.example.net"))
            email = f"{first}.{last}@{domain}" if index % 3 else f"{first[0]}{last}@{domain}"
            if index < 5:  # a core that stays the whole time
                start, end = 0.0, 1.0
            else:
                start = rng.uniform(0.0, 0.95)
                end = 1.0 if rng.random() < 0.55 else min(1.0, start + rng.uniform(0.05, 0.7))
            primary = rng.choices(PRIMARY_KINDS, [KIND_WEIGHTS[k] for k in PRIMARY_KINDS])[0]
            secondary = [k for k in rng.choices(kinds, weights, k=2) if k != primary]
            author_kinds = (primary, *dict.fromkeys(secondary), *kinds)
            author_weights = (
                (70.0,)
                + (20.0 / max(1, len(secondary)),) * len(dict.fromkeys(secondary))
                + tuple(10.0 * KIND_WEIGHTS[k] / sum(weights) for k in kinds)
            )
            authors.append(
                Author(
                    name=name,
                    email=email,
                    tz_minutes=rng.choice(TIME_ZONES_MINUTES),
                    start=start,
                    end=end,
                    weight=1.0 / (index + 1) ** 0.8,
                    kinds=author_kinds,
                    kind_weights=author_weights,
                )
            )
        return authors

    def _make_buckets(self) -> list[tuple[list[Author], list[float]]]:
        buckets = []
        for bucket in range(TIME_BUCKETS):
            moment = (bucket + 0.5) / TIME_BUCKETS
            present = [a for a in self.authors if a.start <= moment <= a.end] or self.authors[:1]
            cumulative = []
            total = 0.0
            for author in present:
                total += author.weight
                cumulative.append(total)
            buckets.append((present, cumulative))
        return buckets

    def pick_author(self, share: float) -> Author:
        present, cumulative = self._buckets[min(TIME_BUCKETS - 1, int(share * TIME_BUCKETS))]
        found = bisect.bisect_left(cumulative, self.rng.random() * cumulative[-1])
        return present[min(found, len(present) - 1)]

    # -- file contents ----------------------------------------------------------------------

    def new_line(self, kind: str, language: str) -> str:
        self.counter += 1
        n = self.counter
        rng = self.rng
        word, other = rng.choice(WORDS), rng.choice(WORDS)
        k = rng.randrange(1000)
        if language == "py":
            return f"    {word}_{n} = {other}_value(record, {k})"
        if language == "go":
            return f"\t{word}{n} := {other.title()}Value(ctx, {k})"
        if language == "ts":
            return f"  const {word}{n}: number = {other}Value(record, {k});"
        if language == "js":
            return f"  const {word}{n} = {other}Value(record, {k});"
        if language == "java":
            return f"        int {word}{n} = {other}Value(record, {k});"
        if language == "rb":
            return f"    {word}_{n} = {other}_value(record, {k})"
        if language == "php":
            return f"        ${word}{n} = $this->{other}Value($record, {k});"
        return f"- {word.title()} {other} note {n}: see section {k}."

    @staticmethod
    def language_of(path: str) -> str:
        return path.rsplit(".", 1)[1]

    def new_path(self, kind: str) -> str:
        rng = self.rng
        for attempt in range(100):
            svc = rng.choice(SERVICES)
            w1, w2 = rng.choice(WORDS), rng.choice(WORDS)
            suffix = "" if attempt < 5 else str(attempt)
            if kind == "py":
                path = f"src/{svc}/{w1}/{w2}{suffix}.py"
            elif kind == "go":
                path = f"go/{svc}/internal/{w1}/{w2}{suffix}.go"
            elif kind == "ts":
                path = f"web/src/{svc}/{w1}/{w1.title()}{w2.title()}{suffix}.ts"
            elif kind == "js":
                path = f"web/legacy/{svc}/{w1}_{w2}{suffix}.js"
            elif kind == "java":
                path = (
                    f"java/{svc}/src/main/java/com/acme/{svc}/{w1.title()}{w2.title()}{suffix}.java"
                )
            elif kind == "rb":
                path = f"ruby/{svc}/lib/{w1}/{w2}{suffix}.rb"
            elif kind == "php":
                path = f"php/{svc}/src/{w1.title()}/{w2.title()}{suffix}.php"
            elif kind == "md":
                path = f"docs/{svc}/{w1}-{w2}{suffix}.md"
            elif rng.random() < 0.5:
                path = f"vendor/github.com/{rng.choice(VENDOR_ORGS)}/{w1}/{w2}{suffix}.go"
            else:
                path = f"vendor/{w1}-lib/{w2}{suffix}.js"
            if path not in self.files:
                return path
        raise RuntimeError("cannot find a free path")

    def header(self, path: str) -> list[str]:
        language = self.language_of(path)
        folder = path.rsplit("/", 2)[-2]
        if language == "py":
            return ['"""Module docstring."""', "from __future__ import annotations", ""]
        if language == "go":
            return [f"package {folder}", "", 'import "context"', ""]
        if language in ("ts", "js"):
            return ["import { record } from './record';", ""]
        if language == "java":
            return [f"package com.acme.{folder};", "", "public class Service {"]
        if language == "rb":
            return ["# frozen_string_literal: true", ""]
        if language == "php":
            return ["<?php", "", "declare(strict_types=1);", ""]
        return [f"# {folder.replace('-', ' ').title()}", ""]

    def create(self, kind: str) -> tuple[str, int, int]:
        path = self.new_path(kind)
        language = self.language_of(path)
        lines = self.header(path)
        header = len(lines)
        lines += [self.new_line(kind, language) for _ in range(self.rng.randint(8, 60))]
        self.files[path] = FileState(kind, lines, header)
        self.pools[kind].add(path)
        self.created += 1
        return path, len(lines), 0

    def edit(self, path: str, *, small: bool = False) -> tuple[int, int]:
        """Insert a few new lines at one place and delete a few at another."""
        rng = self.rng
        state = self.files[path]
        body = len(state.lines) - state.header
        if small:
            added, deleted = rng.randint(0, 1), rng.randint(0, 1) if body > 12 else 0
        else:
            added = rng.choice((1, 1, 1, 2, 2, 3, 4, 5, 6, 8, 12))
            if rng.random() < 0.02:
                added = rng.randint(20, 120)
            deleted = rng.choice((0, 0, 1, 1, 2, 3, 5))
            if body > 150:  # keep files from growing without bound
                deleted += rng.randint(5, 20)
            deleted = min(deleted, max(0, body - 4))
        if added == 0 and deleted == 0:
            added = 1
        language = self.language_of(path)
        if deleted:
            at = state.header + rng.randrange(body - deleted + 1)
            del state.lines[at : at + deleted]
        at = state.header + rng.randrange(len(state.lines) - state.header + 1)
        state.lines[at:at] = [self.new_line(state.kind, language) for _ in range(added)]
        return added, deleted

    def rename(self) -> tuple[str, str, int, int] | None:
        """Move a file to a new name of the same kind; half the time edit it a little too."""
        kinds = [k for k in PRIMARY_KINDS if self.pools[k].paths]
        if not kinds:
            return None
        kind = self.rng.choice(kinds)
        old = self.pools[kind].pick(self.rng)
        if len(self.files[old].lines) < 12:
            return None
        new = self.new_path(kind)
        state = self.files.pop(old)
        self.pools[kind].remove(old)
        self.files[new] = state
        self.pools[kind].add(new)
        self.renamed += 1
        if self.rng.random() < 0.5:
            return old, new, 0, 0
        added, deleted = self.edit(new, small=True)
        return old, new, added, deleted

    # -- commits ---------------------------------------------------------------------------

    def creations_due(self, index: int) -> int:
        horizon = max(1, int(self.commits * CREATE_BY))
        scheduled = min(self.target_files, (index + 1) * self.target_files // horizon + 1)
        return max(0, scheduled - self.created)

    def pick_kind(self, author: Author) -> str:
        return self.rng.choices(author.kinds, author.kind_weights)[0]

    def message(self, author: Author, touched: list[str], renamed: tuple[str, str] | None) -> str:
        rng = self.rng
        if renamed is not None:
            subject = f"Move {renamed[0].rsplit('/', 1)[1]} to {renamed[1]}"
        else:
            target = touched[0]
            folder = target.rsplit("/", 2)[-2] if "/" in target else "repo"
            noun = rng.choice(WORDS)
            subject = f"{rng.choice(VERBS)} {noun} {rng.choice(('in', 'for', 'of'))} {folder}"
            if target.startswith("vendor/"):
                subject = f"Bump vendored {folder} to v{rng.randint(1, 9)}.{rng.randint(0, 30)}"
        parts = [subject]
        if rng.random() < 0.3:
            parts.append(
                f"The {rng.choice(WORDS)} path did not handle an empty {rng.choice(WORDS)}; "
                f"this keeps the {rng.choice(WORDS)} consistent."
            )
        if rng.random() < 0.02:
            other = self.authors[rng.randrange(len(self.authors))]
            if other is not author:
                parts.append(f"Co-authored-by: {other.name} <{other.email}>")
        return "\n\n".join(parts) + "\n"

    def write(self, out: IO[bytes], progress: bool) -> None:
        rng = self.rng
        step = (self.end_ts - self.start_ts) / max(1, self.commits - 1)
        out.write(b"feature done\n")
        for index in range(self.commits):
            share = index / max(1, self.commits - 1)
            author = self.pick_author(share)
            jitter = rng.uniform(-0.45, 0.45) * step if 0 < index < self.commits - 1 else 0.0
            moment = int(self.start_ts + index * step + jitter)
            tz = author.tz_minutes
            if rng.random() < 0.03:  # travelling
                tz = rng.choice(TIME_ZONES_MINUTES)
            touched: dict[str, None] = {}  # insertion-ordered set of paths written
            renamed: tuple[str, str] | None = None
            wanted = rng.choices(FILES_PER_COMMIT, FILES_PER_COMMIT_WEIGHTS)[0]
            if index == 0:
                path = "README.md"
                self.files[path] = FileState("md", ["# Acme monorepo", ""], 2)
                self.files[path].lines += [self.new_line("md", "md") for _ in range(10)]
                self.pools["md"].add(path)
                self.created += 1
                touched[path] = None
            if index in self.rename_at:
                moved = self.rename()
                if moved is not None:
                    old, new, _, _ = moved
                    renamed = (old, new)
                    touched[new] = None
            due = self.creations_due(index)
            guard = 0
            while len(touched) < wanted and guard < 20:
                guard += 1
                if due > 0:
                    kind = rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))[0]
                    path, _, _ = self.create(kind)
                    touched[path] = None
                    due -= 1
                    continue
                kind = self.pick_kind(author)
                if rng.random() < 0.02:
                    kind = "vendor"
                pool = self.pools[kind]
                if not pool.paths:
                    nonempty = [k for k in KIND_WEIGHTS if self.pools[k].paths]
                    pool = self.pools[rng.choice(nonempty)]
                path = pool.pick(rng)
                if path in touched:
                    continue
                self.edit(path)
                touched[path] = None
            self._emit(out, author, moment, tz, touched, renamed)
            if progress and (index + 1) % 10_000 == 0:
                print(f"  {index + 1:,} commits", file=sys.stderr, flush=True)
        out.write(b"done\n")

    def _emit(
        self,
        out: IO[bytes],
        author: Author,
        moment: int,
        tz: int,
        touched: dict[str, None],
        renamed: tuple[str, str] | None,
    ) -> None:
        sign = "-" if tz < 0 else "+"
        offset = f"{sign}{abs(tz) // 60:02d}{abs(tz) % 60:02d}"
        ident = f"{author.name} <{author.email}> {moment} {offset}"
        message = self.message(author, list(touched), renamed).encode()
        chunks = [
            b"commit refs/heads/main\n",
            f"author {ident}\ncommitter {ident}\n".encode(),
            b"data %d\n" % len(message),
            message,
        ]
        if renamed is not None:
            chunks.append(f"R {renamed[0]} {renamed[1]}\n".encode())
        for path in touched:
            content = ("\n".join(self.files[path].lines) + "\n").encode()
            chunks.append(b"M 100644 inline %s\ndata %d\n" % (path.encode(), len(content)))
            chunks.append(content)
            chunks.append(b"\n")
        out.write(b"".join(chunks))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "out_dir",
        nargs="?",
        type=Path,
        default=DEFAULT_OUT,
        help=f"where to create the repository (default: {DEFAULT_OUT})",
    )
    parser.add_argument("--commits", type=int, default=50_000)
    parser.add_argument("--authors", type=int, default=200)
    parser.add_argument("--files", type=int, default=5_000)
    parser.add_argument(
        "--renames",
        type=int,
        default=None,
        help="commits that rename a file (default: commits / 150)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--end-date",
        type=date.fromisoformat,
        default=None,
        help="the history ends the day before this date (default: today, UTC)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace OUT_DIR if it holds a repository this script made",
    )
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    if args.end_date is None:
        args.end_date = datetime.now(timezone.utc).date()
    if args.commits < 1 or args.authors < 1 or args.files < 1:
        parser.error("--commits, --authors and --files must be positive")
    if args.files > args.commits * max(FILES_PER_COMMIT) * CREATE_BY:
        parser.error("too many files for so few commits (each commit touches at most 5 files)")
    return args


def prepare(out_dir: Path, force: bool) -> None:
    if out_dir.exists() and any(out_dir.iterdir()):
        if not (force and (out_dir / ".git" / MARKER).is_file()):
            sys.exit(
                f"make_history: {out_dir} exists and is not empty "
                "(--force replaces a repository this script made)"
            )
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)


def build(args: argparse.Namespace) -> dict[str, object]:
    """Create the repository; return what was made and how long it took."""
    out_dir: Path = args.out_dir.resolve()
    prepare(out_dir, args.force)
    env = git_env()
    started = time.perf_counter()
    subprocess.run(["git", "init", "-q", "-b", "main", str(out_dir)], check=True, env=env)
    history = History(args)
    importer = subprocess.Popen(
        ["git", "fast-import", "--quiet", "--done"],
        cwd=out_dir,
        stdin=subprocess.PIPE,
        env=env,
    )
    assert importer.stdin is not None
    try:
        history.write(importer.stdin, progress=not args.quiet)
    finally:
        importer.stdin.close()
    if importer.wait() != 0:
        sys.exit(f"make_history: git fast-import failed ({importer.returncode})")
    imported = time.perf_counter() - started
    subprocess.run(["git", "reset", "-q", "--hard"], cwd=out_dir, check=True, env=env)
    seconds = time.perf_counter() - started
    facts: dict[str, object] = {
        "seed": args.seed,
        "commits": args.commits,
        "authors": args.authors,
        "files": len(history.files),
        "renames": history.renamed,
        "end_date": args.end_date.isoformat(),
        "import_seconds": round(imported, 2),
        "generation_seconds": round(seconds, 2),
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    (out_dir / ".git" / MARKER).write_text(json.dumps(facts, indent=2) + "\n", encoding="utf-8")
    return facts


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if not args.quiet:
        print(f"make_history: building {args.out_dir} ({args.commits:,} commits)", file=sys.stderr)
    facts = build(args)
    if not args.quiet:
        print(json.dumps(facts, indent=2))


if __name__ == "__main__":
    main()
