"""The everyday paths on real repositories: the default check, the Markdown's length, the hooks.

For each repository (bare mirrors under /work/.mirror by default):

* `stackfit check REPO` with no policy of its own: exit code and findings (the default must pass
  a healthy repository);
* `stackfit report REPO --format markdown -o -`: lines (a few screens, whatever the history);
* the hook sequence, through the real pre-commit, in a clone under /tmp: both hooks installed
  (as local hooks running this checkout), the report written and committed once, then three
  ordinary commits by HEAD's author an hour apart, each appending a comment to a source file of
  the main language; each must pass at the first attempt.

The "## Everyday paths" section of bench/RESULTS.md is replaced (or appended).

    python bench/run_everyday.py [REPO ...]
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from results import RESULTS  # noqa: E402
from results import replace_section  # noqa: E402

MIRRORS = Path("/work/.mirror")
DEFAULT = ("gin-gonic+gin", "pre-commit+pre-commit", "pallets+flask", "git+git",
           "laravel+framework")  # fmt: skip
COMMENTS = {".go": "//", ".py": "#", ".c": "//", ".h": "//", ".php": "//", ".js": "//",
            ".rb": "#", ".sh": "#", ".pl": "#"}  # fmt: skip
STACKFIT = [sys.executable, "-m", "analyzer"]
CONFIG = """repos:
  - repo: local
    hooks:
      - id: stackfit-guard
        name: stackfit guard
        entry: {python} -m analyzer hook guard --
        language: system
        require_serial: true
        types_or: [c, go, php, python, javascript, ruby, shell, perl]
      - id: stackfit-report
        name: stackfit report
        entry: {python} -m analyzer hook report
        language: system
        pass_filenames: false
        require_serial: true
        types_or: [c, go, php, python, javascript, ruby, shell, perl]
