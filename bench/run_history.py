"""Benchmark `stackfit skills` on a large synthetic history, against git itself and PyDriller.

In one run, on one repository (built by make_history.py when missing):

* baseline: bare `git log --numstat --no-merges HEAD`, its output read through a pipe and
  discarded in 1 MiB chunks (as stackfit reads it);
* stackfit cold: `stackfit skills REPO --format json -o FILE` as a fresh process, with its
  wall time, CPU time and peak memory (max RSS). FILE is a temporary file whose JSON is read
  back to check that every commit was analysed;
* PyDriller against `stackfit skills --since` on a window of the newest ~1,500 commits.

Every measured command runs under a fresh `python -c` wrapper that times it and reads
`getrusage(RUSAGE_CHILDREN)` once it has exited, so one run's peak cannot leak into another's.
Runs are interleaved (baseline, stackfit, baseline, ...) so that drift hits both alike.
Results are printed as Markdown and written to bench/RESULTS.md.

    python bench/run_history.py [REPO] [--runs 3] [--window-commits 1500]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import stat
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from datetime import timezone
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

from make_history import DEFAULT_OUT  # noqa: E402
from make_history import MARKER  # noqa: E402
from make_history import git_env as _git_env  # noqa: E402
from results import replace_section  # noqa: E402

RESULTS = BENCH_DIR / "RESULTS.md"
# An empty global git config: the same as GIT_CONFIG_GLOBAL=/dev/null, but it survives a
# /dev/null that something replaced with a regular file (see check_dev_null).
EMPTY_CONFIG = BENCH_DIR / "work" / "empty.gitconfig"
TARGET_RATIO = 1.3  # stackfit cold ≤ 1.3 × bare git log
TARGET_MEMORY_MB = 400.0  # peak RSS
TARGET_SPEEDUP = 10.0  # ≥ 10 × PyDriller's commits per second
CHUNK_BYTES = 1 << 20

# Runs ARGV once and prints what it cost as JSON. With "pipe", ARGV's stdout is read and thrown
# away in 1 MiB chunks by this (Python) process; otherwise it goes to /dev/null. The measured
# process is this wrapper's only child, so RUSAGE_CHILDREN covers it and everything it waited
# for (git): ru_maxrss is the largest of those processes, ru_utime/ru_stime their sum.
MEASURE = r"""
import json, resource, subprocess, sys, time
mode, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
proc = subprocess.Popen(
    argv,
    stdin=subprocess.DEVNULL,
    stdout=subprocess.PIPE if mode == "pipe" else subprocess.DEVNULL,
    stderr=subprocess.PIPE,
)
size = 0
if mode == "pipe":
    read = proc.stdout.read1
    while True:
        chunk = read(1 << 20)
        if not chunk:
            break
        size += len(chunk)
err = proc.stderr.read()
status = proc.wait()
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "status": status, "wall": wall, "max_rss_kb": usage.ru_maxrss,
    "cpu": usage.ru_utime + usage.ru_stime, "stdout_bytes": size,
    "stderr": err.decode("utf-8", "replace")[-4000:],
}))
"""

# stackfit's own entry point run inside this process, so that RUSAGE_SELF is the Python
# process alone and RUSAGE_CHILDREN the largest git it ran; written to $BENCH_RUSAGE_OUT.
IN_PROCESS = r"""
import atexit, json, os, resource, sys
def report():
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(os.environ["BENCH_RUSAGE_OUT"], "w") as handle:
        json.dump({"python_max_rss_kb": own.ru_maxrss, "git_max_rss_kb": kids.ru_maxrss}, handle)
