"""Every bad input: one line on stderr naming the problem and the fix, exit 2, no traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import run_stackfit
from tests.conftest import skills_json
from tests.gitrepo import GitRepo
from tests.gitrepo import days_ago
from tests.gitrepo import lines


def assert_one_line_error(result, *fragments: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    error_lines = result.stderr.strip().splitlines()
    assert len(error_lines) == 1, result.stderr
    assert error_lines[0].startswith("stackfit: error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in error_lines[0]


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under FOLDER (.git included) with its size and mtime."""
    found = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            info = path.lstat()
            found[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns)
    return found


@pytest.fixture
def small(repo: GitRepo) -> GitRepo:
    repo.commit({"a.py": lines(10)}, date=days_ago(20))
    repo.commit({"b.go": lines(5)}, author="Bob Jones <bob@example.com>", date=days_ago(10))
    return repo


def test_missing_path(tmp_path):
    assert_one_line_error(run_stackfit("skills", str(tmp_path / "nope")), "does not exist", "check")


def test_not_a_git_repository(tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    assert_one_line_error(run_stackfit("skills", str(folder)), "not a git repository", "clone")


def test_a_file_not_a_folder(tmp_path):
    file = tmp_path / "f.txt"
    file.write_text("x")
    assert_one_line_error(run_stackfit("skills", str(file)), "not a directory")


def test_empty_repository(repo):
    assert_one_line_error(run_stackfit("skills", str(repo.path)), "no commits yet", "commit")


def test_unknown_revision(small):
    assert_one_line_error(
        run_stackfit("skills", str(small.path), "--rev", "nope"), "'nope'", "git branch"
    )


def test_hostile_revision_is_not_an_option(small, tmp_path):
    target = tmp_path / "written"
    result = run_stackfit("skills", str(small.path), "--rev", f"--output={target}")
    assert_one_line_error(result, "revision not found")
    assert not target.exists()


def test_bare_repository_works(small, tmp_path):
    bare = tmp_path / "bare.git"
    small.git("clone", "-q", "--bare", str(small.path), str(bare))
    document = skills_json(bare)
    assert document["repository"]["bare"] is True
    assert document["repository"]["commits_analyzed"] == 2
    assert document["languages"]["Python"]["files"] == 1


def test_detached_head_works(small):
    small.git("checkout", "-q", "--detach", "HEAD~1")
    document = skills_json(small.path)
    assert document["repository"]["commits_analyzed"] == 1


def test_subfolder_analyses_the_whole_repository(small):
    (small.path / "sub").mkdir()
    document = skills_json(small.path / "sub")
    assert document["repository"]["commits_analyzed"] == 2


def test_shallow_clone_works_and_warns(small, tmp_path):
    clone = tmp_path / "shallow"
    small.git("clone", "-q", "--depth", "1", f"file://{small.path}", str(clone))
    result = run_stackfit("skills", str(clone), "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["repository"]["shallow"] is True
    assert document["repository"]["commits_analyzed"] == 1
    assert "shallow clone" in result.stderr and "git fetch --unshallow" in result.stderr
    assert "fetch-depth: 0" in result.stderr


def test_missing_objects_are_skipped_and_reported(small):
    for number in range(3):
        small.commit({"c.py": lines(3 + number)}, date=days_ago(5 - number))
    blob = small.git("rev-parse", "HEAD~1:c.py").strip()
    os.remove(small.path / ".git" / "objects" / blob[:2] / blob[2:])
    result = run_stackfit("skills", str(small.path), "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["repository"]["commits_analyzed"] == 5  # every commit is still counted
    assert document["history"]["unreadable_commits"] == 2  # the blob's two diffs cannot be read
    assert "2 of 5 commits could not be read" in result.stderr


def test_partial_clone_fetches_nothing(small, tmp_path):
    small.git("config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "partial"
    small.git(
        "clone", "-q", "--filter=blob:none", "--no-checkout", f"file://{small.path}", str(clone)
    )
    before = snapshot(clone / ".git" / "objects")
    result = run_stackfit("skills", str(clone), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert snapshot(clone / ".git" / "objects") == before
    document = json.loads(result.stdout)
    assert document["repository"]["commits_analyzed"] == 2
    assert document["history"]["unreadable_commits"] == 2


def test_a_mailmap_line_git_skips_is_a_warning_not_an_error(small):
    small.commit({".mailmap": "Bob Jones bob@example.com\n"})
    result = run_stackfit("skills", str(small.path))
    assert result.returncode == 0
    assert ".mailmap: git skips 1 line it cannot read (1)" in result.stderr


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ("active_days = \n", (".stackfit.toml does not parse", "TOML")),
        ("activ_days = 3\n", ("unknown key 'activ_days'", "active_days")),
        ("active_days = 'soon'\n", ("'active_days'", "must be int")),
        ("half_life_days = -1\n", ("-1 is out of range; use a number from 1 to 36500",)),
        ("exclude = [1]\n", ("must list strings",)),
    ],
)
def test_broken_config(small, content, fragments):
    (small.path / ".stackfit.toml").write_text(content)
    assert_one_line_error(run_stackfit("skills", str(small.path)), *fragments)


def test_config_in_pyproject(small):
    (small.path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.stackfit]\nexclude = ["*.go"]\n'
    )
    document = skills_json(small.path)
    assert "Go" not in document["languages"]
    assert document["excluded"]["paths"]["excluded"] == 1
    assert document["model"]["config"] == "pyproject.toml [tool.stackfit]"


def test_bad_option_values_are_usage_errors(small):
    result = run_stackfit("skills", str(small.path), "--as-of", "yesterday")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "YYYY-MM-DD" in result.stderr


def test_nothing_is_written_into_the_analysed_repository(small, tmp_path):
    before = snapshot(small.path)
    for output_format in ("table", "json", "markdown", "csv"):
        result = run_stackfit(
            "skills",
            str(small.path),
            "--format",
            output_format,
            "-o",
            str(tmp_path / f"out.{output_format}"),
        )
        assert result.returncode == 0, result.stderr
    assert snapshot(small.path) == before


def test_hook_environment_does_not_redirect_git(small, tmp_path):
    other = GitRepo(tmp_path / "other")
    other.commit({"x.rb": lines(3)})
    env = {"GIT_DIR": str(other.path / ".git"), "GIT_WORK_TREE": str(other.path),
           "GIT_INDEX_FILE": str(other.path / ".git" / "index")}  # fmt: skip
    result = run_stackfit("skills", str(small.path), "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    assert set(json.loads(result.stdout)["languages"]) == {"Python", "Go"}


def test_symlink_out_of_the_tree_is_not_followed(small, tmp_path):
    secret = tmp_path / "secret.py"
    secret.write_text(lines(500))
    (small.path / "link.py").symlink_to(secret)
    small.commit(message="add link")
    document = skills_json(small.path)
    assert document["languages"]["Python"]["files"] == 1
    assert document["languages"]["Python"]["bytes"] == len(lines(10))


def test_git_missing_is_an_error(small, tmp_path):
    result = run_stackfit("skills", str(small.path), env={"PATH": str(tmp_path)})  # no git there
    assert_one_line_error(result, "git is not installed")


def test_huge_files_are_judged_by_name(small):
    small.commit({"data/huge.py": "x = 1\n" * 400_000})  # 2.4 MB: its content is never read
    document = skills_json(small.path)
    assert document["languages"]["Python"]["files"] == 2
    assert document["languages"]["Python"]["bytes"] == len(lines(10)) + 2_400_000


def test_coauthors_go_through_mailmap(repo):
    repo.commit({".mailmap": "Bob Jones <bob@example.com> <bjones@home.net>\n"})
    repo.commit({"a.py": lines(30)}, coauthors=("B J <bjones@home.net>",))
    repo.commit({"b.py": lines(5)}, author="Bob Jones <bob@example.com>")
    document = skills_json(repo.path)
    bob = [p for p in document["people"] if p["id"] == "bob@example.com"]
    assert len(bob) == 1 and len(document["people"]) == 2
    assert bob[0]["coauthored_commits"] == 1
    assert bob[0]["emails"] == ["bob@example.com"]


def test_a_blob_missing_from_the_analysed_tree_is_a_warning(small):
    blob = small.git("rev-parse", "HEAD:" + small.git("ls-files").split()[0]).strip()
    os.remove(small.path / ".git" / "objects" / blob[:2] / blob[2:])
    result = run_stackfit("skills", str(small.path), "--format", "json", "--no-frameworks")
    assert result.returncode == 0, result.stderr
    assert "the contents of 1 file of the analysed revision are missing" in result.stderr
