"""Benchmark `stackfit report` on the 50,000-commit synthetic history (bench/work/history).

In one run:

* analysis: `stackfit skills REPO --format json -o FILE --no-cache` as a fresh process;
* report: `stackfit report REPO --needs api -o FILE.html --no-cache --quiet` as a fresh process
  (the same analysis, plus the ranking and the page), interleaved with the analysis runs; the
  difference of the medians is what writing the report adds (target < 2 s);
* report with inferred needs (no --needs: the code base is scanned too), once, for reference;
* in this process: the page alone (privacy pass, view, Jinja rendering) from evidence in memory;
* the HTML file's size (target < 2 MB);
* Debian's Chromium, headless through Playwright, opening the file: navigation to the load
  event (target < 1 s), median of several loads.

The "## stackfit report" section of bench/RESULTS.md is replaced (or appended); the rest of the
file is kept.

    python bench/run_report.py [REPO] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from datetime import timezone
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(PROJECT_DIR))

from make_history import DEFAULT_OUT  # noqa: E402
from make_history import MARKER  # noqa: E402
from make_history import git_env as _git_env  # noqa: E402
from results import replace_section  # noqa: E402

RESULTS = BENCH_DIR / "RESULTS.md"
SECTION = "## stackfit report"
EMPTY_CONFIG = BENCH_DIR / "work" / "empty.gitconfig"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TARGET_EXTRA_SECONDS = 2.0
TARGET_MEGABYTES = 2.0
TARGET_LOAD_SECONDS = 1.0


def git_env() -> dict[str, str]:
    """No global or system git config (a real empty file), and a private commit cache."""
    if not EMPTY_CONFIG.is_file() or EMPTY_CONFIG.stat().st_size:
        EMPTY_CONFIG.parent.mkdir(parents=True, exist_ok=True)
        EMPTY_CONFIG.write_bytes(b"")
    env = _git_env(str(EMPTY_CONFIG))
    env["STACKFIT_CACHE_DIR"] = str(BENCH_DIR / "work" / "report-cache")
    return env


def ensure_history(repo: Path) -> None:
    if (repo / ".git" / MARKER).is_file():
        return
    print(f"building {repo} (about a minute)…", flush=True)
    command = [sys.executable, str(BENCH_DIR / "make_history.py"), str(repo)]
    subprocess.run(command, check=True, cwd=PROJECT_DIR)


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of stackfit and its git processes


def timed(args: list[str]) -> Run:
    """One fresh `python -m analyzer ARGS` process: wall-clock and CPU seconds.

    CPU time (from getrusage of this process's children) barely moves when other work shares
    the machine; wall-clock time does.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "analyzer", *args],
        cwd=PROJECT_DIR,
        env=git_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"stackfit {' '.join(args[:1])} failed: {result.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return Run(wall, cpu)


@dataclass
class InProcess:
    """Seconds of each part the report adds to the analysis, measured in this process."""

    ranking: float  # profiles, operational facts, scoring (median)
    page: float  # privacy pass, view and HTML (median)
    anonymized_page: float  # the same with --anonymize: git finds the root commit for the key
    markdown: float
    size: int