"""


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0", PYTHONPATH=str(BENCH_DIR.parent))
    env.update(extra or {})
    return env


def run(args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None):
    return subprocess.run(args, cwd=cwd, env=environment(env), capture_output=True, text=True,
                          check=False)  # fmt: skip


def check(repo: Path) -> tuple[int, str, float]:
    """The default check, timed warm: a first run fills the cache (under this environment's
    git config, which the cache's key covers)."""
    run([*STACKFIT, "check", str(repo), "--quiet"])
    start = time.monotonic()
    done = run([*STACKFIT, "check", str(repo), "--quiet"])
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()
    return done.returncode, summary.removeprefix("stackfit check: "), time.monotonic() - start


def markdown_lines(repo: Path) -> tuple[int, int]:
    short = run([*STACKFIT, "report", str(repo), "--format", "markdown", "-o", "-", "--quiet"])
    every = run([*STACKFIT, "report", str(repo), "--format", "markdown", "-o", "-", "--quiet",
                 "--all"])  # fmt: skip
    return len(short.stdout.splitlines()), len(every.stdout.splitlines())


def source_file(clone: Path) -> Path:
    """A tracked source file of the repository's main language (the most files)."""
    names = run(["git", "ls-files"], cwd=clone).stdout.splitlines()
    counts: dict[str, int] = {}
    for name in names:
        counts[Path(name).suffix] = counts.get(Path(name).suffix, 0) + 1
    suffix = max(COMMENTS, key=lambda item: counts.get(item, 0))
    skip = ("doc", "docs/", "test", "tests/", "example", "t/", "Documentation/")
    code = [name for name in names if name.endswith(suffix) and not name.startswith(skip)]
    return clone / sorted(code, key=lambda name: (name.count("/"), name))[0]


def skip_missing_blobs(clone: Path) -> None:
    """A mirror may lack a blob (laravel's bin/splitsh-lite): take that file out of the index,
    so that the clone checks out, and commit its removal alone, as HEAD's author at HEAD's
    time, before any hook is installed. Left staged beside the hooks' files, every later
    `git diff --staged` (pre-commit's own) would look for renames and stop on the missing blob:
    each commit of the sequence failed so, whatever the hooks did."""
    run(["git", "reset", "-q"], cwd=clone)
    tree = run(["git", "ls-tree", "-r", "HEAD"], cwd=clone).stdout.splitlines()
    entries = [line.split("\t", 1) for line in tree if " blob " in line]
    shas = "\n".join(meta.split()[2] for meta, _ in entries) + "\n"
    done = subprocess.run(
        ["git", "cat-file", "--batch-check"], cwd=clone, input=shas, env=environment(),
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    for (_, path), answer in zip(entries, done.stdout.splitlines(), strict=True):
        if answer.endswith(" missing"):
            run(["git", "rm", "-q", "--cached", "--", path], cwd=clone)
    if not run(["git", "diff", "--cached", "--quiet", "--no-renames"], cwd=clone).returncode:
        return
    head = run(["git", "log", "-1", "--format=%an%n%ae%n%aI"], cwd=clone).stdout.splitlines()
    identity = {"GIT_AUTHOR_NAME": head[0], "GIT_AUTHOR_EMAIL": head[1], "GIT_AUTHOR_DATE": head[2],
                "GIT_COMMITTER_NAME": head[0], "GIT_COMMITTER_EMAIL": head[1],
                "GIT_COMMITTER_DATE": head[2]}  # fmt: skip
    message = "bench: drop files the mirror lacks"
    run(["git", "commit", "-q", "-m", message], cwd=clone, env=identity)


def hook_sequence(mirror: Path, folder: Path) -> str:
    clone = folder / mirror.parent.name
    run(["git", "clone", "-q", "--no-checkout", str(mirror), str(clone)])
    skip_missing_blobs(clone)
    run(["git", "checkout", "-q", "--", "."], cwd=clone)
    home = {"PRE_COMMIT_HOME": str(folder / "pre-commit-home")}
    (clone / ".pre-commit-config.yaml").write_text(CONFIG.format(python=sys.executable))
    run([sys.executable, "-m", "pre_commit", "install"], cwd=clone, env=home)
    author = run(["git", "log", "-1", "--format=%an%n%ae%n%ct"], cwd=clone).stdout.splitlines()
    moment = datetime.fromtimestamp(int(author[2]), timezone.utc)
    run([*STACKFIT, "hook", "report"], cwd=clone)
    run(["git", "add", "TEAM-SKILLS.md", ".pre-commit-config.yaml"], cwd=clone)
    passed = []
    target = source_file(clone)
    for number in range(4):
        when = (moment + timedelta(hours=number + 1)).isoformat()
        identity = {"GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1],
                    "GIT_COMMITTER_NAME": author[0], "GIT_COMMITTER_EMAIL": author[1],
                    "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, **home}  # fmt: skip
        if number:
            with target.open("a", encoding="utf-8") as handle:
                handle.write(f"\n{COMMENTS[target.suffix]} stackfit bench {number}\n")
            run(["git", "add", str(target)], cwd=clone)
        done = run(["git", "commit", "-q", "-m", f"bench {number}"], cwd=clone, env=identity)
        if number:
            passed.append(done.returncode == 0)
        if done.returncode != 0:  # stage what the hook wrote and go on, as a person would
            run(["git", "add", "-A"], cwd=clone)
            run(["git", "commit", "-q", "-m", f"bench {number} again"], cwd=clone, env=identity)
    return f"{sum(passed)} of {len(passed)} at the first attempt ({target.relative_to(clone)})"


HEADER = ("| Repository | `check` exit (findings) | `check` time | Markdown lines | "
          "Ordinary commits passing the hooks | Measured |")  # fmt: skip


def earlier_rows() -> dict[str, str]:
    """The section's rows from an earlier run, by repository (older rows get its date)."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else ""
    section = text.partition("## Everyday paths\n")[2].split("\n## ", 1)[0]
    stamp = re.search(r"\((\d{4}-\d\d-\d\d \d\d:\d\d UTC)\)", section)
    rows = {}
    for line in section.splitlines():
        cells = line.split(" | ")
        if not line.startswith("| ") or cells[0] in ("| Repository", "|---"):
            continue
        if len(cells) == 5 and stamp:  # before the Measured column
            line = f"{line} {stamp.group(1)} |"
        rows[cells[0].removeprefix("| ")] = line
    return rows


def main() -> None:
    names = sys.argv[1:] or DEFAULT
    rows = earlier_rows()
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    with tempfile.TemporaryDirectory(prefix="stackfit-everyday-") as temporary:
        for name in names:
            mirror = MIRRORS / name / "repo"
            code, summary, seconds = check(mirror)
            short, every = markdown_lines(mirror)
            hooks = hook_sequence(mirror, Path(temporary))
            label = name.replace("+", "/")
            rows[label] = (f"| {label} | {code} ({summary}) | {seconds:.0f} s | "
                           f"{short:,} (--all: {every:,}) | {hooks} | {stamp} |")  # fmt: skip
            print(rows[label], flush=True)
            shutil.rmtree(Path(temporary) / "pre-commit-home", ignore_errors=True)
    order = [name.replace("+", "/") for name in DEFAULT]
    ordered = sorted(rows, key=lambda label: (order.index(label) if label in order else 99, label))
    replace_section(
        "\n".join(
            [
                "## Everyday paths",
                "",
                "Measured by `bench/run_everyday.py` (each row at its date; a run replaces the "
                "rows of the repositories it was given): the default `stackfit check` (no "
                "policy of the repository's own, warm cache), the Markdown report's lines, and "
                "three ordinary commits through the real pre-commit with both hooks installed "
                "in a clone.",
                "",
                HEADER,
                "|---|---|---|---|---|---|",
                *[rows[label] for label in ordered],
                "",
            ]
        )
    )


if __name__ == "__main__":
    main()