atexit.register(report)
sys.argv = ["stackfit", *sys.argv[1:]]
from analyzer.cli import main
main()
"""

# PyDriller doing stackfit's core job: per author, lines added and deleted per file type.
PYDRILLER = r"""
import json, sys
from collections import defaultdict
from datetime import datetime
from pydriller import Repository
path, since, out = sys.argv[1], datetime.fromisoformat(sys.argv[2]), sys.argv[3]
lines = defaultdict(lambda: defaultdict(lambda: [0, 0]))
commits = 0
for commit in Repository(path, since=since, only_no_merge=True).traverse_commits():
    commits += 1
    who = (commit.author.name, commit.author.email)
    for changed in commit.modified_files:
        name = changed.new_path or changed.old_path or ""
        kind = name.rsplit(".", 1)[-1] if "." in name else ""
        tally = lines[who][kind]
        tally[0] += changed.added_lines
        tally[1] += changed.deleted_lines
added = sum(t[0] for kinds in lines.values() for t in kinds.values())
deleted = sum(t[1] for kinds in lines.values() for t in kinds.values())
with open(out, "w") as handle:
    json.dump({"commits": commits, "authors": len(lines), "added": added, "deleted": deleted},
              handle)
"""


@dataclass
class Run:
    wall: float
    cpu: float
    max_rss_mb: float
    stdout_bytes: int
    load: float  # the 1-minute load average when the run started (other work on the machine)


@dataclass
class Series:
    label: str
    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(run.wall for run in self.runs)

    @property
    def best(self) -> float:
        return min(run.wall for run in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(run.max_rss_mb for run in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(run.cpu for run in self.runs)

    def walls(self) -> str:
        return ", ".join(f"{run.wall:.2f}" for run in self.runs)

    def loads(self) -> list[float]:
        return [run.load for run in self.runs]


def git_env() -> dict[str, str]:
    """make_history's environment (no global or system config), with a real empty file."""
    if not EMPTY_CONFIG.is_file() or EMPTY_CONFIG.stat().st_size:
        EMPTY_CONFIG.parent.mkdir(parents=True, exist_ok=True)
        EMPTY_CONFIG.write_bytes(b"")
    return _git_env(str(EMPTY_CONFIG))


DEV_NULL_BROKEN: list[str] = []  # when /dev/null was seen not to be a device


def check_dev_null() -> None:
    """Warn when /dev/null is a regular file: the measured runs then write into a real file."""
    if not stat.S_ISCHR(os.stat(os.devnull).st_mode):
        moment = datetime.now(timezone.utc).strftime("%H:%M:%S")
        DEV_NULL_BROKEN.append(moment)
        say(
            "run_history: WARNING: /dev/null is not a device (something renamed a file over it, "
            "e.g. `stackfit ... -o /dev/null` as root); restore it with "
            "rm /dev/null && mknod -m 666 /dev/null c 1 3"
        )


def measure(argv: list[str], *, cwd: Path, pipe: bool = False) -> Run:
    """Run ARGV under the MEASURE wrapper in a fresh interpreter; fail loudly if ARGV fails."""
    check_dev_null()
    load = os.getloadavg()[0]
    wrapper = [sys.executable, "-c", MEASURE, "pipe" if pipe else "null", *argv]
    done = subprocess.run(wrapper, cwd=cwd, env=git_env(), capture_output=True, check=True)
    facts = json.loads(done.stdout)
    if facts["status"] != 0:
        sys.exit(f"run_history: {' '.join(argv)} failed ({facts['status']}):\n{facts['stderr']}")
    rss_mb = facts["max_rss_kb"] / 1024
    return Run(facts["wall"], facts["cpu"], rss_mb, facts["stdout_bytes"], load)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, env=git_env(), capture_output=True, text=True, check=True
    )
    return done.stdout


def stackfit_command(args: argparse.Namespace) -> list[str]:
    if args.stackfit:
        return [args.stackfit]
    beside = Path(sys.executable).parent / "stackfit"
    return [str(beside)] if beside.exists() else ["stackfit"]


def stackfit_git_log(repo: Path, head: str) -> list[str] | None:
    """The exact `git log` stackfit runs, when this version of the analyzer can tell us."""
    try:
        from analyzer.git.log import LogOptions
        from analyzer.git.log import log_arguments
        from analyzer.git.repository import SAFE_CONFIG

        return ["git", *SAFE_CONFIG, *log_arguments(head, LogOptions())]
    except Exception as error:  # the analyzer is being changed; this row is optional
        print(f"run_history: cannot rebuild stackfit's git log ({error})", file=sys.stderr)
        return None


