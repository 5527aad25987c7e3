"""Benchmark the commit cache: cold vs warm `stackfit skills`, one new commit, the guard hook.

On a local clone of the synthetic history (bench/work/cache-clone, so that new commits never
touch bench/work/history), with a private cache folder (STACKFIT_CACHE_DIR):

* bare `git log --numstat --no-merges HEAD`, piped, as run_history.py measures it;
* Python start-up and imports: `stackfit --version`;
* cold: `stackfit skills REPO --format json -o FILE` with the cache emptied before each run;
* warm: the same with the cache filled by the previous run (the JSON must be byte-identical);
* after one new commit: a commit is added before each run;
* the `stackfit-guard` hook end to end through `pre-commit run`, warm, with a new Python file
  staged.

Prints a Markdown section and puts it in bench/RESULTS.md in place of its previous run's.

    python bench/run_cache.py [REPO] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime
from datetime import timezone
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from make_history import DEFAULT_OUT  # noqa: E402
from results import replace_section  # noqa: E402
from run_history import RESULTS  # noqa: E402
from run_history import Run  # noqa: E402
from run_history import ensure_repo  # noqa: E402
from run_history import git  # noqa: E402
from run_history import git_env  # noqa: E402
from run_history import machine_facts  # noqa: E402
from run_history import measure  # noqa: E402
from run_history import say  # noqa: E402

CLONE = BENCH_DIR / "work" / "cache-clone"
TARGET_WARM_SHARE = 0.05  # warm ≤ 5% of cold
TARGET_WARM_WORK_S = 1.0  # warm minus start-up
TARGET_NEW_COMMIT_S = 1.5
TARGET_GUARD_S = 1.5
HOOK_CONFIG = """repos:
- repo: local
  hooks:
  - id: stackfit-guard
    name: stackfit guard
    entry: {python} -m analyzer hook guard
    language: system
    types_or: [python, go, ts, javascript, java, ruby, php, rust]
    require_serial: true
