"""Benchmark `stackfit scan` against merely parsing the same files with tree-sitter in one process.

In one run:

* build (once) a synthetic source tree of at least 50 MB in bench/work/scan-tree (git-ignored):
  Python, JavaScript, TypeScript, Go, Java, Kotlin, Ruby and PHP services with imports,
  functions and the constructs stackfit counts, plus documentation and a vendored folder
  (which both sides skip), committed into a git repository;
* baseline: every source file the scan parses, already in memory, parsed by tree-sitter in
  this one process: only `Parser.parse`, no queries, no git, no start-up;
* stackfit: `stackfit scan TREE --format json -o FILE` as a fresh process (start-up, git,
  classification, line counts, manifests, parsing, queries, workload), using every CPU.

Runs are interleaved (baseline, stackfit, ...) and the medians compared; the target is
stackfit ≤ 0.8 × the baseline. The "## stackfit scan" section of bench/RESULTS.md is replaced
(or appended), and the rest of the file is kept.

    python bench/run_scan.py [--tree DIR] [--megabytes 55] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from datetime import timezone
from pathlib import Path
from typing import NamedTuple

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(PROJECT_DIR))

from results import replace_section  # noqa: E402

from analyzer.code.imports import grammar_language  # noqa: E402
from analyzer.machine import available_cpus  # noqa: E402

RESULTS = BENCH_DIR / "RESULTS.md"
DEFAULT_TREE = BENCH_DIR / "work" / "scan-tree"
SECTION = "## stackfit scan"
TARGET_RATIO = 0.8
MARKER = ".stackfit-bench-scan"
SCAN_COMMAND = (sys.executable, "-m", "analyzer", "scan")

# extension -> (grammar, share of the source bytes)
LANGUAGES: dict[str, tuple[str, float]] = {
    ".py": ("python", 0.2),
    ".js": ("javascript", 0.1),
    ".ts": ("typescript", 0.15),
    ".go": ("go", 0.15),
    ".java": ("java", 0.15),
    ".kt": ("kotlin", 0.08),
    ".rb": ("ruby", 0.08),
    ".php": ("php", 0.09),
}
SERVICES = ("billing", "orders", "media", "search", "gateway", "ledger", "catalog", "auth")
WORDS = ("user", "order", "item", "price", "batch", "event", "cache", "token", "report", "image")


def _name(rng: random.Random) -> str:
    return rng.choice(WORDS) + rng.choice(WORDS).title() + str(rng.randrange(1000))


def _python(rng: random.Random, index: int) -> str:
    head = "import asyncio\nimport json\nfrom fastapi import APIRouter\nimport numpy as np\n\n"
    body = []
    for _ in range(40):
        name = _name(rng)
        body.append(
            f"async def {name}(request, limit: int = {rng.randrange(100)}) -> dict:\n"
            f'    """Handle {name}."""\n'
            f"    items = [x * 2 for x in range(limit) if x % 3]\n"
            f"    for item in items:\n"
            f"        if item > {rng.randrange(50)}:\n"
            f"            await asyncio.sleep(0)\n"
            f"        else:\n"
            f'            data = json.dumps({{"id": item, "name": "{name}"}})\n'
            f"    return {{'total': sum(items), 'mean': float(np.mean(items or [0]))}}\n\n"
        )
    return head + "".join(body)


def _javascript(rng: random.Random, index: int) -> str:
    head = 'const express = require("express");\nconst { pipeline } = require("stream");\n\n'
    body = []
    for _ in range(40):
        name = _name(rng)
        body.append(
            f"async function {name}(req, res) {{\n"
            f"  const items = [];\n"
            f"  for (let i = 0; i < {rng.randrange(100)}; i++) {{\n"
            f"    if (i % 3 === 0) {{ items.push({{ id: i, name: '{name}' }}); }}\n"
            f"  }}\n"
            f"  const results = await Promise.all(items.map(async (x) => x.id * 2));\n"
            f"  res.json({{ total: results.reduce((a, b) => a + b, 0) }});\n"
            f"}}\n\n"
        )
    return head + "".join(body) + "module.exports = {};\n"


def _typescript(rng: random.Random, index: int) -> str:
    head = 'import { Injectable } from "@nestjs/common";\nimport { Server } from "socket.io";\n\n'
    body = ["interface Item { id: number; name: string; price?: number }\n\n"]
    for _ in range(40):
        name = _name(rng)
        body.append(
            f"export async function {name}(items: Item[], limit = {rng.randrange(100)}):"
            f" Promise<number> {{\n"
            f"  const picked: Item[] = items.filter((x: Item) => x.id < limit);\n"
            f"  let total = 0;\n"
            f"  for (const item of picked) {{\n"
            f"    total += item.price ?? 0;\n"
            f"  }}\n"
            f"  await new Promise<void>((resolve) => setTimeout(resolve, 0));\n"
            f"  return total;\n"
            f"}}\n\n"
        )
    return head + "".join(body)


def _go(rng: random.Random, index: int) -> str:
    head = (
        f'package service{index % 50}\n\nimport (\n\t"fmt"\n\t"sync"\n\n'
        '\t"github.com/gin-gonic/gin"\n)\n\n'
    )
    body = []
    for _ in range(40):
        name = _name(rng).title()
        body.append(
            f"func {name}(c *gin.Context, items []int) int {{\n"
            f"\tresults := make(chan int, len(items))\n"
            f"\tvar wg sync.WaitGroup\n"
            f"\tfor _, item := range items {{\n"
            f"\t\twg.Add(1)\n"
            f"\t\tgo func(v int) {{ defer wg.Done(); results <- v * {rng.randrange(9) + 1} }}"
            f"(item)\n"
            f"\t}}\n"
            f"\twg.Wait()\n"
            f"\tclose(results)\n"
            f"\ttotal := 0\n"
            f"\tfor r := range results {{\n"
            f"\t\ttotal += r\n"
            f"\t}}\n"
            f'\tfmt.Println("{name}", total)\n'
            f"\treturn total\n"
            f"}}\n\n"
        )
    return head + "".join(body)


def _java(rng: random.Random, index: int) -> str:
    head = (
        f"package com.example.service{index % 50};\n\n"
        "import java.util.List;\nimport java.util.concurrent.Executors;\n"
        "import org.springframework.boot.SpringApplication;\n\n"
        f"public class Service{index} {{\n"
    )
    body = []
    for _ in range(40):
        name = _name(rng)
        body.append(
            f"    public int {name}(List<Integer> items) {{\n"
            f"        int total = 0;\n"
            f"        for (int item : items) {{\n"
            f"            if (item > {rng.randrange(50)}) {{\n"
            f"                total += item * 2;\n"
            f"            }} else {{\n"
            f'                System.out.println("{name}" + item);\n'
            f"            }}\n"
            f"        }}\n"
            f"        var pool = Executors.newFixedThreadPool(4);\n"
            f"        return total;\n"
            f"    }}\n\n"
        )
    return head + "".join(body) + "}\n"


def _kotlin(rng: random.Random, index: int) -> str:
    head = (
        f"package com.example.k{index % 50}\n\nimport io.ktor.server.application.*\n"
        "import kotlinx.coroutines.launch\n\n"
    )
    body = []
    for _ in range(40):
        name = _name(rng)
        body.append(
            f"suspend fun {name}(items: List<Int>): Int {{\n"
            f"    var total = 0\n"
            f"    for (item in items) {{\n"
            f"        if (item > {rng.randrange(50)}) {{\n"
            f"            total += item * 2\n"
            f"        }} else {{\n"
            f'            println("{name} $item")\n'
            f"        }}\n"
            f"    }}\n"
            f"    return total\n"
            f"}}\n\n"
        )
    return head + "".join(body)


def _ruby(rng: random.Random, index: int) -> str:
    head = f"require 'sinatra'\nrequire 'json'\n\nclass Service{index}\n"
    body = []
    for _ in range(40):
        name = _name(rng).lower()
        body.append(
            f"  def {name}(items, limit = {rng.randrange(100)})\n"
            f"    total = 0\n"
            f"    items.each do |item|\n"
            f"      if item > limit\n"
            f"        total += item * 2\n"
            f"      else\n"
            f'        puts "{name} #{{item}}"\n'
            f"      end\n"
            f"    end\n"
            f"    {{ total: total }}.to_json\n"
            f"  end\n\n"
        )
    return head + "".join(body) + "end\n"


def _php(rng: random.Random, index: int) -> str:
    head = (
        f"<?php\n\nnamespace App\\Service{index % 50};\n\n"
        "use Illuminate\\Support\\Facades\\Route;\nuse Illuminate\\Http\\Request;\n\n"
        f"class Service{index}\n{{\n"
    )
    body = []
    for _ in range(40):
        name = _name(rng)
        body.append(
            f"    public function {name}(array $items, int $limit = {rng.randrange(100)}): int\n"
            f"    {{\n"
            f"        $total = 0;\n"
            f"        foreach ($items as $item) {{\n"
            f"            if ($item > $limit) {{\n"
            f"                $total += $item * 2;\n"
            f"            }} else {{\n"
            f'                echo "{name} " . $item;\n'
            f"            }}\n"
            f"        }}\n"
            f"        return $total;\n"
            f"    }}\n\n"
        )
    return head + "".join(body) + "}\n"


GENERATORS = {
    ".py": _python,
    ".js": _javascript,
    ".ts": _typescript,
    ".go": _go,
    ".java": _java,
    ".kt": _kotlin,
    ".rb": _ruby,
    ".php": _php,
}
MANIFESTS = {
    "requirements.txt": "fastapi==0.110.0\nnumpy>=1.26\n",
    "package.json": json.dumps(
        {"dependencies": {"express": "^4.19.0", "@nestjs/common": "^10.0.0", "socket.io": "^4"}}
    ),
    "go.mod": "module example.com/svc\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n",
    "Gemfile": "source 'https://rubygems.org'\ngem 'sinatra'\n",
    "composer.json": json.dumps({"require": {"laravel/framework": "^11.0"}}),
}


def git_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(
        GIT_CONFIG_GLOBAL=str(BENCH_DIR / "work" / "empty.gitconfig"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Bench",
        GIT_AUTHOR_EMAIL="bench@example.com",
        GIT_COMMITTER_NAME="Bench",
        GIT_COMMITTER_EMAIL="bench@example.com",
        GIT_AUTHOR_DATE="2026-01-01T00:00:00+00:00",
        GIT_COMMITTER_DATE="2026-01-01T00:00:00+00:00",
    )
    return env


def build_tree(tree: Path, megabytes: float, seed: int) -> list[tuple[str, str]]:
    """Write the tree (once) and return its source files as (path, grammar)."""
    marker = tree / MARKER
    wanted = f"{megabytes} {seed}"
    sources: list[tuple[str, str]] = []
    rng = random.Random(seed)
    budget = {ext: megabytes * 1e6 * share for ext, (_, share) in LANGUAGES.items()}
    plan: list[tuple[str, str, str]] = []
    index = 0
    for ext, (grammar, _) in LANGUAGES.items():
        written = 0.0
        while written < budget[ext]:
            service = SERVICES[index % len(SERVICES)]
            text = GENERATORS[ext](rng, index)
            path = f"services/{service}/{grammar}/module_{index}{ext}"
            plan.append((path, grammar, text))
            written += len(text.encode())
            index += 1
    sources = [(path, grammar) for path, grammar, _ in plan]
    sources += [(f"services/{service}/Gemfile", "ruby") for service in SERVICES]  # Ruby too
    if marker.is_file() and marker.read_text() == wanted:
        return sources
    if tree.exists():
        subprocess.run(["rm", "-rf", str(tree)], check=True)
    tree.mkdir(parents=True)
    (BENCH_DIR / "work").mkdir(exist_ok=True)
    (BENCH_DIR / "work" / "empty.gitconfig").touch()
    for path, _, text in plan:
        target = tree / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    for service in SERVICES:
        for name, text in MANIFESTS.items():
            (tree / "services" / service / name).write_text(text)
        (tree / "services" / service / "Dockerfile").write_text("FROM python:3.12-slim\n")
    vendor = tree / "vendor" / "lib"
    vendor.mkdir(parents=True)
    for number in range(50):  # vendored copies: skipped by the scan, not in the baseline
        (vendor / f"copy_{number}.js").write_text(_javascript(rng, number))
    docs = tree / "docs"
    docs.mkdir()
    (docs / "README.md").write_text("# Services\n" * 100)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=tree, env=git_env(), check=True)
    subprocess.run(["git", "add", "-A"], cwd=tree, env=git_env(), check=True)
    subprocess.run(
        ["git", "commit", "-q", "-m", "synthetic tree"], cwd=tree, env=git_env(), check=True
    )
    marker.write_text(wanted)  # untracked, after the commit: the tree is complete
    return sources


class Timing(NamedTuple):
    wall: float
    cpu: float  # user + system seconds of every process involved


def parse_baseline(contents: list[tuple[str, bytes]]) -> Timing:
    """Seconds to parse every file once with tree-sitter in this process, nothing else."""
    import tree_sitter

    parsers = {grammar: tree_sitter.Parser(grammar_language(grammar)) for grammar, _ in contents}
    start = time.perf_counter()
    cpu = time.process_time()
    for grammar, content in contents:
        parsers[grammar].parse(content)
    return Timing(time.perf_counter() - start, time.process_time() - cpu)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_scan(tree: Path, output: Path) -> Timing:
    """The scan as a fresh process; its CPU time includes its workers and git (all waited for)."""
    cpu = _children_cpu()
    start = time.perf_counter()
    result = subprocess.run(
        [*SCAN_COMMAND, str(tree), "--format", "json", "-o", str(output)],
        cwd=PROJECT_DIR,
        env=git_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"stackfit scan failed: {result.stderr}")
    return Timing(wall, _children_cpu() - cpu)


def load_average() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:  # pragma: no cover
        return float("nan")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=DEFAULT_TREE)
    parser.add_argument("--megabytes", type=float, default=55.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    sources = build_tree(args.tree, args.megabytes, args.seed)
    print(f"tree ready: {len(sources):,} source files ({time.perf_counter() - started:.1f} s)")
    contents = [(grammar, (args.tree / path).read_bytes()) for path, grammar in sources]
    source_bytes = sum(len(content) for _, content in contents)
    baseline: list[Timing] = []
    scans: list[Timing] = []
    loads: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "scan.json"
        for run in range(args.runs):
            loads.append(load_average())
            baseline.append(parse_baseline(contents))
            scans.append(run_scan(args.tree, output))
            print(
                f"run {run + 1}: baseline {baseline[-1].wall:.2f} s, "
                f"stackfit scan {scans[-1].wall:.2f} s"
            )
        document = json.loads(output.read_text())
    parsed = document["files"]["parsed"]
    unique = len(set(contents))
    if parsed != unique:  # identical files are parsed once by the scan
        raise SystemExit(f"the scan parsed {parsed} distinct files, the baseline has {unique}")
    text = report(args, source_bytes, len(sources), baseline, scans, loads, document)
    replace_section(text, args.results)
    print(text)


def report(
    args: argparse.Namespace,
    source_bytes: int,
    files: int,
    baseline: list[Timing],
    scans: list[Timing],
    loads: list[float],
    document: dict[str, object],
) -> str:
    base = statistics.median(run.wall for run in baseline)
    scan = statistics.median(run.wall for run in scans)
    ratio = scan / base
    best = min(run.wall for run in scans) / min(run.wall for run in baseline)
    cpu = statistics.median(run.cpu for run in scans) / statistics.median(
        run.cpu for run in baseline
    )
    megabytes = source_bytes / 1e6
    workload = document["workload"]
    assert isinstance(workload, dict)
    leader = max(workload, key=lambda need: workload[need]["score"])
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    tree = args.tree.resolve()
    shown_tree = tree.relative_to(PROJECT_DIR) if tree.is_relative_to(PROJECT_DIR) else tree
    source = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_DIR, capture_output=True, text=True
    ).stdout.strip()
    return "\n".join(
        [
            SECTION,
            "",
            f"Measured {now} by `bench/run_scan.py` (source {source or 'unknown'}, plus the "
            "working tree).",
            "",
            f"- Machine: {available_cpus()} CPUs, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}; 1-minute load average at the runs' start: "
            f"{min(loads):.2f}–{max(loads):.2f}",
            f"- Tree: `{shown_tree}`, {files:,} source files, {megabytes:.1f} MB in Python, "
            "JavaScript, TypeScript, Go, Java, Kotlin, Ruby and PHP (plus manifests, Dockerfiles, "
            f"docs and a vendored folder that both sides skip); seed {args.seed}",
            "- Baseline: the same files, already in memory, parsed once each by tree-sitter in "
            "one process (`Parser.parse` only: no queries, no git, no start-up)",
            "- stackfit: `stackfit scan TREE --format json -o FILE` as a fresh process: start-up, "
            "git, classification, line counts, manifests, parsing and queries in "
            f"{available_cpus()} worker processes, catalog and workload",
            f"- Times: wall-clock seconds, median of {len(scans)} interleaved runs",
            "",
            "| Measurement | Result | Target | Met |",
            "|---|---|---|---|",
            f"| Baseline: tree-sitter parse, one process | {base:.2f} s (runs "
            f"{', '.join(f'{run.wall:.2f}' for run in baseline)}); "
            f"{megabytes / base:.1f} MB/s | | |",
            f"| stackfit scan, cold process | {scan:.2f} s (runs "
            f"{', '.join(f'{run.wall:.2f}' for run in scans)}); {megabytes / scan:.1f} MB/s | | |",
            f"| **Ratio stackfit scan / parse alone** (medians) | **{ratio:.2f}×** | "
            f"≤ {TARGET_RATIO}× | {'yes' if ratio <= TARGET_RATIO else 'no'} |",
            f"| Ratio of the best runs (the least disturbed by other work) | {best:.2f}× | | |",
            f"| Ratio of CPU time (scan: every process; baseline: the parse) | {cpu:.2f}× | | |",
            f"| Files: baseline parses {files:,}; the scan {document['files']['parsed']:,} "  # type: ignore[index]
            "(identical blobs once) | | | |",
            f"| Workload leader of the synthetic tree | {leader} "
            f"({workload[leader]['score']:.2f}) | | |",
            "",
            *busy_note(loads),
        ]
    )


def busy_note(loads: list[float]) -> list[str]:
    """Say so when other work shared the machine: it slows two processes more than one."""
    if max(loads) < available_cpus():
        return []
    return [
        f"The machine was busy with other work (load average up to {max(loads):.1f} on "
        f"{available_cpus()} CPUs): both sides slowed down, the scan's two worker processes "
        "more than the one-process baseline, so the wall-clock ratio understates the scan; "
        "the CPU-time ratio is the fairer comparison on a busy machine. Rerun on an idle one.",
        "",
    ]


if __name__ == "__main__":
    main()
