"""Hostile and broken input at the command line's edge: -o paths, option values, escape
sequences in what reaches a terminal or a CI log, Ctrl-C, a closed pipe, SARIF URIs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run_stackfit
from tests.conftest import run_stackfit_process
from tests.gitrepo import GitRepo
from tests.gitrepo import days_ago
from tests.gitrepo import git_env
from tests.gitrepo import lines
from tests.test_bad_input import assert_one_line_error
from tests.test_bad_input import snapshot

EVE_NAME = "Eve \x1b]0;owned\x07 \x1b[2J\x9b31m \u202eevil"
EVE = f"{EVE_NAME} <eve@example.com>"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")  # what a terminal acts on instead of showing
OLD_RUBY = "lib/\x1b[2Jold\u202e a#b%2F.rb"


def assert_printable(text: str) -> None:
    for char in RAW:
        assert char not in text, (char, text)


@pytest.fixture
def hostile(tmp_path: Path) -> GitRepo:
    """Eve (escape sequences in her name) writes Python weekly; Carol left a Ruby file whose
    name holds escape sequences, a space, '#' and an encoded slash."""
    repo = GitRepo(tmp_path / "hostile")
    for week in range(12):
        repo.commit(
            {f"app/m{week % 3}.py": lines(20 + week, f"w{week}")},
            author=EVE,
            date=days_ago(7 * (12 - week)),
        )
    repo.commit({OLD_RUBY: lines(30)}, author="Carol White <carol@example.com>", date=days_ago(900))
    return repo


# Item 10: -o paths.


def test_output_to_dev_stdout_appends_to_a_redirected_log(hostile, tmp_path):
    log = tmp_path / "log"
    log.write_text("kept\n")
    with log.open("a") as handle:
        result = subprocess.run(
            [sys.executable, "-m", "analyzer", "skills", str(hostile.path), "--format", "json",
             "-o", "/dev/stdout"],
            stdout=handle, stderr=subprocess.PIPE, text=True, env=git_env(), check=False,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = log.read_text()
    assert text.startswith("kept\n{\n")
    assert json.loads(text.removeprefix("kept\n"))["repository"]["commits_analyzed"] == 13


def test_output_to_dev_stdout_through_a_pipe(hostile):
    # a child: /dev/stdout must be the process's real file descriptor 1, a pipe
    result = run_stackfit_process(
        "skills", str(hostile.path), "--format", "csv", "-o", "/dev/stdout"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("person_id,name,active,language,")
    assert result.stderr == ""


def test_output_to_dev_null_writes_nothing_and_leaves_it_a_device(hostile):
    result = run_stackfit("skills", str(hostile.path), "-o", "/dev/null")
    assert result.returncode == 0, result.stderr
    assert Path("/dev/null").is_char_device()


@pytest.mark.parametrize(
    ("target", "fragments"),
    [
        ("/dev/full", ("cannot write /dev/full: No space left on device", "another -o")),
        ("", ("-o was given an empty path",)),
        ("/proc/version", ("cannot write /proc/version",)),
        ("/sys/stackfit.json", ("cannot write /sys/stackfit.json: Permission denied",)),  # root too
        ("/nonexistent-folder/x.json", ("no such folder", "create the folder")),
    ],
)
def test_unwritable_outputs_are_one_line_errors(hostile, target, fragments):
    result = run_stackfit("skills", str(hostile.path), "--format", "json", "-o", target)
    assert_one_line_error(result, *fragments)


def test_an_output_below_a_file_is_one_line_error(hostile, tmp_path):
    (tmp_path / "plain").write_text("x")
    result = run_stackfit("skills", str(hostile.path), "-o", str(tmp_path / "plain" / "out"))
    assert_one_line_error(result, "cannot write", "plain/out")


@pytest.mark.parametrize(
    "name",
    ["hostile/.git/HEAD", "hostile/.git/refs/heads/main", "hostile/.git/new-file",
     "bare.git/HEAD", "bare.git/new-file", "linked/.git"],
)  # fmt: skip
def test_an_output_inside_a_git_directory_is_refused(hostile, tmp_path, name):
    bare = GitRepo(tmp_path / "bare.git", bare=True)
    hostile.git("worktree", "add", "-q", str(tmp_path / "linked"))  # its .git is a file
    before = snapshot(tmp_path)
    result = run_stackfit("skills", str(hostile.path), "-o", str(tmp_path / name))
    assert_one_line_error(result, "inside a git directory", "elsewhere")
    assert snapshot(tmp_path) == before
    assert hostile.git("status", "--porcelain") == ""
    assert bare.git("rev-parse", "--is-bare-repository") == "true\n"


def test_output_keeps_a_regular_file_whole_and_its_mode(hostile, tmp_path):
    target = tmp_path / "skills.json"
    target.write_text("old")
    target.chmod(0o640)
    result = run_stackfit("skills", str(hostile.path), "--format", "json", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text())["schema_version"] == 1
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile", "skills.json"]


# Item 11: option values.


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("--as-of", "0001-01-01"), ("'0001-01-01' is out of range", "1970-01-01 to 9999-12-31")),
        (("--as-of", "2026-1-5"), ("'2026-1-5' is not a date", "YYYY-MM-DD")),
        (("--since", "2026-13-45"), ("'2026-13-45' is not a date", "1970-01-01 to 9999-12-31")),
        (("--since", "2.weeks.ago"), ("'2.weeks.ago' is not a date",)),
        (("--until", "10000-01-01"), ("not a date",)),
        (("--active-days", "1e20"), ("'1e20' is not a valid integer",)),
        (("--active-days", "100000000000000000000"), ("out of range", "from 1 to 36500")),
        (("--half-life-days", "nan"), ("nan is out of range", "from 1 to 36500")),
        (("--half-life-days", "inf"), ("inf is out of range",)),
        (("--bulk-min-lines", "0"), ("0 is out of range", "from 1 to 1000000000")),
        (("--jobs", "100000"), ("100000 is not in the range 1<=x<=1024",)),
    ],
)
def test_bad_numbers_and_dates_are_usage_errors_naming_the_range(hostile, args, fragments):
    result = run_stackfit("skills", str(hostile.path), *args)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


@pytest.mark.parametrize(
    ("hire", "shown"),
    [("rust:1e23", "'rust:1e23'"), ("rust:100000000000000000000000", "'rust:1000000"),
     ("rust:\u00b2", "'rust:\u00b2'"), ("rust:1001", "'rust:1001'")],
)  # fmt: skip
def test_a_huge_hire_is_an_error(hostile, hire, shown):
    result = run_stackfit("recommend", str(hostile.path), "--hire", hire, "--needs", "api")
    assert_one_line_error(result, f"bad --hire {shown}", "N from 0 to 1000")


def test_since_in_the_far_future_reads_nothing(hostile):
    """git's own parser reads 2100-01-01 as some other moment; stackfit passes a timestamp."""
    result = run_stackfit("skills", str(hostile.path), "--format", "json", "--since", "2100-01-01")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["repository"]["commits_analyzed"] == 0
    until = run_stackfit("skills", str(hostile.path), "--format", "json", "--until", "2100-01-01")
    assert json.loads(until.stdout)["repository"]["commits_analyzed"] == 13


