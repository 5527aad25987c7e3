"""Benchmark a hostile `.gitattributes`: 20,000 patterns against the same tree without one.

Builds (in a temporary folder) a repository of 3,000 Python files in 30 folders, once with a
.gitattributes of 20,000 `path linguist-generated` lines and once without, and times
`stackfit skills --no-cache` on each as a fresh process (median of 3). It also times, in this
process, classifying every path with the old matcher (each rule in turn, `attributes_for`) and
with `AttributeIndex`. Appends (or replaces) the "## Many .gitattributes patterns" section of
bench/RESULTS.md.

    python bench/run_attributes.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analyzer.languages.attributes import AttributeIndex
from analyzer.languages.attributes import attributes_for
from analyzer.languages.attributes import parse_gitattributes
from tests.gitrepo import GitRepo
from tests.gitrepo import git_env
from tests.gitrepo import lines

PATTERNS = 20_000
FILES = 3_000
RESULTS = Path(__file__).with_name("RESULTS.md")
STAMP = "%Y-%m-%d %H:%M UTC"
HEADING = "## Many .gitattributes patterns"


def build(folder: Path, with_attributes: bool) -> tuple[Path, list[str]]:
    repo = GitRepo(folder)
    paths = [f"pkg{number % 30}/module{number}.py" for number in range(FILES)]
    files: dict[str, str] = {path: lines(20) for path in paths}
    if with_attributes:
        files[".gitattributes"] = "".join(
            f"gen{number % 50}/file{number}.py linguist-generated\n" for number in range(PATTERNS)
        )
    for path, text in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text)
    repo.git("add", "-A")
    repo.commit(message="all")
    return folder, paths


def run_skills(path: Path) -> float:
    start = time.perf_counter()
    command = [sys.executable, "-m", "analyzer", "skills", str(path), "--no-cache"]
    subprocess.run([*command, "--format", "json"], env=git_env(), check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        plain, _ = build(Path(scratch) / "plain", False)
        hostile, paths = build(Path(scratch) / "hostile", True)
        times: dict[str, list[float]] = {"plain": [], "hostile": []}
        for _ in range(3):
            times["plain"].append(run_skills(plain))
            times["hostile"].append(run_skills(hostile))
        rules = parse_gitattributes("", (hostile / ".gitattributes").read_text())
        start = time.perf_counter()
        old = [attributes_for(path, rules) for path in paths[:300]]
        old_seconds = (time.perf_counter() - start) * FILES / 300  # extrapolated: it is slow
        start = time.perf_counter()
        index = AttributeIndex(rules)
        new = [index.attributes(path) for path in paths]
        new_seconds = time.perf_counter() - start
        assert old == new[:300]
    plain_s, hostile_s = statistics.median(times["plain"]), statistics.median(times["hostile"])
    section = "\n".join(
        [
            HEADING,
            "",
            f"Measured by `bench/run_attributes.py` ({time.strftime(STAMP, time.gmtime())}): "
            f"{FILES:,} Python files, a .gitattributes of {PATTERNS:,} plain-path patterns.",
            "",
            "| Measurement | Result |",
            "|---|---|",
            f"| `stackfit skills --no-cache`, no .gitattributes | {plain_s:.2f} s (runs "
            + ", ".join(f"{t:.2f}" for t in times["plain"])
            + ") |",
            f"| the same with {PATTERNS:,} patterns | {hostile_s:.2f} s (runs "
            + ", ".join(f"{t:.2f}" for t in times["hostile"])
            + ") |",
            f"| **Ratio with / without** | **{hostile_s / plain_s:.2f}×** |",
            f"| Classifying {FILES:,} paths, each rule in turn (the old matcher, from 300 paths) | "
            f"{old_seconds:.1f} s |",
            f"| Classifying {FILES:,} paths, `AttributeIndex` (building it included) | "
            f"{new_seconds:.2f} s |",
            "",
        ]
    )
    text = RESULTS.read_text()
    if HEADING in text:
        before, _, after = text.partition(HEADING)
        rest = after.split("\n## ", 1)
        text = before + section + ("\n## " + rest[1] if len(rest) > 1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text)
    print(section)


if __name__ == "__main__":
    main()
