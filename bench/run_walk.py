"""Benchmark the parallel walk (issue 17): cold `stackfit skills --no-cache` against bare git log.

For each repository, rounds of three interleaved runs: bare `git log --numstat --no-merges
HEAD` (read through a pipe in 1 MiB chunks, as stackfit reads it), then `stackfit skills REPO
--no-cache --format json -o FILE --jobs 1`, then `--jobs 2`. Each run records its wall time and
the 1-minute load average when it started. One more round records each run's peak memory: the
largest proportional set size (PSS) of the measured process and all its descendants together,
sampled every 50 ms from /proc (the parallel walk runs several gits at once, so the largest
single process would understate it, and a sum of RSS would count the pack file each git maps
once per git). That round's times are not used: walking /proc takes CPU that a run using every
core pays for and a single git does not.
The two widths' JSON must be byte-identical. stackfit's bytecode is compiled first (see
compile_bytecode). Appends a section to bench/RESULTS.md.

    python bench/run_walk.py REPO [REPO ...] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

from results import replace_section  # noqa: E402

STACKFIT = [sys.executable, "-m", "analyzer"]
SAMPLE_SECONDS = 0.05
GOALS = {"git": 0.75, "history": 1.0, "flask": 1.3}  # ratio to bare git log, with --jobs 2


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def _tree_pss_kb(root: int) -> int:
    """The proportional set size of ROOT and its descendants: a page of the pack file that
    several gits map counts once in all, not once per git (as a sum of RSS would)."""
    tree, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(tree.get(pid, ()))
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
                for line in handle:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total


def measure(argv: list[str], cwd: Path | None = None, *, sampled: bool) -> dict[str, float]:
    """ARGV's wall time and load; with SAMPLED, its peak memory instead of a clean wall time:
    the sampler walks /proc every SAMPLE_SECONDS, CPU that a run using every core pays for."""
    load = os.getloadavg()[0]
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_pss_kb(proc.pid))
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    if sampled:
        sampler.start()
    assert proc.stdout is not None and proc.stderr is not None
    errors = threading.Thread(target=proc.stderr.read, daemon=True)
    errors.start()
    while proc.stdout.read1(1 << 20):
        pass
    status = proc.wait()
    wall = time.perf_counter() - start
    if sampled:
        sampler.join()
    if status != 0:
        raise SystemExit(f"{argv} failed with status {status}")
    return {"wall": wall, "peak_mb": peak[0] / 1024, "load": load}


def label(repo: Path) -> str:
    """`flask` for /work/.mirror/pallets+flask/repo, `history` for bench/work/history, `git`
    for a clone named git-mailmap.git."""
    name = repo.parent.name if repo.name in ("repo", ".git") else repo.name
    return name.rsplit("+", 1)[-1].removesuffix(".git").split("-")[0]


def bench(repo: Path, rounds: int, out: Path) -> list[str]:
    baseline = ["git", "-C", str(repo), "log", "--numstat", "--no-merges", "HEAD"]
    runs: dict[str, list[dict[str, float]]] = {"git log": [], "jobs 1": [], "jobs 2": []}
    outputs = {}
    peaks: dict[str, float] = {}
    for number in range(rounds + 1):  # the last round samples memory, its times are not used
        sampled = number == rounds
        if sampled:
            peaks["git log"] = measure(baseline, sampled=True)["peak_mb"]
        else:
            runs["git log"].append(measure(baseline, sampled=False))
        for jobs in ("1", "2"):
            target = out / f"{label(repo)}-{jobs}.json"
            command = ["skills", str(repo), "--no-cache", "--format", "json", "-o", str(target)]
            measured = measure([*STACKFIT, *command, "--jobs", jobs], PROJECT_DIR, sampled=sampled)
            if sampled:
                peaks[f"jobs {jobs}"] = measured["peak_mb"]
            else:
                runs[f"jobs {jobs}"].append(measured)
            outputs[jobs] = target.read_bytes()
    same = outputs["1"] == outputs["2"]
    base = statistics.median(run["wall"] for run in runs["git log"])
    base_peak = peaks["git log"]
    name = label(repo)
    goal = GOALS.get(name)
    rows = []
    for run_name, measured in runs.items():
        wall = statistics.median(run["wall"] for run in measured)
        peak = peaks[run_name]
        loads = ", ".join(f"{run['load']:.1f}" for run in measured)
        each = ", ".join(f"{run['wall']:.2f}" for run in measured)
        ratio = f"{wall / base:.2f}×" if run_name != "git log" else "1×"
        last = run_name == "jobs 2" and goal is not None
        met = ("yes" if wall / base <= goal else "no") if last and goal else ""
        target = f"≤ {goal}×" if last else ""
        rows.append(
            f"| {name} | {run_name} | {wall:.2f} s ({each}) | {ratio} | {target} | {met} | "
            f"{peak:.0f} MiB ({peak / base_peak:.2f}×) | {loads} |"
        )
    rows.append(f"| {name} | JSON of --jobs 1 and --jobs 2 byte-identical | {same} | | | | | |")
    return rows


def compile_bytecode() -> None:
    """Write stackfit's bytecode first, as pip does when it installs a wheel. An editable install
    run with PYTHONDONTWRITEBYTECODE=1 compiles about 90 modules again on every run: 0.2 s of
    start-up that an installed stackfit never pays."""
    command = [sys.executable, "-m", "compileall", "-q", str(PROJECT_DIR / "analyzer")]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repos", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    compile_bytecode()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for repo in args.repos:
            rows += bench(repo.resolve(), args.rounds, Path(folder))
            print("\n".join(rows[-4:]), flush=True)
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    text = "\n".join(
        [
            "## Parallel walk (issue 17): "
            + ", ".join(label(repo.resolve()) for repo in args.repos),
            "",
            f"Measured {stamp} by `bench/run_walk.py` ({args.rounds} interleaved rounds: bare git "
            f"log, then stackfit --jobs 1, then --jobs 2; stackfit's bytecode compiled first, as "
            f"an installed one has it), {os.cpu_count()} CPUs. Wall time: "
            "median (each run), with no memory sampler running; ratio to the bare git log's "
            "median; peak: the largest PSS of the process and its descendants together, "
            "sampled in one more round whose times are not used (ratio to git log's). Load: the "
            "1-minute "
            "load average at the start of each run; the machine was shared with other work.",
            "",
            "| Repository | Run | Wall | Ratio | Goal | Met | Peak memory | Load |",
            "|---|---|---|---|---|---|---|---|",
            *rows,
        ]
    )
    replace_section(text)
    print(text)


if __name__ == "__main__":
    main()
