"""Hostile and broken data: deep nesting, special files, damaged evidence, duplicate repositories,
odd trailers and attributes, dates in the future. One line and exit 2 for the user's own files,
a counted warning for what a scanned repository holds."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import run_stackfit
from tests.gitrepo import GitRepo
from tests.gitrepo import days_ago
from tests.gitrepo import lines
from tests.test_bad_input import assert_one_line_error

DEPTH = 100_000
DEEP_JSON = "[" * DEPTH + "]" * DEPTH
DEEP_TOML = "x = " + "[" * DEPTH + "]" * DEPTH + "\n"
DEEP_YAML = "needs: " + "[" * DEPTH + "]" * DEPTH + "\n"


@pytest.fixture
def small(repo: GitRepo) -> GitRepo:
    repo.commit({"a.py": lines(10)}, date=days_ago(20))
    repo.commit({"b.go": lines(5)}, author="Bob Jones <bob@example.com>", date=days_ago(10))
    return repo


# --- 8: deep nesting ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("package.json", '{"dependencies": ' + DEEP_JSON + "}"),
        ("web/pyproject.toml", DEEP_TOML),
    ],
)
def test_deeply_nested_manifest_is_a_warning(small, tmp_path, name, content):
    small.commit({name: content})
    warning = f"stackfit: warning: {name}: does not parse (nested too deeply)"
    for args in (
        ("recommend", str(small.path), "--needs", "api"),
        ("report", str(small.path), "-o", str(tmp_path / "r.html")),
        ("scan", str(small.path)),
    ):
        result = run_stackfit(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert warning in result.stderr  # the scan names it
    hook = run_stackfit("hook", "report", "--output", "h.md", cwd=small.path)
    assert "Traceback" not in hook.stderr
    assert hook.returncode in (0, 1), hook.stderr


def test_deeply_nested_user_files_are_one_line_errors(small, tmp_path):
    config = tmp_path / "deep.toml"
    config.write_text(DEEP_TOML)
    service_toml = tmp_path / "service.toml"
    service_toml.write_text(DEEP_TOML)
    service_yaml = tmp_path / "service.yaml"
    service_yaml.write_text(DEEP_YAML)
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "node.yaml").write_text(DEEP_YAML)
    evidence = tmp_path / "e.json"
    evidence.write_text(DEEP_JSON)
    path = str(small.path)
    cases = [
        (("skills", path, "--config", str(config)), "deep.toml does not parse: nested too deeply"),
        (("recommend", path, "--service", str(service_toml)), "nested too deeply"),
        (("recommend", path, "--service", str(service_yaml)), "nested too deeply"),
        (("recommend", path, "--needs", "api", "--profiles", str(profiles)), "nested too deeply"),
        (("skills", "--evidence", str(evidence)), "e.json is not JSON (nested too deeply)"),
        (("merge", str(evidence)), "e.json is not JSON (nested too deeply)"),
    ]
    for args, fragment in cases:
        assert_one_line_error(run_stackfit(*args), fragment)


def test_deeply_nested_repository_config_is_one_line_error(small):
    small.commit({".stackfit.toml": DEEP_TOML})
    assert_one_line_error(run_stackfit("skills", str(small.path)), "nested too deeply")


# --- 9 and 22: special files and size caps -----------------------------------------------------


def test_special_files_are_refused(small, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    path = str(small.path)
    for special in ("/dev/zero", str(fifo)):
        for args, what in [
            (("skills", path, "--config", special), "--config"),
            (("skills", path, "--repos-from", special), "--repos-from"),
            (("skills", "--evidence", special), "evidence file"),
            (("recommend", path, "--service", special), "--service"),
            (("merge", special), "evidence file"),
        ]:
            result = run_stackfit(*args)
            assert_one_line_error(result, f"{what} {special} is not a regular file")


def test_user_file_over_the_cap(tmp_path):
    from analyzer.errors import StackfitError
    from analyzer.safe_files import read_user_file

    target = tmp_path / "list.txt"
    target.write_bytes(b"x" * 2049)
    assert read_user_file(target, 2049, "--repos-from") == b"x" * 2049
    with pytest.raises(StackfitError) as raised:
        read_user_file(target, 2048, "--repos-from")
    assert str(raised.value) == (
        f"--repos-from {target} is larger than the 2 KiB stackfit reads; name a smaller file"
    )


def test_manifest_over_the_cap_is_a_counted_warning(small):
    small.commit({"package.json": '{"dependencies": {"express": "4"}}' + " " * 3000})
    result = run_stackfit("scan", str(small.path), "--max-file-bytes", "2000", "--format", "json")
    assert result.returncode == 0, result.stderr
    warning = (
        "package.json: larger than the 2000 bytes read (--max-file-bytes); "
        "its dependencies were not read"
    )
    assert warning in json.loads(result.stdout)["warnings"]
    assert f"stackfit: warning: {warning}" in result.stderr


# --- 18: Co-authored-by trailers as git reads them ---------------------------------------------


def test_coauthor_trailers_parse_as_git_does(repo, tmp_path):
    repo.commit({"a.py": lines(3)}, date=days_ago(5), coauthors=("<b>Bob</b> <bob@x>",))
    repo.commit(
        {"b.py": lines(3)},
        date=days_ago(4),
        coauthors=("Carol <c@x>", "<carol@x>", "Dan <dan@x", "Eve <e@x> <eve@x>"),
    )
    result = run_stackfit("skills", str(repo.path), "--format", "json")
    assert result.returncode == 0, result.stderr
    people = {
        person["name"]: (person["commits"], person["coauthored_commits"])
        for person in json.loads(result.stdout)["people"]
    }
    assert people == {"Alice Smith": (2, 0), "Carol": (0, 1)}
    assert (
        "stackfit: warning: skipped 4 Co-authored-by trailers that git would not read as "
        "`Name <email>`; they credit nobody" in result.stderr
    )


def test_parse_coauthor():
    from analyzer.git.log import SKIPPED_TRAILER
    from analyzer.git.log import parse_coauthor

    assert parse_coauthor(" Bob Jones <bob@x> ") == ("Bob Jones", "bob@x")
    assert parse_coauthor("<b>Bob</b> <bob@x>") == SKIPPED_TRAILER
    assert parse_coauthor(" <bob@x>") == SKIPPED_TRAILER
    assert parse_coauthor("Bob <>") == SKIPPED_TRAILER
    assert parse_coauthor("Bob bob@x") == SKIPPED_TRAILER


# --- 16: linguist-language= only names languages Linguist knows -----------------------------


def test_unknown_linguist_language_is_warned_and_ignored(repo):
    overlong = "*.txt linguist-language=Python " + "x" * 2048 + "\n"
    attributes = "*.py linguist-language=Klingon\n*.go linguist-language=python\n" + overlong
    repo.commit(
        {".gitattributes": attributes, "a.py": lines(10), "b.go": lines(5), "c.txt": lines(5)},
        date=days_ago(3),
    )
    result = run_stackfit("skills", str(repo.path), "--format", "json")
    assert result.returncode == 0, result.stderr
    (person,) = json.loads(result.stdout)["people"]
    assert {name: work["lines_added"] for name, work in person["languages"].items()} == {
        "Python": 15
    }
    assert (
        "stackfit: warning: .gitattributes: linguist-language= names no language Linguist "
        "knows: 'Klingon'; those files keep the language their names and contents give"
    ) in result.stderr


# --- 17: "today" is a date, not the current second ----------------------------------------------


def test_default_as_of_is_today_in_utc(small):
    from datetime import datetime
    from datetime import timezone

    today = datetime.now(timezone.utc).date().isoformat()
    first = run_stackfit("skills", str(small.path), "--format", "json")
    explicit = run_stackfit("skills", str(small.path), "--format", "json", "--as-of", today)
    assert first.returncode == 0, first.stderr
    if datetime.now(timezone.utc).date().isoformat() != today:  # pragma: no cover - midnight
        pytest.skip("the UTC date changed during the test")
    assert first.stdout == explicit.stdout
    assert json.loads(first.stdout)["model"]["as_of"] == today
    ranking = run_stackfit("recommend", str(small.path), "--needs", "api", "--format", "json")
    assert json.loads(ranking.stdout)["as_of"] == today


# --- 12: evidence files are validated on load ---------------------------------------------------


@pytest.fixture(scope="module")
def mined_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One evidence file of two authors, mined once for every damage below."""
    folder = tmp_path_factory.mktemp("evidence")
    repo = GitRepo(folder / "repo")
    repo.commit({"a.py": lines(10)}, date=days_ago(20))
    repo.commit({"b.go": lines(5)}, author="Bob Jones <bob@example.com>", date=days_ago(10))
    mined = folder / "e.json"
    result = run_stackfit("mine", str(repo.path), "--no-cache", "-o", str(mined))
    assert result.returncode == 0, result.stderr
    return mined