def choose_window(repo: Path, wanted: int) -> tuple[str, int]:
    """A `since` (UTC midnight) such that roughly WANTED of the newest commits fall after it."""
    stamps = [int(line) for line in git(repo, "log", "--no-merges", "--format=%ct").split()]
    if not stamps:
        sys.exit("run_history: the repository has no commits")
    edge = stamps[min(wanted, len(stamps)) - 1]
    day = datetime.fromtimestamp(edge, timezone.utc).replace(hour=0, minute=0, second=0)
    count = sum(1 for stamp in stamps if stamp >= day.timestamp())
    if count > 2 * wanted:  # a busy day: use the exact moment instead of midnight
        day = datetime.fromtimestamp(edge, timezone.utc)
        count = sum(1 for stamp in stamps if stamp >= edge)
    return day.isoformat(sep=" "), count


def after_newest(repo: Path) -> str:
    """Midnight UTC after the newest commit: a --since that selects nothing."""
    newest = int(git(repo, "log", "-1", "--format=%ct").strip())
    day = datetime.fromtimestamp(newest + 86_400, timezone.utc)
    return day.replace(hour=0, minute=0, second=0).isoformat(sep=" ")


def numstat_totals(repo: Path, since: str) -> tuple[int, int]:
    out = git(repo, "log", "--no-merges", "-M", "--numstat", "--format=", f"--since={since}")
    added = deleted = 0
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[0] != "-":
            added += int(parts[0])
            deleted += int(parts[1])
    return added, deleted


def repo_facts(repo: Path) -> dict[str, Any]:
    commits = int(git(repo, "rev-list", "--count", "--no-merges", "HEAD"))
    authors = len(set(git(repo, "log", "--no-merges", "--format=%aN <%aE>").splitlines()))
    files = len(git(repo, "ls-files").splitlines())
    marker = repo / ".git" / MARKER
    built = json.loads(marker.read_text(encoding="utf-8")) if marker.is_file() else {}
    return {"commits": commits, "authors": authors, "files": files, "built": built}


def machine_facts() -> dict[str, str]:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    source = subprocess.run(
        ["git", "-C", str(PROJECT_DIR), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        env=git_env(),
    ).stdout.strip()
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu or platform.processor() or "unknown",
        "kernel": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "git": subprocess.run(
            ["git", "--version"], capture_output=True, text=True, env=git_env()
        ).stdout.strip(),
        "stackfit": f"{version('stackfit')} (source {source or 'unknown'})",
        "pydriller": version("pydriller"),
    }


def ensure_repo(repo: Path) -> None:
    if (repo / ".git").exists() or (repo / "HEAD").is_file():
        return
    print(f"run_history: {repo} is missing; building it with make_history.py", file=sys.stderr)
    subprocess.run(
        [sys.executable, str(BENCH_DIR / "make_history.py"), str(repo)], check=True, env=git_env()
    )


