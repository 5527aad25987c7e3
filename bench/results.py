"""bench/RESULTS.md holds one section per benchmark; each script replaces only its own."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def _is_heading(line: str) -> bool:
    return line.startswith(("# ", "## "))


def replace_section(text: str, results: Path = RESULTS) -> None:
    """Put TEXT, whose first line is its heading, in place of the section with that heading
    (up to the next `# ` or `## ` heading), or append it; every other section stays as it was."""
    heading = text.splitlines()[0]
    old = results.read_text(encoding="utf-8").splitlines(keepends=True) if results.is_file() else []
    section = text.rstrip("\n") + "\n"
    if heading + "\n" in old:
        start = old.index(heading + "\n")
        end = next((i for i in range(start + 1, len(old)) if _is_heading(old[i])), len(old))
        before, after = "".join(old[:start]), "".join(old[end:])
        new = before + section + ("\n" + after.lstrip("\n") if after else "")
    else:
        kept = "".join(old).rstrip("\n")
        new = kept + "\n\n" + section if kept else section
    results.write_text(new, encoding="utf-8")