def _damage(document: dict, change) -> str:
    record = document["repositories"][0]
    change(record)
    return json.dumps(document)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda r: r.update(commits=-1),
            "repositories[0].commits is -1, not a count from 0 to",
        ),
        (
            lambda r: r["work"][0].update(authored=float("nan")),
            "repositories[0].work[0].authored is NaN, not a count",
        ),
        (
            lambda r: r["work"][1].update(coauthored=10**30),
            "repositories[0].work[1].coauthored is 1000000000000000000000000000000, not a count",
        ),
        (
            lambda r: r["work"][0].update(contact=-1),
            "repositories[0].work[0].contact is -1, not an index into the 2 contacts",
        ),
        (
            lambda r: r["rhythm"]["punch_card"][0].__setitem__(0, -5),
            "repositories[0].rhythm.punch_card is -5, not a count",
        ),
        (
            lambda r: next(iter(r["work"][0]["languages"].values())).__setitem__(3, 1e300),
            "repositories[0].work[0].languages['Python'][3] is 1e+300, not a number",
        ),
        (
            lambda r: r.update(suspected_bots=[[0, 20, 7]]),
            "repositories[0].suspected_bots[0][2] is 7, not a reason of 1 to 500 characters",
        ),
        (
            lambda r: r.update(suspected_bots=[[2, 20, "all 20 commits at 09:00"]]),
            "repositories[0].suspected_bots[0][0] is 2, not an index into the 2 contacts",
        ),
        (
            lambda r: r.update(suspected_bots=[[1, -20, "all 20 commits at 09:00"]]),
            "repositories[0].suspected_bots[0][1] is -20, not a count",
        ),
        (
            lambda r: r.update(suspected_bots=[[1, 20]]),
            "repositories[0].suspected_bots[0] is [1, 20], not [contact, commits, why]",
        ),
        (
            lambda r: r.update(suspected_bots={"Bob": 20}),
            'repositories[0].suspected_bots is {"Bob": 20}, not a list',
        ),
    ],
)
def test_damaged_evidence_is_one_line_error(mined_once, tmp_path, change, message):
    mined = mined_once
    damaged = tmp_path / "damaged.json"
    damaged.write_text(_damage(json.loads(mined.read_text()), change))
    for args in (("merge", str(damaged)), ("skills", "--evidence", str(damaged))):
        assert_one_line_error(run_stackfit(*args), f"{damaged} is damaged: {message}")
    assert run_stackfit("skills", "--evidence", str(mined)).returncode == 0