def commits_analyzed(output: Path) -> int:
    document = json.loads(output.read_text(encoding="utf-8"))
    return int(document["repository"]["commits_analyzed"])


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def verdict(ok: bool) -> str:
    return "yes" if ok else "**no**"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (default: 3)")
    parser.add_argument("--window-commits", type=int, default=1500,
                        help="commits in the PyDriller window (default: 1500)")  # fmt: skip
    parser.add_argument("--skip-pydriller", action="store_true")
    parser.add_argument("--stackfit", help="the stackfit executable (default: beside python)")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    repo: Path = args.repo.resolve()
    ensure_repo(repo)
    stackfit = stackfit_command(args)
    head = git(repo, "rev-parse", "HEAD").strip()
    facts = repo_facts(repo)
    machine = machine_facts()
    say(f"run_history: {repo}: {facts['commits']:,} commits; {args.runs} runs each")

    bare = Series("bare `git log --numstat --no-merges HEAD`, piped")
    exact = Series("`git log` with stackfit's own arguments (-z, --format, -M), piped")
    cold = Series("`stackfit skills REPO --format json -o FILE`")
    exact_argv = stackfit_git_log(repo, head)
    bare_argv = ["git", "log", "--numstat", "--no-merges", "HEAD"]
    with tempfile.TemporaryDirectory(prefix="stackfit-bench-") as scratch:
        # A real file, read back to check commits_analyzed. (stackfit before 78cc0d6 replaced
        # /dev/null itself when asked for `-o /dev/null` as root; check_dev_null still warns.)
        output = Path(scratch) / "skills.json"
        # --no-cache: a cold run reads git, whatever an earlier run left in the commit cache
        cold_argv = [*stackfit, "skills", str(repo), "--format", "json", "-o", str(output)]
        cold_argv.append("--no-cache")
        measure(bare_argv, cwd=repo, pipe=True)  # warm the page cache; not counted
        runs = args.runs
        for index in range(runs):
            bare.runs.append(measure(bare_argv, cwd=repo, pipe=True))
            say(f"  bare git log #{index + 1}/{runs}: {bare.runs[-1].wall:.2f}s")
            cold.runs.append(measure(cold_argv, cwd=repo))
            analysed = commits_analyzed(output)
            say(f"  stackfit #{index + 1}/{runs}: {cold.runs[-1].wall:.2f}s, {analysed:,} commits")
            if analysed != facts["commits"]:
                sys.exit(f"run_history: stackfit analysed {analysed} of {facts['commits']} commits")
            if exact_argv is not None:
                exact.runs.append(measure(exact_argv, cwd=repo, pipe=True))
                say(f"  stackfit's git log #{index + 1}/{runs}: {exact.runs[-1].wall:.2f}s")

        # One more stackfit run with the Python process and its git children measured apart.
        usage_file = Path(scratch) / "rusage.json"
        env = {**git_env(), "BENCH_RUSAGE_OUT": str(usage_file)}
        in_process = [sys.executable, "-c", IN_PROCESS, *cold_argv[len(stackfit) :]]
        subprocess.run(in_process, cwd=repo, env=env, check=True, stdout=subprocess.DEVNULL)
        split = json.loads(usage_file.read_text(encoding="utf-8"))
    python_mb = split["python_max_rss_kb"] / 1024
    git_mb = split["git_max_rss_kb"] / 1024
    say(f"  stackfit alone: python {python_mb:.1f} MiB, largest git {git_mb:.1f} MiB")

    window: dict[str, Any] = {}
    if not args.skip_pydriller:
        window = compare_pydriller(repo, stackfit, args.window_commits, args.runs)

    text = report(repo, facts, machine, bare, exact, cold, python_mb, git_mb, window)
    print(text)
    replace_section(text, args.results)
    say(f"run_history: wrote {args.results}")


