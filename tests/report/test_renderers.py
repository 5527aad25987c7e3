"""Renderers pinned by exact output (inline snapshots), and safe with hostile names."""

from __future__ import annotations

import csv
import io
import os
import stat
import threading
from pathlib import Path
from textwrap import dedent

import pytest

from analyzer.report.safe_text import markdown_cell
from tests.conftest import run_stackfit
from tests.gitrepo import GitRepo
from tests.gitrepo import lines

AS_OF = "2026-06-01"


@pytest.fixture(scope="module")
def fixed(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """A history with fixed dates, so that every number below is known."""
    repo = GitRepo(tmp_path_factory.mktemp("golden") / "repo")
    alice = "Alice Smith <alice@example.com>"
    bob = "Bob | *Jones* <bob@example.com>"
    for week in range(20):
        day = f"2026-0{1 + week // 5}-{1 + week % 5 * 5:02d}T10:00:00+02:00"
        repo.commit({f"app/m{week % 3}.py": lines(30 * (week // 3 + 1))}, author=alice, date=day)
    repo.commit({"svc/main.go": lines(40)}, author=bob, date="2026-05-01T09:00:00-07:00")
    repo.commit({"svc/main.go": lines(80)}, author=bob, date="2026-05-09T09:00:00-07:00",
                coauthors=(alice,))  # fmt: skip
    repo.commit({"README.md": "x\n", "vendor/x/y.go": lines(10)},
                author="Carol <carol@example.com>", date="2024-01-01T00:00:00+00:00")  # fmt: skip
    repo.commit({"requirements.txt": "a==1\n"},
                author="dependabot[bot] <1+dependabot[bot]@users.noreply.github.com>",
                date="2026-05-10T00:00:00+00:00")  # fmt: skip
    return repo


def render(repo: GitRepo, output_format: str) -> str:
    result = run_stackfit("skills", str(repo.path), "--format", output_format, "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    return result.stdout.replace(str(repo.path), "REPO").replace(repo.head()[:12], "HEAD")


def test_markdown(fixed):
    assert render(fixed, "markdown") == dedent(
        """\
        # Team skills

        REPO at `HEAD`: 24 commits analysed, as of 2026-06-01.

        **Truck factor: 1 (Alice Smith), over 4 files with a known author**

        ## People

        | Person | Active | Commits | Python | Go | Roles |
        | --- | --- | ---: | --- | --- | --- |
        | Alice Smith | yes | 20 | proficient 0.55 | familiar 0.20 | back-end 100% |
        | Bob \\| \\*Jones\\* | yes | 2 | · | familiar 0.27 | back-end 100% |

        … and 1 former contributors with no current skill level (all of them are in --format json and csv)

        ## Languages

        | Language | Share | Files | Truck factor | Key people | Expert | Proficient | Familiar |
        | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |
        | Python | 88.9% | 3 | 1 | Alice Smith | 0 | 1 | 0 |
        | Go | 11.1% | 1 | 1 | Bob \\| \\*Jones\\* | 0 | 0 | 2 |

        ## Rhythm

        - After hours: 35% of commits (outside 08:00–19:00 or at weekends, in the author's own time zone)
        - Recent months: 2024-01: 1 commit by 1; 2026-01: 5 commits by 1; 2026-02: 5 commits by 1; 2026-03: 5 commits by 1; 2026-04: 5 commits by 1; 2026-05: 2 commits by 1

        - Excluded bots: dependabot\\[bot\\] (1)
        - AI assistance: none (no commit authored or co-authored by a known AI coding agent)
        - Suspected bots, still counted: Alice Smith (all 20 commits at 10:00; 20 of 20 commits read 'change'; bots = \\["alice@example.com"\\])
        - Excluded paths: vendored 1, documentation 1
        - Model: active = a commit in the 180 days before 2026-06-01; skills halve after 365 days without a commit; 0 bulk commits down-weighted (≥ 1000 lines across ≥ 20 files); 0 commits in .git-blame-ignore-revs ignored; config: defaults
        - Scores are estimates from commit history, not a measure of ability: 0.70+ expert, 0.45+ proficient, 0.15+ familiar.
        """
    )


def test_csv(fixed):
    assert render(fixed, "csv") == dedent(
        """\
        person_id,name,active,language,level,score,commits,lines_added,lines_deleted,active_weeks,first_commit,last_commit
        alice@example.com,Alice Smith,yes,Python,proficient,0.5500,20,600,0,15,2026-01-01T10:00:00+02:00,2026-04-21T10:00:00+02:00
        alice@example.com,Alice Smith,yes,Go,familiar,0.2033,1,40,0,1,2026-05-09T09:00:00-07:00,2026-05-09T09:00:00-07:00
        bob@example.com,Bob | *Jones*,yes,Go,familiar,0.2677,2,80,0,2,2026-05-01T09:00:00-07:00,2026-05-09T09:00:00-07:00
        carol@example.com,Carol,no,,,,1,,,,2024-01-01T00:00:00+00:00,2024-01-01T00:00:00+00:00
        """
    )


def test_table_and_file_output(fixed, tmp_path: Path):
    table = render(fixed, "table")
    assert "Alice Smith" in table and "proficient 0.55" in table
    target = tmp_path / "skills.md"
    result = run_stackfit("skills", str(fixed.path), "--format", "markdown", "--as-of", AS_OF,
                          "-o", str(target))  # fmt: skip
    assert result.returncode == 0 and result.stdout == ""
    assert target.read_text().replace(str(fixed.path), "REPO").replace(
        fixed.head()[:12], "HEAD"
    ) == render(fixed, "markdown")


HOSTILE = "Mallory \x1b]0;owned\x07\x1b[31m<script>alert(1)</script> =cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("hostile") / "repo")
    for day in range(1, 4):
        repo.commit({f"x{day}.py": lines(20)}, author=f"{HOSTILE} <m@example.com>",
                    date=f"2026-05-0{day}T10:00:00+00:00")  # fmt: skip
    return repo


def test_terminal_output_has_no_control_characters(hostile):
    table = render(hostile, "table")
    assert "\x1b" not in table and "\x07" not in table
    assert "Mallory" in table


def test_markdown_escapes_table_breaks_and_control_characters(hostile):
    text = render(hostile, "markdown")
    assert "\x1b" not in text and "\x07" not in text
    assert "calc'!A0" in text and "=cmd\\|" in text  # the row holds together


def test_markdown_cell_escapes_html():
    assert markdown_cell("<script>x</script> | *y*") == "\\<script\\>x\\</script\\> \\| \\*y\\*"


def test_csv_cells_cannot_become_formulas(tmp_path, hostile):
    rows = list(csv.reader(io.StringIO(render(hostile, "csv"))))
    assert rows[1][1].startswith("Mallory")  # the name starts with a letter: left alone
    evil = GitRepo(tmp_path / "evil")
    evil.commit({"a.py": lines(20)}, author="=HYPERLINK(1) <e@example.com>")
    rows = list(csv.reader(io.StringIO(render(evil, "csv"))))
    assert rows[1][1] == "'=HYPERLINK(1)"


def test_output_to_a_pipe_or_a_link_writes_through(fixed, tmp_path):
    """-o /dev/null must not replace the device (stackfit may run as root), nor a link.

    A FIFO stands in for the device, so that a regression cannot break this machine.
    """
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run_stackfit("skills", str(fixed.path), "--format", "json", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received and received[0].startswith(b"{")
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    result = run_stackfit("skills", str(fixed.path), "--format", "markdown", "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert real.read_text().startswith("# Team skills")
