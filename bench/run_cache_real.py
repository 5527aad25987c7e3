"""Cold against warm `stackfit skills` on real repositories, read where they are (never written).

For each repository (bare mirrors under /work/.mirror by default), with a private cache folder
(STACKFIT_CACHE_DIR) emptied first: one cold run, then warm runs at the same HEAD, each
`stackfit skills REPO --format json -o FILE`; every warm JSON must be byte-identical to the cold
one (the warnings are in it). Target: warm at most 10% of cold.

The "## Commit cache on real repositories" section of bench/RESULTS.md is replaced.

    python bench/run_cache_real.py [REPO ...] [--warm-runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from datetime import datetime
from datetime import timezone
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from results import replace_section  # noqa: E402
from run_cache import median  # noqa: E402
from run_cache import walls  # noqa: E402
from run_history import git  # noqa: E402
from run_history import machine_facts  # noqa: E402
from run_history import measure  # noqa: E402
from run_history import say  # noqa: E402

MIRRORS = Path("/work/.mirror")
DEFAULT = ("laravel+framework",)
TARGET_WARM_SHARE = 0.10


def row(repo: Path, warm_runs: int) -> str:
    """One repository's cold and warm runs, as a table row."""
    cache = Path(tempfile.mkdtemp(prefix="stackfit-bench-cache-"))
    os.environ["STACKFIT_CACHE_DIR"] = str(cache)  # measure() passes os.environ on
    out = cache.parent / f"{cache.name}.json"
    stackfit = str(Path(sys.executable).parent / "stackfit")
    command = [stackfit, "skills", str(repo), "--format", "json", "--as-of", "2030-01-01"]
    say(f"run_cache_real: {repo}, cold")
    cold = measure([*command, "-o", str(out)], cwd=repo)
    cold_json = out.read_bytes()
    warm = []
    for number in range(warm_runs):
        say(f"run_cache_real: {repo}, warm {number + 1} of {warm_runs}")
        warm.append(measure([*command, "-o", str(out)], cwd=repo))
        if out.read_bytes() != cold_json:
            sys.exit(f"run_cache_real: {repo}: the warm JSON differs from the cold JSON")
    shutil.rmtree(cache, ignore_errors=True)
    out.unlink(missing_ok=True)
    share = median(warm) / cold.wall
    head = git(repo, "rev-parse", "--short=12", "HEAD").strip()
    name = repo.parent.name.replace("+", "/") if repo.name == "repo" else repo.name
    return (
        f"| {name} | `{head}` | {cold.wall:.1f} s | {median(warm):.2f} s (runs {walls(warm)}) | "
        f"**{share:.1%}** | {'yes' if share <= TARGET_WARM_SHARE else '**no**'} | "
        f"{cold.load:.2f} |"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repos", nargs="*", type=Path)
    parser.add_argument("--warm-runs", type=int, default=3)
    args = parser.parse_args(argv)
    repos = args.repos or [MIRRORS / name / "repo" for name in DEFAULT]
    rows = [row(repo.resolve(), args.warm_runs) for repo in repos]
    facts = machine_facts()
    moment = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    section = "\n".join(
        [
            "## Commit cache on real repositories",
            "",
            f"Measured {moment} by `bench/run_cache_real.py` on {facts['nproc']} CPUs shared "
            "with other work (the load average at the cold run's start is given): "
            "`stackfit skills REPO --format json`, one cold run with an empty cache folder, "
            "then warm runs at the same HEAD, each JSON byte-identical to the cold one.",
            "",
            "| Repository | HEAD | Cold | Warm (median) | Warm / cold | ≤ 10% | Load |",
            "|---|---|---|---|---|---|---|",
            *rows,
            "",
        ]
    )
    print(section)
    replace_section(section)


if __name__ == "__main__":
    main()