def compare_pydriller(repo: Path, stackfit: list[str], wanted: int, runs: int) -> dict[str, Any]:
    since, expected = choose_window(repo, wanted)
    say(f"  window: since {since} ({expected:,} commits)")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "window.json"
        driller_out = Path(scratch) / "pydriller.json"
        seen: list[int] = []
        window = Series("stackfit --since")

        def command(start: str) -> list[str]:
            # PyDriller does only the history's job: the tree's framework parse stays off.
            options = ["--since", start, "--format", "json", "-o", str(out), "--no-cache",
                       "--no-frameworks"]  # fmt: skip
            return [*stackfit, "skills", str(repo), *options]

        argv = command(since)
        for index in range(runs):
            window.runs.append(measure(argv, cwd=repo))
            seen.append(commits_analyzed(out))
            say(f"  stackfit --since #{index + 1}/{runs}: {window.runs[-1].wall:.2f}s")
        # The same command over no commits at all: what stackfit pays whatever the window.
        fixed = Series("stackfit --since after the newest commit")
        empty = command(after_newest(repo))
        for index in range(runs):
            fixed.runs.append(measure(empty, cwd=repo))
            if commits_analyzed(out) != 0:
                sys.exit(f"run_history: {' '.join(empty)} analysed some commits")
            say(f"  stackfit --since tomorrow #{index + 1}/{runs}: {fixed.runs[-1].wall:.2f}s")
        driller_argv = [sys.executable, "-c", PYDRILLER, str(repo), since, str(driller_out)]
        driller = measure(driller_argv, cwd=repo)
        say(f"  PyDriller: {driller.wall:.2f}s")
        found = json.loads(driller_out.read_text(encoding="utf-8"))
    added, deleted = numstat_totals(repo, since)
    stackfit_commits = seen[0]
    if len(set(seen)) != 1 or stackfit_commits != found["commits"]:
        say(f"run_history: WARNING: commit counts differ: stackfit {seen}, PyDriller {found}")
    return {
        "since": since,
        "expected": expected,
        "stackfit": window,
        "fixed": fixed,
        "stackfit_commits": stackfit_commits,
        "pydriller": driller,
        "pydriller_commits": found["commits"],
        "pydriller_authors": found["authors"],
        "lines_match": (found["added"], found["deleted"]) == (added, deleted),
        "pydriller_lines": (found["added"], found["deleted"]),
        "numstat_lines": (added, deleted),
    }


