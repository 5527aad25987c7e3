"""scripts/: the data files they generate are what is committed (as sqlite-utils' `cog --check`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analyzer.data.linguist import LINGUIST_VERSION

ROOT = Path(__file__).resolve().parent.parent
LINGUIST_DIR = ROOT / "third_party" / "linguist"
INSTALLED_LINGUIST = Path(
    "/usr/lib/x86_64-linux-gnu/rubygems-integration/3.1.0/gems"
    f"/github-linguist-{LINGUIST_VERSION}/lib/linguist"
)
# script, its output: every generated data file of the project
GENERATED = [
    ("make_linguist_data.py", ROOT / "analyzer" / "data" / "linguist.py"),
    ("make_cli_docs.py", ROOT / "docs" / "cli.md"),
]


@pytest.mark.parametrize(("script", "committed"), GENERATED)
def test_regenerating_gives_the_committed_bytes(tmp_path, script, committed):
    output = tmp_path / committed.name
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / script), "--output", str(output)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{output}\n"
    assert output.read_bytes() == committed.read_bytes(), f"run scripts/{script} and commit"


def test_linguist_version_is_written_once():
    """third_party/linguist/VERSION is the one source; the data file carries it, docs agree."""
    assert (LINGUIST_DIR / "VERSION").read_text() == f"{LINGUIST_VERSION}\n"
    heading = (LINGUIST_DIR / "README.md").read_text().splitlines()[0]
    assert heading == f"# GitHub Linguist {LINGUIST_VERSION} (data files)"
    assert f"GitHub Linguist {LINGUIST_VERSION} decides" in (ROOT / "README.md").read_text()
    generated = ROOT / "analyzer" / "data" / "linguist.py"
    code = [*(ROOT / "analyzer").rglob("*.py"), *(ROOT / "scripts").glob("*.py")]
    code += [*(ROOT / "bench").glob("*.py"), *(ROOT / "tests").glob("*.py")]
    typed = [path for path in code if path != generated and LINGUIST_VERSION in path.read_text()]
    assert typed == []


def test_vendored_files_are_linguists_own():
    """Unmodified: the same bytes as the installed Linguist of that version, when there is one."""
    if not INSTALLED_LINGUIST.is_dir():
        pytest.skip(f"GitHub Linguist {LINGUIST_VERSION} is not installed here")
    vendored = sorted(
        path.name for path in LINGUIST_DIR.iterdir() if path.name not in ("README.md", "LICENSE")
    )
    assert vendored == [
        "VERSION",
        "documentation.yml",
        "generated.rb",
        "generic.yml",
        "heuristics.yml",
        "languages.yml",
        "popular.yml",
        "vendor.yml",
    ]
    for name in vendored:
        assert (LINGUIST_DIR / name).read_bytes() == (INSTALLED_LINGUIST / name).read_bytes(), name
    licence = (LINGUIST_DIR / "LICENSE").read_text()
    assert licence.startswith("Copyright (c) 2017 GitHub, Inc.\n\nPermission is hereby granted")
