"""Compare `stackfit scan`'s language shares with GitHub Linguist's on real repositories.

For each repository: `github-linguist --json REPO` and `stackfit scan REPO --format json` (this
checkout's stackfit), then the acceptance test of issue 3: the same top language, and every
language above 5% in either tool within 3 percentage points. The "## Languages against GitHub
Linguist" section of bench/RESULTS.md is replaced (or appended), and the rest is kept.

A mirror that lacks some blobs makes Linguist stop ("object not found"); Linguist then runs on a
stand-in: a temporary repository borrowing the mirror's objects, whose HEAD tree has each
missing blob replaced by an empty one (empty files have no language, and the missing ones are
binaries in practice), and the report names those paths.

    python bench/run_linguist.py [REPO ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from datetime import timezone
from pathlib import Path
from typing import NamedTuple

from analyzer.data.linguist import LINGUIST_VERSION

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

from results import RESULTS  # noqa: E402
from results import replace_section  # noqa: E402

SECTION = "## Languages against GitHub Linguist"
MIRRORS = Path("/work/.mirror")
DEFAULT_REPOSITORIES = (
    "pallets+flask", "expressjs+express", "gin-gonic+gin", "spring-projects+spring-petclinic",
    "sinatra+sinatra", "fastapi+fastapi", "socketio+socket.io", "kubernetes+client-go",
    "rails+rails", "ktorio+ktor", "tokio-rs+axum",
)  # fmt: skip
ABOVE = 0.05  # languages above this share in either tool must agree ...
WITHIN = 0.03  # ... within this many (percentage points / 100)
LISTED = 0.0001  # a language is listed as disagreeing when the shares differ by 0.01 pp or more


NOTES = (
    "What stackfit does not port, and so where a disagreement could still come from: Linguist's "
    "Bayesian classifier, its last resort when an ambiguous extension's heuristics settle "
    "nothing (stackfit takes the candidate GitHub lists as popular, else the first by name); "
    "Emacs and Vim modelines; files over 1 MiB, whose language stackfit takes from the name "
    "alone and which `stackfit scan` leaves out of the shares (`--max-file-bytes`) while "
    "Linguist counts them; and Ruby regular expressions in heuristics.yml that Python cannot "
    "express (see analyzer/data/linguist.py; they never match). None of these moved a share by "
    "0.01 pp on the repositories above.",
)


class Comparison(NamedTuple):
    name: str
    commit: str
    linguist: dict[str, float]
    stackfit: dict[str, float]
    stand_in_for: tuple[str, ...]  # paths whose blobs the mirror lacks (Linguist ran on a copy)

    @property
    def tops(self) -> tuple[str | None, str | None]:
        return _top(self.linguist), _top(self.stackfit)

    @property
    def worst(self) -> tuple[float, str | None]:
        """The largest difference over languages above 5% in either tool, and its language."""
        big = [name for name in self._names() if self._larger(name) > ABOVE]
        return max(((abs(self._diff(name)), name) for name in big), default=(0.0, None))

    @property
    def passes(self) -> bool:
        linguist_top, stackfit_top = self.tops
        return linguist_top == stackfit_top and self.worst[0] <= WITHIN

    def disagreements(self) -> list[str]:
        names = sorted(self._names(), key=lambda name: -self._larger(name))
        shown = [name for name in names if abs(self._diff(name)) >= LISTED]
        return [
            f"{name} {100 * self.linguist.get(name, 0):.2f}% vs "
            f"{100 * self.stackfit.get(name, 0):.2f}%"
            for name in shown
        ]

    def _names(self) -> set[str]:
        return set(self.linguist) | set(self.stackfit)

    def _larger(self, name: str) -> float:
        return max(self.linguist.get(name, 0.0), self.stackfit.get(name, 0.0))

    def _diff(self, name: str) -> float:
        return self.stackfit.get(name, 0.0) - self.linguist.get(name, 0.0)


def _top(shares: dict[str, float]) -> str | None:
    return max(sorted(shares), key=shares.__getitem__) if shares else None


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return result.stdout


def linguist_shares(repo: Path) -> tuple[dict[str, float], tuple[str, ...]]:
    """Linguist's share of each language, and the paths a stand-in had to empty (if any)."""
    result = _run_linguist(repo)
    missing: tuple[str, ...] = ()
    if result.returncode != 0 and "object not found" in result.stderr:
        with tempfile.TemporaryDirectory() as folder:
            stand_in, missing = make_stand_in(repo, Path(folder))
            result = _run_linguist(stand_in)
    if result.returncode != 0:
        raise SystemExit(f"github-linguist failed on {repo}: {result.stderr.strip()[:300]}")
    sizes = {name: entry["size"] for name, entry in json.loads(result.stdout).items()}
    total = sum(sizes.values())
    return {name: size / total for name, size in sizes.items()}, missing


def _run_linguist(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["github-linguist", "--json", str(repo)], capture_output=True, text=True, check=False
    )


