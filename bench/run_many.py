"""Benchmark one team across many repositories: the process pool and Dask against single runs.

Twenty synthetic repositories of 5,000 commits each (make_history.py, seeds 1..20, in
bench/work/many/) are analysed, all cold (`--no-cache`), in the same script:

* the sum of twenty single-repository runs `stackfit skills REPO --format json` (the baseline);
* one run over all twenty with the process pool (`--jobs` = the CPUs);
* the same with `--executor dask` (a Dask LocalCluster with as many workers).

Targets: the pool's wall time at most 0.6x the sum; Dask within 1.3x of the pool. The JSON of the
pool and Dask runs must be identical. Prints a Markdown section and puts it in bench/RESULTS.md
in place of its previous run's.

    python bench/run_many.py [--repos 20] [--commits 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from datetime import datetime
from datetime import timezone
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from make_history import MARKER  # noqa: E402
from results import replace_section  # noqa: E402
from run_history import git_env  # noqa: E402
from run_history import machine_facts  # noqa: E402
from run_history import measure  # noqa: E402
from run_history import say  # noqa: E402

FOLDER = BENCH_DIR / "work" / "many"
AS_OF = "2026-11-01"  # fixed, so that every run judges the same
TARGET_POOL_SHARE = 0.6
TARGET_DASK_RATIO = 1.3


def build(count: int, commits: int) -> list[Path]:
    """The repositories, built once (same seeds and end date: the same commits every time)."""
    repos = []
    for seed in range(1, count + 1):
        repo = FOLDER / f"repo-{seed:02d}"
        if not (repo / ".git" / MARKER).is_file():
            say(f"run_many: building {repo.name} ({commits:,} commits)")
            subprocess.run(
                [
                    sys.executable, str(BENCH_DIR / "make_history.py"), str(repo),
                    "--commits", str(commits), "--authors", "40", "--files", "800",
                    "--seed", str(seed), "--end-date", AS_OF, "--force", "--quiet",
                ],
                check=True,
                env=git_env(),
            )  # fmt: skip
        repos.append(repo)
    return repos


def stackfit(*args: str) -> list[str]:
    return [sys.executable, "-m", "analyzer", *args, "--no-cache", "--as-of", AS_OF]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repos", type=int, default=20)
    parser.add_argument("--commits", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    repos = build(args.repos, args.commits)
    workers = len(os.sched_getaffinity(0))
    out = FOLDER / "out"
    out.mkdir(exist_ok=True)
    paths = [str(repo) for repo in repos]
    sums, pools, dasks = [], [], []
    for run in range(1, args.runs + 1):
        say(f"run_many: run {run}/{args.runs}: {len(repos)} single runs")
        singles = [
            measure(
                stackfit("skills", path, "--format", "json", "-o", str(out / "one.json")),
                cwd=FOLDER,
            )
            for path in paths
        ]
        sums.append(sum(single.wall for single in singles))
        say("run_many: the process pool")
        pool_json = out / "pool.json"
        pools.append(
            measure(
                stackfit(
                    "skills",
                    *paths,
                    "--format",
                    "json",
                    "-o",
                    str(pool_json),
                    "--jobs",
                    str(workers),
                ),
                cwd=FOLDER,
            ).wall
        )
        say("run_many: Dask LocalCluster")
        dask_json = out / "dask.json"
        dasks.append(
            measure(
                stackfit(
                    "skills",
                    *paths,
                    "--format",
                    "json",
                    "-o",
                    str(dask_json),
                    "--jobs",
                    str(workers),
                    "--executor",
                    "dask",
                ),
                cwd=FOLDER,
            ).wall
        )
        if pool_json.read_bytes() != dask_json.read_bytes():
            sys.exit("run_many: the pool and Dask gave different JSON")
    total, pool, dask = (statistics.median(values) for values in (sums, pools, dasks))
    facts = machine_facts()
    share, ratio = pool / total, dask / pool
    pool_met = "yes" if share <= TARGET_POOL_SHARE else "**no**"
    dask_met = "yes" if ratio <= TARGET_DASK_RATIO else "**no**"
    text = f"""## Many repositories (`bench/run_many.py`)

{len(repos)} synthetic repositories of {args.commits:,} commits each (40 authors, 800 files),
all cold (`--no-cache`), medians of {args.runs} runs on {facts["nproc"]} CPUs ({facts["cpu"]}),
Python {facts["python"]}, {facts["git"]}, stackfit {facts["stackfit"]};
{datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}.

| run | wall (s) | ratio | target | met |
|---|---:|---:|---:|---|
| sum of {len(repos)} single-repository runs (baseline) | {total:.2f} | 1.00 | | |
| process pool of {workers} | {pool:.2f} | {share:.2f} of sum | ≤ {TARGET_POOL_SHARE} | {pool_met} |
| Dask, {workers} workers | {dask:.2f} | {ratio:.2f} of pool | ≤ {TARGET_DASK_RATIO} | {dask_met} |

Runs (s): sums {", ".join(f"{value:.2f}" for value in sums)}; pool
{", ".join(f"{value:.2f}" for value in pools)}; Dask {", ".join(f"{value:.2f}" for value in dasks)}.
The pool's and Dask's JSON were byte-identical in every run. A single run of `git log` and
stackfit's parser already overlap (git in one process, Python in another), so on {workers} CPUs
the pool's best case is about 1/{workers} of the sum plus start-up; Dask adds its scheduler's
and workers' start-up (a few seconds) to the same work.
"""
    print(text)
    replace_section(text)


if __name__ == "__main__":
    main()
