"""`stackfit check` by default and after `--init`: what matters fails, the rest is accepted."""

from __future__ import annotations

from pathlib import Path

from analyzer.checks.baseline import BASELINE_FILE
from analyzer.checks.policy import ERROR
from analyzer.checks.policy import NOTE
from analyzer.checks.policy import SHALLOW
from analyzer.checks.policy import UNSTAFFED
from analyzer.checks.policy import WARNING
from analyzer.checks.policy import Finding
from analyzer.checks.policy import by_severity
from analyzer.checks.scope import exempt
from tests.checks.test_policy import CAROL
from tests.checks.test_policy import build_team
from tests.checks.test_policy import check
from tests.checks.test_policy import policy
from tests.conftest import run_stackfit
from tests.gitrepo import GitRepo
from tests.gitrepo import days_ago
from tests.gitrepo import lines

DAVE = "Dave Brown <dave@example.com>"


def test_fixtures_templates_and_examples_are_exempt():
    assert exempt("tests/static/index.html")
    assert exempt("pre_commit/resources/empty_template_main.go")
    assert exempt("testing/zipapp/Dockerfile")
    assert exempt("Examples/demo.rb")
    assert exempt("pkg/testdata/x.go")
    assert not exempt("src/flask/app.py")
    assert not exempt("tests.py")  # a file, not a folder of tests
    assert not exempt("contest/main.rs")


def build_small_languages(path: Path) -> GitRepo:
    """build_team, plus Dave's fixtures, template, example and a short Makefile, long ago."""
    repo = build_team(path)
    repo.commit(
        {
            "tests/fixtures/data.rs": lines(200),
            "pkg/empty_template_main.go": lines(5),
            "examples/demo.lua": lines(50),
            "Makefile": "a\n" * 40,  # 80 bytes: a sliver of the code, in 40 lines
        },
        author=DAVE,
        date=days_ago(800),
    )
    return repo


def test_default_check_judges_only_languages_that_matter(tmp_path):
    repo = build_small_languages(tmp_path / "small")
    ruby = check(repo)  # Ruby is 3% of the code: it matters, the 40-line Makefile does not
    assert ruby.returncode == 1
    assert [line.split(":")[1] for line in ruby.stdout.splitlines()[:-1]] == [" tools/build.rb"]
    policy(repo, "[policy]\nmin_share = 0.5\nmin_lines = 40\n")
    makefile = check(repo)  # Ruby is now too small (30 lines); the Makefile has 40 lines
    assert makefile.stdout.startswith("error: Makefile: Makefile has no active team member")
    assert makefile.stdout.endswith("stackfit check: 1 error (every file at HEAD)\n")
    policy(repo, "[policy]\nmin_share = 0\nmin_lines = 0\n")
    every = check(repo)  # every language, but never a fixture, a template or an example
    assert every.stdout.endswith("stackfit check: 2 errors (every file at HEAD)\n")
    assert "Rust" not in every.stdout and "Lua" not in every.stdout and "Go" not in every.stdout


BASELINE_TEXT = """\
# The accepted state of this repository, written by `stackfit check --init`.
# From now on `stackfit check` and the stackfit-guard hook fail only on regressions: a
# language or framework not listed here that nobody active knows, or a truck factor
# under [tool.stackfit.policy] min_truck_factor (1 by default; under the value here, for
# a language that was already lower). Run `stackfit check --init` to accept a new state.
[baseline]
languages = ["Go", "Python", "Ruby"]
frameworks = []

[baseline.truck_factors]
"Go" = 1
"Python" = 1
"Ruby" = 0
"""


def test_init_accepts_the_state_and_only_regressions_fail(tmp_path):
    repo = build_team(tmp_path / "team")
    assert check(repo).returncode == 1  # Ruby, unstaffed
    init = check(repo, "--init")
    assert (init.returncode, init.stdout) == (
        0,
        "stackfit check: no findings (every file at HEAD)\n",
    )
    assert init.stderr == (
        f"stackfit: warning: wrote {BASELINE_FILE}, the accepted state: commit it; only "
        "regressions fail from now on\n"
    )
    assert (repo.path / BASELINE_FILE).read_text() == BASELINE_TEXT
    assert check(repo).returncode == 0
    assert check(repo, "--init").returncode == 0  # its own file: rewritten, the same
    assert (repo.path / BASELINE_FILE).read_text() == BASELINE_TEXT
    # A new language nobody knows fails whatever its size; so does a truck factor regression.
    repo.commit({"tools/one.rs": lines(3)}, author=CAROL, date=days_ago(700))
    new = check(repo)
    assert new.returncode == 1
    assert new.stdout.startswith("error: tools/one.rs: Rust has no active team member")
    text = BASELINE_TEXT.replace('"Go" = 1', '"Go" = 2').replace('"Rust"', "")
    (repo.path / BASELINE_FILE).write_text(text.replace('"Ruby"]', '"Ruby", "Rust"]'))
    policy(repo, "[policy]\nmin_truck_factor = 3\n")
    fallen = check(repo)  # Python was at 1 already: accepted at 1, under the policy's 3
    assert fallen.stdout == (
        "error: svc/pkg_0.go (and 3 more files): Go has truck factor 1 (Bob Jones), under the "
        "policy's minimum of 2; spread the knowledge through reviews and pairing, or allow it: "
        "add 'Go' to allowed_languages in [tool.stackfit.policy] "
        "[stackfit/truck-factor-below-minimum]\n"
        "stackfit check: 1 error (every file at HEAD)\n"
    )


def test_init_never_overwrites_a_file_it_did_not_write(tmp_path):
    repo = build_team(tmp_path / "team")
    (repo.path / BASELINE_FILE).write_text("# mine\n")
    result = check(repo, "--init")
    assert (result.returncode, result.stderr) == (
        2,
        f"stackfit: error: {BASELINE_FILE} exists and stackfit did not write it; move it away "
        "and run check --init again\n",
    )
    assert (repo.path / BASELINE_FILE).read_text() == "# mine\n"
    (repo.path / BASELINE_FILE).write_text("[baseline]\nlanguages = 3\n")
    bad = check(repo)
    assert bad.stderr == (
        f"stackfit: error: 'baseline.languages' in {BASELINE_FILE} must list names; run "
        "`stackfit check --init` to write it again\n"
    )


def test_findings_are_sorted_errors_first():
    note = Finding(UNSTAFFED, NOTE, "n")
    warning = Finding(SHALLOW, WARNING, "w")
    first, second = Finding(UNSTAFFED, ERROR, "e1"), Finding(UNSTAFFED, ERROR, "e2")
    assert by_severity([note, first, warning, second]) == [first, second, warning, note]


def test_guard_reads_the_baseline_and_leaves_fixtures_alone(tmp_path):
    repo = build_team(tmp_path / "team")
    repo.write({"tools/new.rb": "puts 1\n", "tests/fixtures/x.rs": "fn main() {}\n"})
    repo.git("add", "tools/new.rb", "tests/fixtures/x.rs")
    before = run_stackfit(
        "hook", "guard", "--", "tools/new.rb", "tests/fixtures/x.rs", cwd=repo.path
    )
    assert before.returncode == 1
    assert before.stdout.startswith("error: tools/new.rb: Ruby has no active team member")
    assert "x.rs" not in before.stdout  # a fixture: outside the language policy
    assert check(repo, "--init").returncode == 0  # Ruby is in use: accepted
    after = run_stackfit(
        "hook", "guard", "--", "tools/new.rb", "tests/fixtures/x.rs", cwd=repo.path
    )
    assert (after.returncode, after.stdout) == (0, "")