def _median_seconds(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def in_process(repo_path: Path, runs: int) -> InProcess:
    """What `stackfit report` does beyond `analyse_skills`, part by part (the analysis is shared).

    The same steps as analyzer.recommend.rank.recommend after the analysis, then the page.
    """
    from analyzer.config import load_settings
    from analyzer.git.repository import open_repository
    from analyzer.languages.tree import read_head_tree
    from analyzer.recommend.operations import operational_facts
    from analyzer.recommend.profiles import load_catalog
    from analyzer.recommend.rank import resolve_requirements
    from analyzer.recommend.scoring import Ranking
    from analyzer.recommend.scoring import WhatIf
    from analyzer.recommend.scoring import score_stacks
    from analyzer.report.page import html as html_report
    from analyzer.report.privacy import protect
    from analyzer.report.privacy import pseudonym_key
    from analyzer.skills.combine import analyse_skills

    os.environ.update(git_env())
    repo = open_repository(repo_path)
    settings = load_settings(repo, None)
    requirements = resolve_requirements("api", None, settings)
    assert requirements is not None
    head = read_head_tree(repo)  # read once and shared with the analysis, as recommend() does
    evidence = analyse_skills(repo, settings, head=head)

    def rank() -> Ranking:
        catalog = load_catalog(None)
        operations = operational_facts(repo, head, catalog)
        return score_stacks(evidence, catalog, requirements, operations, {}, WhatIf())

    ranking = rank()

    def page(anonymize: bool) -> str:
        key = pseudonym_key(repo) if anonymize else b""
        shown, shown_ranking = protect(
            evidence, ranking, key, anonymize=anonymize, show_emails=False
        )
        view = html_report.build_report(shown, shown_ranking, html_report.Scope())
        return html_report.render_html(view)

    text = page(False)  # the first call compiles the templates
    view = html_report.build_report(evidence, ranking, html_report.Scope())
    return InProcess(
        ranking=_median_seconds(rank, runs),
        page=_median_seconds(lambda: page(False), runs),
        anonymized_page=_median_seconds(lambda: page(True), runs),
        markdown=_median_seconds(lambda: html_report.render_markdown(view), runs),
        size=len(text.encode()),
    )


def chromium_loads(page_path: Path, runs: int) -> tuple[list[float], list[float]]:
    """Seconds from navigation start to the load event, and wall time of goto(), per load."""
    from playwright.sync_api import sync_playwright

    events: list[float] = []
    walls: list[float] = []
    requests: list[str] = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            requests.clear()
            page.on("request", lambda request: requests.append(request.url))
            start = time.perf_counter()
            page.goto(page_path.resolve().as_uri(), wait_until="load")
            walls.append(time.perf_counter() - start)
            events.append(
                page.evaluate(
                    "(() => { const t = performance.getEntriesByType('navigation')[0];"
                    " return t.loadEventEnd - t.startTime; })()"
                )
                / 1000
            )
            if requests != [page_path.resolve().as_uri()]:
                raise SystemExit(f"the page made requests: {requests}")
            page.close()
        browser.close()
    return events, walls


def _runs(values: list[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in values)


def _met(ok: bool) -> str:
    return "yes" if ok else "no"


def _walls(runs: list[Run]) -> str:
    return ", ".join(f"{run.wall:.2f}" for run in runs)


def _median(runs: list[Run], part: str) -> float:
    return statistics.median(getattr(run, part) for run in runs)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    ensure_history(args.repo)
    loads = [os.getloadavg()[0]]
    analysis: list[Run] = []
    reports: list[Run] = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        page = out / "team-skills.html"
        for run in range(args.runs):
            analysis.append(timed(["skills", str(args.repo), "--format", "json", "-o",
                                   str(out / "skills.json"), "--no-cache"]))  # fmt: skip
            reports.append(timed(["report", str(args.repo), "--needs", "api", "-o", str(page),
                                  "--no-cache", "--quiet"]))  # fmt: skip
            loads.append(os.getloadavg()[0])
            print(f"run {run + 1}: skills {analysis[-1]}, report {reports[-1]}", flush=True)
        inferred = timed(["report", str(args.repo), "-o", str(out / "inferred.html"),
                          "--no-cache", "--quiet"])  # fmt: skip
        print(f"report with inferred needs: {inferred}", flush=True)
        megabytes = page.stat().st_size / 1e6
        parts = in_process(args.repo, 5)
        print(f"in process: {parts}", flush=True)
        events, walls = chromium_loads(page, 5)
        print(f"chromium load: {_runs(events)} s (goto {_runs(walls)} s)")
    text = report(args, analysis, reports, inferred, parts, megabytes, events, walls, loads)
    replace_section(text, args.results)
    print(text)


def report(
    args: argparse.Namespace,
    analysis: list[Run],
    reports: list[Run],
    inferred: Run,
    parts: InProcess,
    megabytes: float,
    events: list[float],
    walls: list[float],
    loads: list[float],
) -> str:
    wall_extra = _median(reports, "wall") - _median(analysis, "wall")
    cpu_extra = _median(reports, "cpu") - _median(analysis, "cpu")
    beyond = parts.ranking + parts.page
    load = statistics.median(events)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    return "\n".join(
        [
            SECTION,
            "",
            f"Measured {now} by `bench/run_report.py` on `{args.repo.name}` "
            f"(bench/work/history: 50,000 commits, 200 authors). {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}, {chromium.strip() or 'Chromium'}; 1-minute "
            f"load average {min(loads):.2f}–{max(loads):.2f} (other work on the machine "
            "stretches wall-clock times; CPU times and the in-process parts barely move). "
            f"Fresh processes use `--no-cache`; medians of {args.runs} interleaved runs.",
            "",
            "| Measurement | Result | Target | Met |",
            "|---|---|---|---|",
            f"| Analysis: `stackfit skills REPO --format json -o FILE` | "
            f"{_median(analysis, 'wall'):.2f} s wall (runs {_walls(analysis)}); "
            f"{_median(analysis, 'cpu'):.2f} s CPU | | |",
            f"| `stackfit report REPO --needs api -o FILE.html` | "
            f"{_median(reports, 'wall'):.2f} s wall (runs {_walls(reports)}); "
            f"{_median(reports, 'cpu'):.2f} s CPU | | |",
            f"| Report minus analysis, fresh processes (difference of medians) | "
            f"{cpu_extra:+.2f} s CPU; {wall_extra:+.2f} s wall | | |",
            f"| In process: ranking (profiles, operational facts, scoring) | "
            f"{parts.ranking * 1000:.0f} ms | | |",
            f"| In process: the page (privacy pass, view, Jinja) | {parts.page * 1000:.0f} ms "
            f"({parts.anonymized_page * 1000:.0f} ms with --anonymize: git finds the root "
            f"commit); Markdown {parts.markdown * 1000:.0f} ms | | |",
            f"| **Report beyond the analysis** (ranking + page, in process) | "
            f"**{beyond:.2f} s** | < {TARGET_EXTRA_SECONDS:g} s | "
            f"{_met(beyond < TARGET_EXTRA_SECONDS)} |",
            f"| **HTML file size** | **{megabytes:.2f} MB** ({parts.size:,} bytes) | "
            f"< {TARGET_MEGABYTES:g} MB | {_met(megabytes < TARGET_MEGABYTES)} |",
            f"| **Chromium: navigation to load event** (headless, median of {len(events)}) | "
            f"**{load * 1000:.0f} ms** (loads {', '.join(f'{v * 1000:.0f}' for v in events)}; "
            f"goto() wall {statistics.median(walls) * 1000:.0f} ms) | "
            f"< {TARGET_LOAD_SECONDS:g} s | {_met(load < TARGET_LOAD_SECONDS)} |",
            f"| Report with inferred needs (no --needs: the code base is scanned too), 1 run | "
            f"{inferred.wall:.2f} s wall; {inferred.cpu:.2f} s CPU | | |",
            "",
            "The report reads the history once, as `skills` does, then ranks the stacks and "
            "renders the page; without `--needs` it also scans the code base with tree-sitter "
            "to infer them, which is code analysis rather than report writing.",
            "",
        ]
    )


if __name__ == "__main__":
    main()