# --- 21: commits dated in the future are ignored, and said so ---------------------------------


def test_future_commits_are_ignored_and_counted(repo):
    repo.commit({"a.py": lines(10)}, date=days_ago(40))
    repo.commit({"b.py": lines(10)}, date=days_ago(10))
    repo.commit({"c.py": lines(10)}, date=days_ago(-0.5))  # half a day ahead: clock skew, kept
    repo.commit({"d.py": lines(10)}, date="@253402214400 +0000")  # 9999-12-31
    repo.commit({"e.py": lines(10)}, date="@4102444800 +0000")  # 2100-01-01
    for round_ in ("cold", "warm"):
        result = run_stackfit("skills", str(repo.path), "--format", "json")
        assert result.returncode == 0, (round_, result.stderr)
        document = json.loads(result.stdout)
        assert document["history"]["future_commits"] == 2
        assert document["repository"]["commits_analyzed"] == 3
        (person,) = document["people"]
        assert person["commits"] == 3
        assert person["languages"]["Python"]["lines_added"] == 30
        warning = "stackfit: warning: ignored 2 commits dated after "
        assert warning in result.stderr
        assert "more than a day after the as-of date" in result.stderr
    report = run_stackfit("report", str(repo.path), "--format", "markdown", "-o", "-")
    assert report.returncode == 0, report.stderr
    assert "9999" not in report.stdout
    assert "2100" not in report.stdout
    assert len(report.stdout) < 20_000