def report(
    repo: Path,
    facts: dict[str, Any],
    machine: dict[str, str],
    bare: Series,
    exact: Series,
    cold: Series,
    python_mb: float,
    git_mb: float,
    window: dict[str, Any],
) -> str:
    ratio = cold.median / bare.median
    built = facts["built"]
    loads = bare.loads() + cold.loads() + exact.loads()
    lines = [
        "# stackfit skills benchmark",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC by `bench/run_history.py`.",
        "",
        f"- Machine: {machine['nproc']} CPUs ({machine['cpu']}), {machine['kernel']}",
        f"- Python {machine['python']}, {machine['git']}, stackfit {machine['stackfit']}, "
        f"PyDriller {machine['pydriller']}",
        f"- Repository: `{repo}`, {facts['commits']:,} non-merge commits, "
        f"{facts['authors']:,} authors, {facts['files']:,} files at HEAD"
        + (
            f"; built by `bench/make_history.py` (seed {built.get('seed')}, "
            f"{built.get('renames')} renames, history ending {built.get('end_date')}) "
            f"in {built.get('generation_seconds')} s"
            if built
            else ""
        ),
        f"- Times are wall-clock seconds, median of {len(cold.runs)} interleaved runs (each run "
        "listed); the page cache is warm. Peak memory is the max RSS of the largest process. "
        f"1-minute load average at the start of the timed runs: {min(loads):.2f}–{max(loads):.2f} "
        f"(the machine has {machine['nproc']} CPUs; other work on it slows the runs).",
        *(
            [
                "- **Warning**: /dev/null was a regular file, not the device, before runs at "
                f"{', '.join(DEV_NULL_BROKEN)} UTC (something replaced it during the benchmark)."
            ]
            if DEV_NULL_BROKEN
            else []
        ),
        "",
        "| Measurement | Result | Target | Met |",
        "|---|---|---|---|",
        f"| Baseline: {bare.label} | {bare.median:.2f} s (best {bare.best:.2f}; "
        f"runs {bare.walls()}); CPU {bare.cpu:.2f} s | | |",
    ]
    if exact.runs:
        lines.append(
            f"| {exact.label} | {exact.median:.2f} s (best {exact.best:.2f}; runs {exact.walls()})"
            f"; CPU {exact.cpu:.2f} s | | |"
        )
    per_second = facts["commits"] / cold.median
    lines += [
        f"| stackfit cold: {cold.label} | {cold.median:.2f} s (best {cold.best:.2f}; "
        f"runs {cold.walls()}); {per_second:,.0f} commits/s; CPU {cold.cpu:.2f} s | | |",
        f"| **Ratio stackfit / bare git log** (medians) | **{ratio:.2f}×** "
        f"(best/best {cold.best / bare.best:.2f}×) | ≤ {TARGET_RATIO}× "
        f"| {verdict(ratio <= TARGET_RATIO)} |",
        f"| Ratio of CPU time (user+sys, stackfit and its git / git log alone) "
        f"| {cold.cpu / bare.cpu:.2f}× | | |",
        f"| **stackfit peak memory** (largest process: stackfit or its git) "
        f"| **{cold.peak_mb:.0f} MiB** | < {TARGET_MEMORY_MB:.0f} MB "
        f"| {verdict(cold.peak_mb < TARGET_MEMORY_MB)} |",
        f"| stackfit peak memory, measured apart | Python {python_mb:.0f} MiB, largest git "
        f"{git_mb:.0f} MiB (sum {python_mb + git_mb:.0f} MiB) | | |",
        f"| Baseline git log peak memory | {bare.peak_mb:.0f} MiB | | |",
    ]
    if window:
        driller: Run = window["pydriller"]
        stack: Series = window["stackfit"]
        driller_rate = window["pydriller_commits"] / driller.wall
        stack_rate = window["stackfit_commits"] / stack.median
        speedup = stack_rate / driller_rate
        same = window["stackfit_commits"] == window["pydriller_commits"]
        fixed: Series = window["fixed"]
        variable = stack.median - fixed.median  # the part of the window's time that scales
        net = window["stackfit_commits"] / variable if variable > 0.1 * stack.median else None
        full_rate = facts["commits"] / cold.median
        lines += [
            f"| Window: commits since {window['since']} | stackfit {window['stackfit_commits']:,}"
            f", PyDriller {window['pydriller_commits']:,} (same: {'yes' if same else '**no**'}) "
            "| | |",
            f"| PyDriller per-author line counts (1 run) | {driller.wall:.2f} s, "
            f"{driller_rate:,.0f} commits/s, peak {driller.max_rss_mb:.0f} MiB; line totals "
            f"{'match' if window['lines_match'] else '**differ from**'} `git log --numstat -M` "
            "| | |",
            f"| stackfit skills --since (same window) | {stack.median:.2f} s (runs {stack.walls()})"
            f", {stack_rate:,.0f} commits/s | | |",
            f"| **Speed-up stackfit / PyDriller** (commits/s) | **{speedup:.1f}×** "
            f"| ≥ {TARGET_SPEEDUP:.0f}× | {verdict(speedup >= TARGET_SPEEDUP and same)} |",
            f"| stackfit fixed cost: the window's command with --since after the newest commit "
            f"(0 commits) | {fixed.median:.2f} s (runs {fixed.walls()}) | | |",
            f"| Speed-up net of that fixed cost (window commits / (window time − fixed cost)) "
            f"| {f'{net / driller_rate:.0f}× ({net:,.0f} commits/s)' if net else 'n/a (noise)'} "
            "| | |",
            f"| Speed-up on the full history (stackfit cold vs PyDriller's window rate) "
            f"| {full_rate / driller_rate:.0f}× ({full_rate:,.0f} vs {driller_rate:,.0f} "
            "commits/s) | | |",
        ]
    lines += [
        "",
        "The baseline reads git's output through a pipe in 1 MiB chunks, as stackfit does. "
        "Each timed command runs as a fresh process under a `python -c` wrapper that reads "
        "`getrusage(RUSAGE_CHILDREN)` after it exits; stackfit's times include interpreter "
        "start-up and imports. The window's times include stackfit's fixed costs (start-up and "
        "imports, reading and classifying the HEAD tree, and git walking the whole history for "
        "`--since-as-filter`), which PyDriller (plain `--since`, stopping at the window's edge; "
        "the history is in date order, so both select the same commits) does not pay. "
        "The window's stackfit runs pass `--no-frameworks`: PyDriller does the history's job "
        "only, and the tree's import parse for frameworks per person (about 0.5 s here) is not "
        "part of it; the full-history runs above include it, as `stackfit skills` does by "
        "default. PyDriller runs once: it is slow.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
