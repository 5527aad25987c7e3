from __future__ import annotations

import subprocess
from datetime import timedelta
from datetime import timezone

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from analyzer.git.log import FileChange
from analyzer.git.log import LogOptions
from analyzer.git.log import iter_commits
from analyzer.git.log import log_arguments
from analyzer.git.log import parse_log
from analyzer.git.log import parse_raw_date
from analyzer.git.repository import open_repository
from analyzer.git.repository import run_git
from tests.gitrepo import ALICE
from tests.gitrepo import GitRepo
from tests.gitrepo import git_env
from tests.gitrepo import lines

BOB = "Bob Jones <bob@example.com>"


def read_all(repo: GitRepo, **options: object) -> list:
    opened = open_repository(repo.path)
    return list(iter_commits(opened, LogOptions(**options)))  # type: ignore[arg-type]


def test_commits_newest_first_with_counts_zones_and_coauthors(repo):
    first = repo.commit({"a.py": lines(3)}, author=ALICE, date="2025-03-01T10:00:00+05:30")
    second = repo.commit(
        {"a.py": lines(5), "b.go": lines(2)},
        author=BOB,
        date="2025-03-02T09:00:00-07:00",
        coauthors=("Carol White <carol@example.com>", "Dan Kim <dan@kim.dev>"),
    )
    commits = read_all(repo)
    assert [commit.sha for commit in commits] == [second, first]
    newest = commits[0]
    assert (newest.author_name, newest.author_email) == ("Bob Jones", "bob@example.com")
    assert newest.authored_at.utcoffset() == -timedelta(hours=7)
    assert newest.authored_at.hour == 9
    assert newest.parents == (first,)
    assert newest.coauthors == (("Carol White", "carol@example.com"), ("Dan Kim", "dan@kim.dev"))
    assert sorted(newest.changes) == [FileChange("a.py", 2, 0), FileChange("b.go", 2, 0)]
    assert commits[1].changes == (FileChange("a.py", 3, 0),)
    assert commits[1].parents == ()


def test_rename_resolves_to_new_path_with_no_credit_for_the_move(repo):
    repo.commit({"src/old/x.py": lines(10)})
    repo.rename("src/old/x.py", "src/new/x.py")
    commits = read_all(repo)
    assert commits[0].changes == (FileChange("src/new/x.py", 0, 0, "src/old/x.py"),)


def test_binary_files_have_no_line_counts(repo):
    repo.commit({"logo.png": b"\x89PNG\x00\x01\x02", "a.txt": "x\n"})
    changes = sorted(read_all(repo)[0].changes)
    assert changes == [FileChange("a.txt", 1, 0), FileChange("logo.png", None, None)]


def test_hostile_and_undecodable_paths_and_names(repo):
    names = {"tab\there.py": "x\n", "new\nline.py": "y\n", "\x1eweird.py": "z\n"}
    repo.commit(names, author="Zoë \x1b[31mRed <zoe@example.com>")
    raw = repo.path / "latin1-\xe9.py".encode("latin-1").decode("utf-8", "surrogateescape")
    raw.write_text("w\n")
    repo.git("add", "-A")
    repo.commit(message="bytes")
    commits = read_all(repo)
    assert {change.path for change in commits[1].changes} == set(names)
    assert commits[1].author_name == "Zoë \x1b[31mRed"
    assert [change.path for change in commits[0].changes] == ["latin1-\\xe9.py"]


def test_merges_skipped_by_default_and_counted_on_request(repo):
    repo.commit({"a.py": "1\n"})
    repo.git("checkout", "-q", "-b", "topic")
    repo.commit({"b.py": "2\n"}, author=BOB)
    repo.git("checkout", "-q", "main")
    repo.commit({"c.py": "3\n"})
    repo.merge("topic")
    assert len(read_all(repo)) == 3
    merged = read_all(repo, include_merges=True)
    assert len(merged) == 4
    assert len(merged[0].parents) == 2
    assert merged[0].changes == ()


def test_since_and_until(repo):
    for day in range(1, 6):
        repo.commit({"a.py": lines(day)}, date=f"2025-01-0{day}T12:00:00+00:00")
    picked = read_all(repo, since="2025-01-02T00:00:00", until="2025-01-04T00:00:00")
    assert [commit.authored_at.day for commit in picked] == [3, 2]


