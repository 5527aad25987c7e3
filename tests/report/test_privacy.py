"""Pseudonyms that stay put, and reports that keep e-mail addresses and real names out."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from analyzer.report.privacy import COLLISION_HEX_DIGITS
from analyzer.report.privacy import PSEUDONYM_HEX_DIGITS
from analyzer.report.privacy import mask_emails
from analyzer.report.privacy import pseudonyms
from tests.conftest import run_stackfit
from tests.gitrepo import GitRepo
from tests.gitrepo import git_env
from tests.gitrepo import lines

PSEUDONYM = re.compile(r"Person [0-9a-f]{4}")
ALICE = "Alice Smith <alice@example.com>"
BOB = "Bob Jones <bob@corp.example>"
EMAIL_NAME = "carol@home.example <carol@home.example>"  # some people commit with no name


def test_pseudonyms_are_stable_and_keyed():
    first = pseudonyms(["alice@example.com", "bob@corp.example"], b"root-a")
    assert first == pseudonyms(["bob@corp.example", "alice@example.com"], b"root-a")
    assert all(PSEUDONYM.fullmatch(name) for name in first.values())
    other = pseudonyms(["alice@example.com", "bob@corp.example"], b"root-b")
    assert other != first  # another repository: unrelated pseudonyms


def test_colliding_pseudonyms_get_longer_and_distinct():
    key = b"collide"
    seen: dict[str, str] = {}
    pair = None
    for number in range(100_000):
        person = f"person{number}@example.com"
        short = pseudonyms([person], key)[person]
        if short in seen:
            pair = (seen[short], person)
            break
        seen[short] = person
    assert pair is not None
    names = pseudonyms([*pair, "someone@example.com"], key)
    assert names[pair[0]] != names[pair[1]]
    assert len(names[pair[0]]) == len("Person ") + COLLISION_HEX_DIGITS
    assert len(names["someone@example.com"]) == len("Person ") + PSEUDONYM_HEX_DIGITS


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("jane@corp.example", "jane@…"),
        ("mail jane.doe+x@corp.example.com, or bob@b.io", "mail jane.doe+x@…, or bob@…"),
        ("no address here @ all", "no address here @ all"),
        ("Name <a@b.example>", "Name <a@…>"),
    ],
)
def test_mask_emails(text, masked):
    assert mask_emails(text) == masked


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("privacy") / "repo")
    for week in range(12):
        day = f"2026-0{1 + week // 4}-{1 + week % 4 * 7:02d}T10:00:00+00:00"
        repo.commit({f"app/m{week % 2}.py": lines(40 * (week + 1))}, author=ALICE, date=day)
        repo.commit({f"svc/m{week % 2}.go": lines(30 * (week + 1))}, author=BOB, date=day)
    repo.commit({"tool.py": lines(50)}, author=EMAIL_NAME, date="2026-03-30T10:00:00+00:00")
    return repo


def markdown(path: Path, *args: str) -> str:
    result = run_stackfit("report", str(path), "--format", "markdown", "-o", "-", "--as-of", "2026-06-01",
                          "--needs", "api", "--no-cache", *args)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def without_path(text: str) -> str:
    """The report without the lines naming the analysed folder."""
    return "\n".join(
        line for line in text.splitlines() if not line.startswith(("# Team", "| Repository"))
    )


def test_anonymized_report_names_nobody(people, tmp_path):
    text = markdown(people.path, "--anonymize")
    for secret in ("Alice", "Smith", "Bob", "Jones", "alice@", "bob@", "carol", "example"):
        assert secret not in text, secret
    assert len(set(PSEUDONYM.findall(text))) == 3
    assert "pseudonyms, stable for this repository" in text
    assert markdown(people.path, "--anonymize") == text  # run after run
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(people.path), str(clone)], env=git_env(), check=True)
    assert without_path(markdown(clone, "--anonymize")) == without_path(text)


def test_anonymized_html_names_nobody(people, tmp_path):
    result = run_stackfit("report", str(people.path), "-o", str(tmp_path / "r.html"), "--anonymize",
                          "--as-of", "2026-06-01", "--needs", "api", "--show-emails")  # fmt: skip
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "r.html").read_text()
    for secret in ("Alice", "Smith", "Bob", "Jones", "@example", "@corp", "carol"):
        assert secret not in html, secret
    assert PSEUDONYM.search(html)


def test_emails_hidden_unless_asked(people):
    text = markdown(people.path)
    assert "Alice Smith" in text and "Bob Jones" in text
    assert "@example" not in text and "@corp" not in text and "@home" not in text
    assert "carol@…" in text  # a name that is an address keeps its local part only
    shown = markdown(people.path, "--show-emails")
    assert "alice@example.com" in shown and "bob@corp.example" in shown
    assert "e-mail addresses (--show-emails)" in shown
