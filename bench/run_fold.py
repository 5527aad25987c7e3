"""Benchmark the fold alone: the per-commit cost of `HistoryTally.add`, git's time left out.

The history walk's Python side is parsing and folding; this times the fold, which every signal
kept per commit (languages, files, rhythm, the automation signs) adds to. The commits are read
once from git (`git log` at REV, at most --max-count of them), then folded RUNS times into a
fresh tally as `stackfit skills` builds it; the median is reported per commit. Run it on the
same repository and revision before and after a change to the fold, and compare.

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
    commits = list(parse_log([run_git(repo.root, log)]))
    read = time.perf_counter() - started
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
        started = time.perf_counter()
        for commit in commits:
            tally.add(commit)
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    runs = ", ".join(f"{seconds:.2f}" for seconds in times)
    print(
        f"{args.label or 'fold'}: {len(commits):,} commits of {args.repo} at {args.rev}; "
        f"fold {median:.3f} s median (runs {runs}), {median / len(commits) * 1e6:.1f} us per "
        f"commit; git log and parse {read:.1f} s"
    )


if __name__ == "__main__":
    main()