def make_stand_in(repo: Path, folder: Path) -> tuple[Path, tuple[str, ...]]:
    """A repository borrowing REPO's objects whose HEAD is REPO's tree with missing blobs empty."""
    git_dir = Path(git(repo, "rev-parse", "--absolute-git-dir").strip())
    stand_in = folder / "stand-in.git"
    subprocess.run(["git", "init", "-q", "--bare", str(stand_in)], check=True)
    (stand_in / "objects" / "info" / "alternates").write_text(str(git_dir / "objects") + "\n")
    listing = git(repo, "ls-tree", "-r", "-l", "-z", "HEAD").split("\0")
    missing = tuple(
        entry.partition("\t")[2] for entry in listing if entry and entry.split()[3] == "BAD"
    )
    empty = git(stand_in, "hash-object", "-w", "/dev/null").strip()
    env = {**os.environ, "GIT_INDEX_FILE": str(folder / "index")}
    head = git(repo, "rev-parse", "HEAD").strip()
    subprocess.run(["git", "-C", str(stand_in), "read-tree", head], env=env, check=True)
    for path in missing:
        subprocess.run(
            ["git", "-C", str(stand_in), "update-index", "--cacheinfo", f"100644,{empty},{path}"],
            env=env,
            check=True,
        )
    tree = subprocess.run(["git", "-C", str(stand_in), "write-tree"], env=env,
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    commit = git(stand_in, "commit-tree", tree, "-m", "stand-in").strip()
    git(stand_in, "update-ref", "HEAD", commit)
    return stand_in, missing


def stackfit_shares(repo: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR)}
    result = subprocess.run(
        [sys.executable, "-m", "analyzer", "scan", str(repo), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"stackfit scan failed on {repo}: {result.stderr.strip()[:300]}")
    languages = json.loads(result.stdout)["languages"]
    return {name: stats["share"] for name, stats in languages.items()}


def compare(repo: Path) -> Comparison:
    name = repo.parent.name if repo.name == "repo" else repo.name
    linguist, missing = linguist_shares(repo)
    commit = git(repo, "rev-parse", "HEAD").strip()
    return Comparison(name.replace("+", "/"), commit, linguist, stackfit_shares(repo), missing)


def report(comparisons: list[Comparison], version: str) -> str:
    passed = sum(comparison.passes for comparison in comparisons)
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        SECTION,
        "",
        f"Measured {when} by `bench/run_linguist.py`, here, against GitHub Linguist {version} "
        "(Debian's ruby-github-linguist, `github-linguist --json` on each repository's HEAD). "
        "Shares are of the bytes of programming and markup files, as on GitHub's language bar. "
        f"Pass: the same top language, and every language above {ABOVE:.0%} in either tool "
        f"within {100 * WITHIN:.0f} percentage points.",
        "",
        f"**{passed} of {len(comparisons)} repositories agree.**",
        "",
        "| Repository | Commit | Linguist top | stackfit top | Top agrees | Largest difference "
        "(>5% languages) | Pass |",
        "|---|---|---|---|---|---|---|",
    ]
    for comparison in comparisons:
        linguist_top, stackfit_top = comparison.tops
        worst, language = comparison.worst
        lines.append(
            f"| {comparison.name} | `{comparison.commit[:10]}` | {linguist_top} | {stackfit_top} "
            f"| {'yes' if linguist_top == stackfit_top else 'no'} "
            f"| {100 * worst:.2f} pp ({language}) | {'pass' if comparison.passes else '**fail**'} |"
        )
    lines += ["", "Languages whose shares differ by 0.01 pp or more (Linguist vs stackfit):", ""]
    for comparison in comparisons:
        found = comparison.disagreements()
        lines.append(f"- {comparison.name}: {'; '.join(found) if found else 'none'}")
    lines += ["", *NOTES]
    for comparison in comparisons:
        if comparison.stand_in_for:
            lines += [
                "",
                f"{comparison.name}'s mirror lacks {len(comparison.stand_in_for)} blobs "
                f"({', '.join(f'`{path}`' for path in comparison.stand_in_for)}); Linguist, which "
                "stops on a missing object, ran on a stand-in with those files empty (binaries: "
                "no language either way). stackfit ran on the mirror itself.",
            ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repositories", nargs="*", type=Path)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if shutil.which("github-linguist") is None:
        sys.exit(
            "run_linguist: github-linguist is not installed (apt-get install ruby-github-linguist)"
        )
    version = subprocess.run(
        ["github-linguist", "--version"], capture_output=True, text=True, check=True
    ).stdout.split()[-1]
    if version != LINGUIST_VERSION:  # then differences may be the versions', not the port's
        print(f"run_linguist: github-linguist is {version}, stackfit's tables {LINGUIST_VERSION}")
    repositories = args.repositories or [
        MIRRORS / name / "repo"
        for name in DEFAULT_REPOSITORIES
        if (MIRRORS / name / "repo").is_dir()
    ]
    comparisons = []
    for repo in repositories:
        comparisons.append(compare(repo))
        print(f"{comparisons[-1].name}: {'pass' if comparisons[-1].passes else 'fail'}", flush=True)
    text = report(comparisons, version)
    replace_section(text, args.results)
    print(text)


if __name__ == "__main__":
    main()