"""


def median(runs: list[Run]) -> float:
    return statistics.median(run.wall for run in runs)


def walls(runs: list[Run]) -> str:
    return ", ".join(f"{run.wall:.2f}" for run in runs)


def make_clone(source: Path) -> Path:
    """A fresh local clone (hard links: seconds) that new commits may change."""
    if CLONE.exists():
        shutil.rmtree(CLONE)
    git(source.parent, "clone", "-q", "--local", str(source), str(CLONE))
    return CLONE


def add_commit(repo: Path, number: int) -> None:
    path = repo / "src" / f"bench_new_{number}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"value = {number}\n")
    git(repo, "add", str(path))
    env = {
        "GIT_AUTHOR_NAME": "Bench Person",
        "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "Bench Person",
        "GIT_COMMITTER_EMAIL": "bench@example.com",
    }
    subprocess.run(
        ["git", "commit", "-q", "-m", f"bench {number}"],
        cwd=repo,
        env={**git_env(), **env},
        check=True,
    )


def time_guard(repo: Path, runs: int) -> list[float]:
    """`pre-commit run stackfit-guard` with a new Python file staged, warm cache."""
    (repo / ".pre-commit-config.yaml").write_text(HOOK_CONFIG.format(python=sys.executable))
    git(repo, "add", ".pre-commit-config.yaml")
    staged = repo / "src" / "bench_guard.py"
    staged.write_text("guarded = True\n")
    git(repo, "add", str(staged))
    pre_commit = str(Path(sys.executable).parent / "pre-commit")
    env = {**git_env(), "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home")}
    times = []
    for _ in range(runs + 1):  # the first run warms pre-commit's own state
        start = datetime.now(timezone.utc)
        done = subprocess.run(
            [pre_commit, "run", "stackfit-guard"], cwd=repo, env=env, capture_output=True
        )
        times.append((datetime.now(timezone.utc) - start).total_seconds())
        if done.returncode not in (0, 1):
            sys.exit(f"run_cache: pre-commit failed:\n{done.stdout.decode()}{done.stderr.decode()}")
    return times[1:]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warm-runs", type=int, default=3, help="warm runs after each cold one")
    args = parser.parse_args(argv)
    ensure_repo(args.repo)
    repo = make_clone(args.repo.resolve())
    cache = Path(tempfile.mkdtemp(prefix="stackfit-bench-cache-"))
    os.environ["STACKFIT_CACHE_DIR"] = str(cache)  # measure() passes os.environ on
    stackfit = str(Path(sys.executable).parent / "stackfit")
    out = cache.parent / f"{cache.name}.json"
    command = [stackfit, "skills", str(repo), "--format", "json", "--as-of", "2030-01-01"]
    bare = ["git", "log", "--numstat", "--no-merges", "HEAD"]
    base, startup, cold, warm = [], [], [], []
    for number in range(args.runs):
        say(f"run_cache: round {number + 1} of {args.runs}")
        base.append(measure(bare, cwd=repo, pipe=True))
        startup.append(measure([stackfit, "--version"], cwd=repo))
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(measure([*command, "-o", str(out)], cwd=repo))
        cold_json = out.read_bytes()
        for _ in range(args.warm_runs):  # short runs: the machine's drift moves them most
            warm.append(measure([*command, "-o", str(out)], cwd=repo))
            if out.read_bytes() != cold_json:
                sys.exit("run_cache: the warm JSON differs from the cold JSON")
    new_commit = []
    for number in range(args.runs):
        add_commit(repo, number)
        new_commit.append(measure([*command, "-o", str(out)], cwd=repo))
    fresh = measure([*command, "--no-cache", "-o", str(out) + ".fresh"], cwd=repo)
    if Path(str(out) + ".fresh").read_bytes() != out.read_bytes():
        sys.exit("run_cache: after new commits, the cached JSON differs from --no-cache")
    guard = time_guard(repo, args.runs)
    section = render(args.repo, base, startup, cold, warm, new_commit, fresh, guard)
    print(section)
    replace_section(section, RESULTS)
    shutil.rmtree(cache, ignore_errors=True)


def render(
    source: Path,
    base: list[Run],
    startup: list[Run],
    cold: list[Run],
    warm: list[Run],
    new_commit: list[Run],
    fresh: Run,
    guard: list[float],
) -> str:
    facts = machine_facts()
    commits = git(CLONE, "rev-list", "--count", "HEAD").strip()
    warm_share = median(warm) / median(cold)
    best_share = min(run.wall for run in warm) / min(run.wall for run in cold)
    cpu_share = statistics.median(r.cpu for r in warm) / statistics.median(r.cpu for r in cold)
    work = median(warm) - median(startup)
    guard_median = statistics.median(guard)
    moment = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    rows = [
        ("Bare `git log --numstat --no-merges HEAD`, piped", f"{median(base):.2f} s "
         f"(runs {walls(base)})", "", ""),
        ("Python start-up and imports: `stackfit --version`", f"{median(startup):.2f} s", "", ""),
        ("stackfit cold (cache emptied before each run)", f"{median(cold):.2f} s "
         f"(runs {walls(cold)}); peak {max(r.max_rss_mb for r in cold):.0f} MiB", "", ""),
        ("stackfit warm (same HEAD; JSON byte-identical to cold)", f"{median(warm):.2f} s "
         f"(runs {walls(warm)}); peak {max(r.max_rss_mb for r in warm):.0f} MiB", "", ""),
        ("**Warm / cold**", f"**{warm_share:.1%}**", f"≤ {TARGET_WARM_SHARE:.0%}",
         _ok(warm_share <= TARGET_WARM_SHARE)),
        ("Warm / cold, best runs (the least disturbed by other work)", f"{best_share:.1%}",
         "", ""),
        ("Warm / cold, CPU time (user + sys, medians)", f"{cpu_share:.1%}", "", ""),
        ("**Warm / bare git log**", f"**{median(warm) / median(base):.2f}×**", "", ""),
        ("Warm work beyond start-up (warm − `--version`)", f"{work:.2f} s",
         f"< {TARGET_WARM_WORK_S:.0f} s", _ok(work < TARGET_WARM_WORK_S)),
        ("After one new commit (cached JSON = `--no-cache` JSON)", f"{median(new_commit):.2f} s "
         f"(runs {walls(new_commit)}); `--no-cache`: {fresh.wall:.2f} s",
         f"< {TARGET_NEW_COMMIT_S} s", _ok(median(new_commit) < TARGET_NEW_COMMIT_S)),
        ("`pre-commit run stackfit-guard`, warm, one new .py staged", f"{guard_median:.2f} s "
         f"(runs {', '.join(f'{t:.2f}' for t in guard)})", f"< {TARGET_GUARD_S} s",
         _ok(guard_median < TARGET_GUARD_S)),
    ]  # fmt: skip
    lines = [
        "# Commit cache benchmark",
        "",
        f"Measured {moment} by `bench/run_cache.py`.",
        "",
        f"- Machine: {facts['nproc']} CPUs ({facts['cpu']}), {facts['kernel']}",
        f"- Python {facts['python']}, {facts['git']}, stackfit {facts['stackfit']}",
        f"- Repository: a local clone of `{source}` ({commits} commits at the end, after the "
        "new-commit runs); times are wall-clock seconds, medians, warm page cache; 1-minute "
        f"load average at the end: {os.getloadavg()[0]:.2f}.",
        "",
        "| Measurement | Result | Target | Met |",
        "|---|---|---|---|",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows],
        "",
        "A warm run at the same HEAD loads the finished result of the earlier run (keyed by "
        "HEAD and every setting): no commit, no tree, no parse; what is left is start-up "
        "(imports), unpickling the result and the skill model. After a new commit that lies "
        "on a straight line from a cached fold's HEAD, `git rev-list` lists just the new "
        "commits, only they are parsed and folded, and the earlier fold is absorbed; the HEAD "
        "tree is listed, but only new blobs are read and parsed (what older blobs hold is "
        "cached by blob). Warm runs are short, so the machine's drift moves them most: "
        f"{len(warm) // max(1, len(cold))} warm runs follow each cold one, and the best-run "
        "and CPU-time ratios are given beside the medians. The machine's load average is "
        "given above: compare the bare git log with run_history.py's to judge how busy it was.",
        "",
    ]
    return "\n".join(lines)


def _ok(met: bool) -> str:
    return "yes" if met else "**no**"


if __name__ == "__main__":
    main()
