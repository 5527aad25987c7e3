"""Benchmark the history's Python side per commit: the parse and the fold, git's time left out.

Every signal the fold keeps (languages, files, rhythm, the automation signs) and every field
the parse reads adds to the walk's hot path. The log is read once from git (`git log` at REV,
at most --max-count commits), parsed RUNS times, then folded RUNS times into a fresh tally as
`stackfit skills` builds it; the medians of CPU time (this process's: other work on the
machine moves it less than wall time) are reported per commit. Run it with the code before
and after a change (PYTHONPATH, or a copy of the older tree) on the same repository and revision,
and compare.

    python bench/run_fold.py REPO [--rev REV] [--max-count N] [--runs 5] [--label TEXT]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from analyzer.config import Settings  # noqa: E402
from analyzer.git.log import LogOptions  # noqa: E402
from analyzer.git.log import log_arguments  # noqa: E402
from analyzer.git.log import parse_log  # noqa: E402
from analyzer.git.repository import open_repository  # noqa: E402
from analyzer.git.repository import run_git  # noqa: E402
from analyzer.history.fold import BulkRule  # noqa: E402
from analyzer.history.fold import HistoryTally  # noqa: E402
from analyzer.history.identity import is_bot  # noqa: E402
from analyzer.languages.tree import Classifier  # noqa: E402
from analyzer.languages.tree import read_head_tree  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo")
    parser.add_argument("--rev", default="HEAD")
    parser.add_argument("--max-count", type=int, default=0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    repo = open_repository(args.repo, args.rev)
    log = log_arguments(repo.head, LogOptions())
    if args.max_count:
        log.insert(1, f"--max-count={args.max_count}")
    started = time.perf_counter()
    raw = run_git(repo.root, log)
    read = time.perf_counter() - started
    parse_times = []
    for _ in range(args.runs):
        gc.collect()
        started = time.process_time()
        commits = list(parse_log([raw]))
        parse_times.append(time.process_time() - started)
    head = read_head_tree(repo)
    settings = Settings()
    times = []
    for _ in range(args.runs):
        tally = HistoryTally(
            classifier=Classifier(head, settings.exclude),
            is_bot=lambda contact: is_bot(contact[0], contact[1], settings.bots),
            current_files=head.files,
            bulk_rule=BulkRule(settings.bulk_min_lines, settings.bulk_min_files),
        )
        gc.collect()
        started = time.process_time()
        for commit in commits:
            tally.add(commit)
        times.append(time.process_time() - started)
    print(
        f"{args.label or 'fold'}: {len(commits):,} commits of {args.repo} at {args.rev}; "
        f"{_median('parse', parse_times, len(commits))}; {_median('fold', times, len(commits))}; "
        f"git log {read:.1f} s"
    )


def _median(what: str, times: list[float], commits: int) -> str:
    median, best = statistics.median(times), min(times)
    runs = ", ".join(f"{seconds:.2f}" for seconds in times)
    return (
        f"{what} {median:.3f} s CPU median, {median / commits * 1e6:.1f} us per commit (best "
        f"{best / commits * 1e6:.1f} us; runs {runs})"
    )


if __name__ == "__main__":
    main()