# --- 14: one repository reached by two paths is counted once ----------------------------------


@pytest.fixture
def twins(small, tmp_path):
    """SMALL (2 commits), a clone of it, and a bare mirror, side by side in one folder."""
    folder = tmp_path / "all"
    folder.mkdir()
    small.git("clone", "-q", "--no-local", str(small.path), str(folder / "clone"))
    small.git("clone", "-q", "--mirror", "--no-local", str(small.path), str(folder / "mirror.git"))
    return small, folder


def _counted_once(result, *paths: str) -> None:
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    commits = {person["name"]: person["commits"] for person in document["people"]}
    assert commits == {"Alice Smith": 1, "Bob Jones": 1}
    assert document["repository"]["commits_analyzed"] == 2
    for path in paths:
        assert path in result.stderr
    assert "is the same repository as" in result.stderr
    assert "counted once" in result.stderr


def test_same_repository_by_two_paths(twins):
    small, folder = twins
    clone = str(folder / "clone")
    result = run_stackfit("skills", str(small.path), clone, "--format", "json")
    _counted_once(result, str(small.path), clone)
    sub = small.path / "sub"
    sub.mkdir()
    (sub / "x.txt").write_text("x")
    small.commit({"sub/x.txt": "x"}, date=days_ago(2))
    result = run_stackfit("skills", str(small.path), str(small.path / "sub"), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert {p["name"]: p["commits"] for p in json.loads(result.stdout)["people"]} == {
        "Alice Smith": 2,
        "Bob Jones": 1,
    }
    assert "is the same repository as" in result.stderr


def test_same_repository_found_twice_by_discover(twins):
    _, folder = twins
    result = run_stackfit("skills", "--discover", str(folder), "--format", "json")
    _counted_once(result, "clone", "mirror.git")


def test_merge_of_the_same_repository_mined_twice(twins, tmp_path):
    small, folder = twins
    clone = str(folder / "clone")
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert run_stackfit("mine", str(small.path), "-o", str(first)).returncode == 0
    assert run_stackfit("mine", clone, "-o", str(second)).returncode == 0
    merged = run_stackfit("merge", str(first), str(second))
    assert merged.returncode == 0, merged.stderr
    assert len(json.loads(merged.stdout)["repositories"]) == 1
    (warning,) = merged.stderr.splitlines()  # ties go to the first by name, path and HEAD
    assert warning.startswith(f"stackfit: warning: {small.path} is the same repository as {clone}")
    result = run_stackfit("skills", "--evidence", str(first), "--evidence", str(second),
                          "--format", "json")  # fmt: skip
    _counted_once(result, clone)


def test_the_copy_with_more_history_is_kept(twins):
    small, folder = twins
    small.commit({"c.py": lines(3)}, date=days_ago(1))  # the clone's HEAD is now an ancestor
    clone = str(folder / "clone")
    result = run_stackfit("skills", clone, str(small.path), "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["repository"]["commits_analyzed"] == 3
    assert f"{clone} is the same repository as {small.path}" in result.stderr
    assert "the one with more history is kept" in result.stderr