@pytest.mark.parametrize(
    ("line", "fragments"),
    [
        ("half_life_days = nan", ("'half_life_days' in .stackfit.toml: nan is out of range",)),
        ("active_days = 10000000000", ("10000000000 is out of range", "from 1 to 36500")),
        ('since = "2026-13-45"', ("'since' in .stackfit.toml: '2026-13-45' is not a date",)),
        ('until = "2.weeks.ago"', ("'2.weeks.ago' is not a date",)),
        ('since = "0001-01-01"', ("out of range", "1970-01-01 to 9999-12-31")),
    ],
)
def test_the_same_keys_in_the_config_are_checked(hostile, line, fragments):
    (hostile.path / ".stackfit.toml").write_text(line + "\n")
    assert_one_line_error(run_stackfit("skills", str(hostile.path)), *fragments)


def test_executor_is_checked_with_one_repository(hostile):
    result = run_stackfit("skills", str(hostile.path), "--executor", "bogus")
    assert_one_line_error(result, "unknown --executor 'bogus'", "use process, dask")


# Item 5: escape sequences never reach a terminal or a CI log raw.


@pytest.mark.parametrize("output_format", ["table", "json", "markdown", "csv"])
def test_skills_outputs_escape_a_hostile_author(hostile, output_format):
    result = run_stackfit("skills", str(hostile.path), "--format", output_format)
    assert result.returncode == 0, result.stderr
    assert_printable(result.stdout)
    assert "evil" in result.stdout
    if output_format == "json":  # escaped, not replaced: the data stays exact
        (eve,) = [p for p in json.loads(result.stdout)["people"] if "evil" in p["name"]]
        assert eve["name"] == EVE_NAME
        assert "\\u009b31m \\u202eevil" in result.stdout


