"""The repository's own truck factor against the values Avelino et al.'s tool published.

aserg-ufmg/Truck-Factor's README lists the truck factors its tool estimated for popular GitHub
projects "using data from November, 2016". Each repository here is analysed at its last commit
before 2016-11-01 (`--rev`), as of that commit (`--as-of head`), with `--active-days` large
enough to count every author (their setting: nobody leaves), and no commit cache (the mirrors
are read-only). A project in both lists is compared; the others are listed with stackfit's
value alone. The "## Truck factor against Avelino et al." section of bench/RESULTS.md is
replaced (or appended), and the rest is kept.

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
)  # fmt: skip


def last_commit_before(repo: Path, day: str) -> str | None:
    out = subprocess.run(
        ["git", "-C", str(repo), "rev-list", "-1", f"--before={day}T00:00:00Z", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return out or None


def truck_factor(repo: Path, commit: str) -> tuple[dict[str, object], float]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "analyzer", "skills", str(repo), "--rev", commit, "--as-of",
         "head", "--active-days", str(EVERY_AUTHOR_DAYS), "--no-cache", "--no-frameworks",
         "--format", "json", "--quiet"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(result.stdout)["truck_factor"], time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repos", nargs="*", default=DEFAULT_REPOSITORIES)
    names = parser.parse_args().repos
    rows = []
    for name in names:
        repo = MIRRORS / name / "repo"
        if not repo.exists():
            rows.append(f"| {name} | | | not available here | |")
            continue
        commit = last_commit_before(repo, BEFORE)
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
        rows.append(
            f"| {name} | `{commit[:12]}` | {factor['value']} ({people}); {factor['files']} files, "
            f"{factor['unknown_authorship_files']} without a known author | {shown} | "
            f"{seconds:.1f} s |"
        )
        print(rows[-1], flush=True)
    overlap = [name for name in names if name.lower() in PUBLISHED]
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    text = "\n".join(
        [
            SECTION,
            "",
            f"Measured {now} by `bench/run_truck_factor.py`: `stackfit skills --rev <last commit "
            f"before {BEFORE}> --as-of head --active-days {EVERY_AUTHOR_DAYS}`, the top-level "
            "`truck_factor`.",
            "",
            "| Repository | Commit | stackfit | Published (Nov 2016) | Time |",
            "|---|---|---|---|---|",
            *rows,
            "",
            f"Agreement: {len(overlap)} of the {len(PUBLISHED)} published projects are available "
            "here"
            + (
                f" ({', '.join(overlap)})."
                if overlap
                else ": none of the mirrors on this machine is in the published list "
                "(FreeCodeCamp, Bootstrap, D3, React, AngularJS, Font-Awesome, jQuery, Electron, "
                "TensorFlow, Docker, Meteor, Swift, Vue, Rails, Atom), so no agreement could be "
                "measured; clone any of them under /work/.mirror/OWNER+NAME/repo and rerun."
            ),
            "",
        ]
    )
    replace_section(text)


if __name__ == "__main__":
    main()