def test_log_uses_safe_flags():
    args = log_arguments("abc", LogOptions())
    for flag in ("-z", "--numstat", "-M", "--no-merges", "--no-ext-diff", "--no-textconv"):
        assert flag in args
    assert args[-2:] == ["--end-of-options", "abc"]


def test_external_diff_and_textconv_in_repo_config_never_run(repo, tmp_path):
    repo.commit({".gitattributes": "*.py diff=evil\n", "a.py": lines(4)})
    marker = tmp_path / "ran"
    repo.git("config", "diff.external", f"touch {marker}; false")
    repo.git("config", "diff.evil.textconv", f"touch {marker}; cat")
    repo.git("config", "core.fsmonitor", f"touch {marker}; false")
    repo.git("config", "log.showSignature", "true")
    repo.git("config", "gpg.program", f"touch {marker}; false")
    commits = read_all(repo)
    assert sorted(commits[0].changes)[1] == FileChange("a.py", 4, 0)
    assert not marker.exists()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cuts=st.lists(st.integers(min_value=1, max_value=400), max_size=40))
def test_parse_is_independent_of_chunk_boundaries(cuts, shared_log):
    raw, whole = shared_log
    pieces, start = [], 0
    for cut in sorted(set(cuts)):
        if cut < len(raw):
            pieces.append(raw[start:cut])
            start = cut
    pieces.append(raw[start:])
    assert list(parse_log(pieces)) == whole


@pytest.fixture(scope="module")
def shared_log(tmp_path_factory):
    repo = GitRepo(tmp_path_factory.mktemp("chunks") / "repo")
    repo.commit({"a.py": lines(3), "b b.go": lines(2)}, coauthors=("Bo <bo@x.org>",))
    repo.rename("a.py", "pkg/a.py")
    repo.commit({"pkg/a.py": lines(7), "img.bin": b"\x00\x01"}, message="multi\n\nline body\n")
    opened = open_repository(repo.path)
    raw = run_git(opened.root, log_arguments(opened.head, LogOptions()))
    return raw, list(parse_log([raw]))


@pytest.mark.parametrize(
    ("raw", "offset_minutes", "utc_hour"),
    [
        (b"1700000000 +0530", 330, 22),
        (b"1700000000 -0700", -420, 22),
        (b"1700000000 +0000", 0, 22),
        (b"1700000000 +51800", 0, 22),  # an impossible zone from a broken tool: UTC
        (b"1700000000 +2500", 0, 22),
    ],
)
def test_parse_raw_date(raw, offset_minutes, utc_hour):
    moment = parse_raw_date(raw)
    assert moment.utcoffset() == timedelta(minutes=offset_minutes)
    assert moment.astimezone(timezone.utc).hour == utc_hour
    assert moment.timestamp() == 1700000000


def test_commit_with_impossible_zone_is_read(repo):
    repo.commit({"a.py": lines(2)})
    tree = repo.git("rev-parse", "HEAD^{tree}").strip()
    parent = repo.head()
    body = (
        f"tree {tree}\nparent {parent}\n"
        "author Odd Zone <odd@example.com> 1315449530 +51800\n"
        "committer Odd Zone <odd@example.com> 1315449530 +51800\n\nodd\n"
    )
    sha = repo.git_input(
        body, "hash-object", "-w", "-t", "commit", "--literally", "--stdin"
    ).strip()
    repo.git("update-ref", "HEAD", sha)
    newest = read_all(repo)[0]
    assert newest.sha == sha
    assert newest.authored_at.timestamp() == 1315449530


def test_undecodable_author_name_is_read(repo):
    repo.commit({"a.py": lines(2)})
    tree = repo.git("rev-parse", "HEAD^{tree}").strip()
    body = (
        f"tree {tree}\nparent {repo.head()}\n".encode()
        + b"author J\xe9r\xf4me <jerome@example.com> 1700000000 +0100\n"
        + b"committer J\xe9r\xf4me <jerome@example.com> 1700000000 +0100\n\nlatin-1\n"
    )
    result = subprocess.run(
        ["git", "hash-object", "-w", "-t", "commit", "--literally", "--stdin"],
        cwd=repo.path, input=body, capture_output=True, check=True, env=git_env(),
    )  # fmt: skip
    repo.git("update-ref", "HEAD", result.stdout.decode().strip())
    newest = read_all(repo)[0]
    assert newest.author_name == "J\\xe9r\\xf4me"
    assert newest.author_email == "jerome@example.com"
