"""The repository's own truck factor against the values Avelino et al.'s tool published.

aserg-ufmg/Truck-Factor's README lists the truck factors its tool estimated for popular GitHub
projects "using data from November, 2016". Each repository here is analysed at its last commit
before 2016-11-01 (`--rev`), as of that commit (`--as-of head`), with `--active-days` large
enough to count every author (their setting: nobody leaves), `--bulk-min-lines` at its maximum
so that a bulk commit's author is its files' creator too (their tool has no bulk rule), and no
commit cache (the mirrors are read-only). A project in both lists is compared; the others are
listed with stackfit's value alone. The "## Truck factor against Avelino et al." section of
bench/RESULTS.md is replaced (or appended), and the rest is kept.

    python bench/run_truck_factor.py [REPO ...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import datetime
from datetime import timezone
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from results import replace_section  # noqa: E402

SECTION = "## Truck factor against Avelino et al."
MIRRORS = Path("/work/.mirror")
BEFORE = "2016-11-01"
EVERY_AUTHOR_DAYS = 36500  # config.MAX_DAYS: a century, so every author counts as active
NO_BULK_LINES = 10**9  # the largest --bulk-min-lines: no commit is bulk
# aserg-ufmg/Truck-Factor README, "Here are the TF values as estimated by this tool for some
# popular GitHub projects (using data from November, 2016)", keyed by GitHub owner+name.
PUBLISHED = {
    "freecodecamp+freecodecamp": 1, "twbs+bootstrap": 3, "d3+d3": 1, "facebook+react": 4,
    "angular+angular.js": 6, "fortawesome+font-awesome": 1, "jquery+jquery": 4,
    "electron+electron": 1, "tensorflow+tensorflow": 2, "docker+docker": 13,
    "meteor+meteor": 5, "apple+swift": 5, "vuejs+vue": 1, "rails+rails": 11, "atom+atom": 4,
}  # fmt: skip
DEFAULT_REPOSITORIES = (
    "pallets+flask", "expressjs+express", "gin-gonic+gin", "sinatra+sinatra",
    "laravel+framework", "laravel+laravel", "pre-commit+pre-commit", "git+git",
    # in the published list
    "jquery+jquery", "vuejs+vue", "d3+d3", "angular+angular.js", "FortAwesome+Font-Awesome",
    "atom+atom", "rails+rails", "meteor+meteor", "electron+electron", "twbs+bootstrap",
    "facebook+react", "freecodecamp+freecodecamp", "tensorflow+tensorflow", "docker+docker",
    "apple+swift",
)  # fmt: skip


# Default branches that did not hold the 2016 history: Font-Awesome's HEAD (6.x) starts in
# 2022 and its master in 2018; its 2016 releases (4.7) live on 4.x.
BRANCHES = {"fortawesome+font-awesome": "4.x"}


def last_commit_before(repo: Path, day: str, branch: str = "HEAD") -> str | None:
    """The branch's tip on DAY: its newest first-parent commit before it. Without
    --first-parent, a topic commit dated earlier but merged later would be taken."""
    out = subprocess.run(
        ["git", "-C", str(repo), "rev-list", "-1", "--first-parent", f"--before={day}T00:00:00Z",
         branch],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    return out or None


def truck_factor(repo: Path, commit: str) -> tuple[dict[str, object], float]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "analyzer", "skills", str(repo), "--rev", commit, "--as-of",
         "head", "--active-days", str(EVERY_AUTHOR_DAYS), "--bulk-min-lines", str(NO_BULK_LINES),
         "--no-cache", "--no-frameworks", "--format", "json", "--quiet"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(result.stdout)["truck_factor"], time.monotonic() - started


def agreement(compared: dict[str, tuple[int, int]]) -> str:
    """One paragraph: how many published values stackfit matched, was within one of, or missed."""
    if not compared:
        return (
            "Agreement: none of the published projects could be measured here; clone any of "
            "them under /work/.mirror/OWNER+NAME/repo and rerun."
        )
    exact = [name for name, (ours, theirs) in compared.items() if ours == theirs]
    near = [name for name, (ours, theirs) in compared.items() if abs(ours - theirs) == 1]
    lower = [name for name, (ours, theirs) in compared.items() if ours < theirs]
    higher = [name for name, (ours, theirs) in compared.items() if ours > theirs]
    return (
        f"Agreement on the {len(compared)} of the {len(PUBLISHED)} published projects measured "
        f"here: exact on {len(exact)} ({', '.join(exact) or 'none'}), off by one on {len(near)} "
        f"({', '.join(near) or 'none'}); stackfit is lower on {len(lower)} and higher on "
        f"{len(higher)}."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repos", nargs="*", default=DEFAULT_REPOSITORIES)
    names = parser.parse_args().repos
    rows = []
    compared: dict[str, tuple[int, int]] = {}  # name: (stackfit's value, the published one)
    for name in names:
        repo = MIRRORS / name / "repo"
        if not repo.exists():
            rows.append(f"| {name} | | | not available here | |")
            continue
        commit = last_commit_before(repo, BEFORE, BRANCHES.get(name.lower(), "HEAD"))
        if commit is None:
            rows.append(f"| {name} | | | no commit before {BEFORE} | |")
            continue
        try:
            factor, seconds = truck_factor(repo, commit)
        except subprocess.CalledProcessError as error:
            reason = error.stderr.strip().splitlines()[-1].replace("|", "\\|")
            rows.append(f"| {name} | `{commit[:12]}` | failed: {reason} | | |")
            continue
        people = ", ".join(str(person) for person in factor["people"])  # type: ignore[attr-defined]
        published = PUBLISHED.get(name.lower())
        shown = "not in the published list" if published is None else str(published)
        if published is not None:
            compared[name] = (int(factor["value"]), published)  # type: ignore[call-overload]
        rows.append(
            f"| {name} | `{commit[:12]}` | {factor['value']} ({people}); {factor['files']} files, "
            f"{factor['unknown_authorship_files']} without a known author | {shown} | "
            f"{seconds:.1f} s |"
        )
        print(rows[-1], flush=True)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    text = "\n".join(
        [
            SECTION,
            "",
            f"Measured {now} by `bench/run_truck_factor.py`: `stackfit skills --rev <the default "
            f"branch's last first-parent commit before {BEFORE}> --as-of head --active-days "
            f"{EVERY_AUTHOR_DAYS} --bulk-min-lines {NO_BULK_LINES}`, the top-level "
            "`truck_factor`.",
            "",
            "| Repository | Commit | stackfit | Published (Nov 2016) | Time |",
            "|---|---|---|---|---|",
            *rows,
            "",
            agreement(compared),
            "",
        ]
    )
    replace_section(text)


if __name__ == "__main__":
    main()