@pytest.mark.parametrize("output_format", ["text", "json", "github", "sarif", "gitlab"])
def test_check_outputs_escape_a_hostile_path(hostile, output_format):
    result = run_stackfit("check", str(hostile.path), "--format", output_format, "--exit-zero")
    assert result.returncode == 0, result.stderr
    assert_printable(result.stdout)
    assert "old" in result.stdout


def test_recommend_json_escapes_c1_and_bidi(hostile):
    result = run_stackfit("recommend", str(hostile.path), "--format", "json", "--needs", "api")
    assert result.returncode == 0, result.stderr
    assert_printable(result.stdout)


def test_warnings_on_stderr_are_printable(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    folder = "x\x1b[2J\x9b\u202e"
    repo.commit({f"{folder}/package.json": "{bad", "a.py": "x = 1\n"})
    result = run_stackfit("scan", str(repo.path), "--format", "json")
    assert result.returncode == 0, result.stderr
    (warning,) = result.stderr.splitlines()
    assert warning.startswith(
        "stackfit: warning: x\ufffd[2J\ufffd\ufffd/package.json: does not parse"
    )


def test_errors_on_stderr_are_printable(hostile):
    result = run_stackfit("skills", str(hostile.path), "--rev", "nope\x1b[2J\x9b")
    assert_one_line_error(result, "revision not found")
    assert_printable(result.stderr)


# Item 22: SARIF URIs.


def test_sarif_uris_are_percent_encoded(hostile):
    result = run_stackfit("check", str(hostile.path), "--format", "sarif", "--exit-zero")
    assert result.returncode == 0, result.stderr
    (item,) = json.loads(result.stdout)["runs"][0]["results"]
    artifact = item["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {
        "uri": "lib/%1B%5B2Jold%E2%80%AE%20a%23b%252F.rb",
        "uriBaseId": "%SRCROOT%",
    }
    from urllib.parse import unquote

    assert unquote(artifact["uri"]) == OLD_RUBY


# Item 13: Ctrl-C and a closed pipe.


@pytest.mark.parametrize("output_format", ["table", "json", "csv"])
def test_a_closed_pipe_exits_quietly(hostile, output_format):
    process = subprocess.Popen(
        [sys.executable, "-m", "analyzer", "skills", str(hostile.path), "--format", output_format,
         "--no-cache"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=git_env(),
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # `| head -0`: the reader is gone before the first line
    error = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0
    assert error == ""


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(item) for item in (task / "children").read_text().split()]
        except FileNotFoundError:  # the thread ended between the listing and the read
            continue
    return found


def test_ctrl_c_during_a_scan_is_one_line_and_exit_130(tmp_path):
    repo = GitRepo(tmp_path / "big")
    for index in range(3000):  # 75 MB of distinct Python: about 3 s of parsing on 2 CPUs
        body = "".join(
            f"def f{i}_{index}(x):\n    return [y * {i} for y in x]\n" for i in range(200)
        )
        target = repo.path / f"pkg{index % 30}" / f"m{index}.py"
        target.parent.mkdir(exist_ok=True)
        target.write_text(f"import os\nimport json\n{body}")
    repo.git("add", "-A")
    repo.commit()
    process = subprocess.Popen(
        [sys.executable, "-m", "analyzer", "scan", str(repo.path), "--jobs", "2", "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=git_env(), start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while len(children(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)  # the parse pool's workers have started: the scan is under way
    time.sleep(0.2)
    assert process.poll() is None, "the scan finished before Ctrl-C: make the repository bigger"
    os.killpg(process.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the process group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr.decode()
    assert stderr.decode() == "stackfit: interrupted\n"
