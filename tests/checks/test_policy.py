"""`stackfit check`: policy validation, exit codes, and every output format, exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.checks.policy import RULES
from tests.conftest import run_stackfit
from tests.gitrepo import GitRepo
from tests.gitrepo import days_ago
from tests.gitrepo import lines
from tests.skills.test_combine import subtree as subtree  # git-gui, as a subtree merge

BOB = "Bob Jones <bob@example.com>"
CAROL = "Carol White <carol@example.com>"
AS_OF = "2030-01-01"


def build_team(path: Path) -> GitRepo:
    """Alice writes Python weekly, Bob Go; Carol wrote Ruby long ago and left."""
    repo = GitRepo(path)
    for week in range(30):
        repo.commit(
            {f"app/mod_{week % 5}.py": lines(20 + week * 3, f"w{week}")},
            date=days_ago(7 * (30 - week)),
        )
        repo.commit(
            {f"svc/pkg_{week % 4}.go": lines(20 + week * 3, f"g{week}")},
            author=BOB,
            date=days_ago(7 * (30 - week) + 1),
        )
    repo.commit({"tools/build.rb": lines(30)}, author=CAROL, date=days_ago(900))
    return repo


@pytest.fixture
def team(tmp_path: Path) -> GitRepo:
    return build_team(tmp_path / "team")


def check(repo: GitRepo, *args: str, env: dict[str, str] | None = None):
    return run_stackfit("check", str(repo.path), *args, env=env)


def policy(repo: GitRepo, text: str) -> None:
    """Write the policy into the work tree (the analysed revision's history is unchanged)."""
    (repo.path / ".stackfit.toml").write_text(text)


RUBY_MESSAGE = (
    "tools/build.rb: Ruby has no active team member at proficient level or above (nobody "
    "active on the team has written it); pair with someone who knows it, or allow it: add "
    "'Ruby' to allowed_languages in [tool.stackfit.policy]"
)
PYTHON_TF_MESSAGE = (
    "app/mod_0.py (and 4 more files): Python has truck factor 1 (Alice Smith), under the "
    "policy's minimum of 2; spread the knowledge through reviews and pairing, or allow it: add "
    "'Python' to allowed_languages in [tool.stackfit.policy]"
)


def test_text_format_and_exit_codes(team):
    result = check(team)
    assert result.returncode == 1
    assert result.stdout == (
        f"error: {RUBY_MESSAGE} [stackfit/unstaffed-language]\n"
        "stackfit check: 1 error (every file at HEAD)\n"
    )
    policy(team, '[policy]\nallowed_languages = ["Ruby"]\n')
    clean = check(team)
    assert (clean.returncode, clean.stdout) == (
        0,
        "stackfit check: no findings (every file at HEAD)\n",
    )
    policy(
        team, '[policy]\nallowed_languages = ["Ruby"]\nmin_truck_factor = { default = 2, Go = 1 }\n'
    )
    low = check(team)
    assert low.returncode == 1
    assert low.stdout == (
        f"error: {PYTHON_TF_MESSAGE} [stackfit/truck-factor-below-minimum]\n"
        "stackfit check: 1 error (every file at HEAD)\n"
    )
    assert check(team, "--exit-zero").returncode == 0


def test_json_format(team):
    policy(team, "[policy]\nmin_truck_factor = 2\n")
    result = check(team, "--format", "json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert document["counts"] == {"error": 3, "warning": 0, "note": 0}
    assert [(f["rule_id"], f["language"], f["path"]) for f in document["findings"]] == [
        ("stackfit/truck-factor-below-minimum", "Go", "svc/pkg_0.go"),
        ("stackfit/truck-factor-below-minimum", "Python", "app/mod_0.py"),
        ("stackfit/unstaffed-language", "Ruby", "tools/build.rb"),
    ]


def test_diff_limits_findings_to_added_files(team):
    base = team.head()
    team.commit({"svc/extra.go": lines(5), "app/mod_1.py": lines(3)}, author=BOB)
    result = check(team, "--diff", f"{base}..HEAD")
    assert (result.returncode, result.stdout) == (
        0,
        f"stackfit check: no findings (files added in {base}..HEAD)\n",
    )
    team.commit({"lib/new.rs": "fn main() {}\n"}, author=BOB)
    result = check(team, "--diff", f"{base}...HEAD")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "error: lib/new.rs: Rust has no active team member at proficient level or above (nobody "
        "active on the team has written it); pair with someone who knows it, or allow it: add "
        "'Rust' to allowed_languages in [tool.stackfit.policy] [stackfit/unstaffed-language]"
    )
    assert (
        result.stdout.splitlines()[1] == f"stackfit check: 1 error (files added in {base}...HEAD)"
    )


@pytest.mark.parametrize("diff", ["main", "..HEAD", "nosuchbranch..HEAD"])
def test_bad_diff_is_exit_2(team, diff):
    result = check(team, "--diff", diff)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("stackfit: error: ")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[policy]\nallowed = []\n", "unknown key 'policy.allowed' in .stackfit.toml; use one of: "
         "allowed_frameworks, allowed_languages, fail_on_shallow, max_after_hours_share, "
         "min_lines, min_share, min_truck_factor, service_min_score, service_top_n"),
        ("[policy]\nallowed_frameworks = \"Flask\"\n", "'policy.allowed_frameworks' in "
         ".stackfit.toml must list framework names"),
        ("[policy]\nallowed_languages = \"Go\"\n", "'policy.allowed_languages' in .stackfit.toml "
         "must list language names"),
        ("[policy]\nmin_truck_factor = -1\n", "'policy.min_truck_factor' in .stackfit.toml must "
         "be a whole number"),
        ("[policy]\nfail_on_shallow = 1\n", "'policy.fail_on_shallow' in .stackfit.toml must be "
         "true or false"),
        ("policy = 3\n", "'policy' in .stackfit.toml must be dict"),
        ("[policy]\nmin_share = 2\n", "'policy.min_share' in .stackfit.toml must be a share "
         "from 0 to 1; e.g. min_share = 0.02"),
        ("[policy]\nmin_lines = 1.5\n", "'policy.min_lines' in .stackfit.toml must be a whole "
         "number; e.g. min_lines = 1000"),
    ],
)  # fmt: skip
def test_policy_keys_are_validated(team, text, message):
    policy(team, text)
    result = check(team)
    assert result.returncode == 2
    assert result.stderr.startswith(f"stackfit: error: {message}")
    assert len(result.stderr.splitlines()) == 1


def test_github_format_is_chosen_in_actions_and_writes_the_summary(team, tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    result = check(team, env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1
    assert result.stdout == (
        "::error file=tools/build.rb,title=stackfit/unstaffed-language::" + RUBY_MESSAGE + "\n"
        "stackfit check: 1 error (every file at HEAD)\n"
    )
    assert summary.read_text() == (
        "earlier step\n"
        "## stackfit check\n\nScope: every file at HEAD.\n\n"
        "| Severity | Rule | File | Message |\n| --- | --- | --- | --- |\n"
        "| error | `stackfit/unstaffed-language` | tools/build.rb | "
        "tools/build.rb: Ruby has no active team member at proficient level or above (nobody "
        "active on the team has written it); pair with someone who knows it, or allow it: add "
        "'Ruby' to allowed\\_languages in \\[tool.stackfit.policy\\] |\n"
    )


def test_github_annotations_are_capped_and_escaped(tmp_path):
    repo = GitRepo(tmp_path / "many")
    files = {
        f"x{n}/main.{ext}": "1\n"
        for n, ext in enumerate(
            ["rs", "c", "swift", "kt", "scala", "hs", "ex", "erl", "lua", "dart", "zig", "nim"]
        )
    }
    repo.commit(files, author="Eve, 100% <eve@example.com>", date=days_ago(2000))
    result = check(repo, "--format", "github")
    assert result.returncode == 1
    out = result.stdout.splitlines()
    assert len(out) == 12
    assert all(line.startswith("::error file=") for line in out[:10])
    assert out[10] == (
        "stackfit check: 2 more errors not annotated (GitHub shows 10 per level); all are in the "
        "job summary"
    )
    assert out[11] == "stackfit check: 12 errors (every file at HEAD)"
    from analyzer.checks.policy import UNSTAFFED
    from analyzer.checks.policy import CheckResult
    from analyzer.checks.policy import Finding
    from analyzer.report.check.github import annotation

    finding = Finding(UNSTAFFED, "warning", "50% done\nnext: a,b", "dir/a:b,c.py")
    assert annotation(CheckResult([finding], "0" * 40, "x"), finding) == (
        "::warning file=dir/a%3Ab%2Cc.py,title=stackfit/unstaffed-language::50%25 done%0Anext: a,b"
    )


def test_sarif_has_what_code_scanning_requires(team):
    policy(team, "[policy]\nmin_truck_factor = 2\n")
    result = check(team, "--format", "sarif", "--exit-zero")
    assert result.returncode == 0
    sarif = json.loads(result.stdout)
    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    (run,) = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "stackfit"
    assert [rule["id"] for rule in driver["rules"]] == [rule.id for rule in RULES]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
    assert len(run["results"]) == 3
    for item in run["results"]:
        assert driver["rules"][item["ruleIndex"]]["id"] == item["ruleId"]
        assert item["level"] == "error"
        assert item["message"]["text"]
        (location,) = item["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert not artifact["uri"].startswith("/") and (team.path / artifact["uri"]).is_file()
        assert location["physicalLocation"]["region"]["startLine"] == 1
        assert len(item["partialFingerprints"]["stackfitFinding/v1"]) == 64
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in run["results"]] == ["svc/pkg_0.go", "app/mod_0.py", "tools/build.rb"]  # fmt: skip


def test_gitlab_code_quality(team):
    result = check(team, "--format", "gitlab")
    assert result.returncode == 1
    (issue,) = json.loads(result.stdout)
    assert issue["check_name"] == "stackfit/unstaffed-language"
    assert issue["description"] == RUBY_MESSAGE
    assert issue["severity"] == "major"
    assert issue["location"] == {"path": "tools/build.rb", "lines": {"begin": 1}}
    assert len(issue["fingerprint"]) == 64


def test_shallow_clone_is_reported_with_the_fix(team, tmp_path):
    team.git("clone", "-q", "--depth", "5", f"file://{team.path}", str(tmp_path / "shallow"))
    clone = GitRepo(tmp_path / "shallow")
    policy(clone, '[policy]\nallowed_languages = ["Go", "Python", "Ruby"]\n')
    result = check(clone, "--fail-on", "error")
    assert result.returncode == 0
    expected = (
        "warning: shallow clone: only 5 commits of history are present, so skills and truck "
        "factors undercount; fetch the whole history (GitHub Actions: actions/checkout with "
        "fetch-depth: 0; GitLab CI: GIT_DEPTH: 0; locally: git fetch --unshallow) "
        "[stackfit/shallow-clone]"
    )
    assert result.stdout.splitlines() == [
        expected,
        "stackfit check: 1 warning (every file at HEAD)",
    ]
    assert result.stderr == ""
    assert check(clone, "--fail-on", "warning").returncode == 1
    policy(
        clone, '[policy]\nallowed_languages = ["Go", "Python", "Ruby"]\nfail_on_shallow = true\n'
    )
    failed = check(clone, "--format", "gitlab")
    assert failed.returncode == 1
    (issue,) = json.loads(failed.stdout)
    assert issue["location"]["path"] == ".stackfit.toml"  # repository-wide: the policy file
    assert issue["severity"] == "major"


def test_check_help_lists_formats():
    result = run_stackfit("check", "--help")
    assert result.returncode == 0
    assert "[text|json|github|sarif|gitlab]" in result.stdout


def test_after_hours_share_over_the_limit_is_a_warning(tmp_path):
    repo = GitRepo(tmp_path / "late")
    for day in (2, 3, 4):  # Monday to Wednesday, 22:00 in the author's own zone
        repo.commit({"a.py": lines(day)}, date=f"2026-03-0{day}T22:00:00+09:00")
    repo.commit({"a.py": lines(9)}, date="2026-03-05T10:00:00+09:00")
    # Python is allowed: four small commits make nobody proficient, which is not this test's point
    policy(repo, '[policy]\nallowed_languages = ["Python"]\nmax_after_hours_share = 0.5\n')
    result = check(repo, "--format", "json")
    assert result.returncode == 0, result.stderr  # a warning does not fail at --fail-on error
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule_id"], f["severity"]) for f in findings] == [
        ("stackfit/after-hours-share", "warning")
    ]
    assert findings[0]["message"].startswith(
        "75% of commits are after hours (outside 08:00–19:00 or at weekends, in the author's own "
        "time zone), over the policy's 50%"
    )
    policy(repo, '[policy]\nallowed_languages = ["Python"]\nmax_after_hours_share = 0.8\n')
    assert json.loads(check(repo, "--format", "json").stdout)["findings"] == []
    policy(repo, "[policy]\nmax_after_hours_share = 2\n")
    bad = check(repo)
    assert bad.returncode == 2 and "'policy.max_after_hours_share'" in bad.stderr


def test_declared_service_stack_must_stay_in_range(team):
    policy(team, '[service]\nneeds = ["api"]\nstack = "ruby"\n[policy]\nservice_top_n = 2\n')
    result = check(team, "--format", "json")
    assert result.returncode == 1, result.stderr
    findings = [
        f
        for f in json.loads(result.stdout)["findings"]
        if f["rule_id"] == "stackfit/service-stack-off-ranking"
    ]
    assert len(findings) == 1 and findings[0]["severity"] == "error"
    assert findings[0]["message"].startswith("the declared service stack 'ruby' ranks ")
    assert "for api (policy: within the first 2)" in findings[0]["message"]
    policy(team, '[service]\nneeds = ["api"]\nstack = "python"\n[policy]\nservice_top_n = 2\n')
    findings = json.loads(check(team, "--format", "json").stdout)["findings"]
    assert "stackfit/service-stack-off-ranking" not in [f["rule_id"] for f in findings]
    policy(
        team, '[service]\nneeds = ["api"]\nstack = "python"\n[policy]\nservice_min_score = 0.99\n'
    )
    findings = json.loads(check(team, "--format", "json").stdout)["findings"]
    assert "stackfit/service-stack-off-ranking" in [f["rule_id"] for f in findings]
    policy(team, '[service]\nstack = "cobol"\n[policy]\nservice_top_n = 2\n')
    bad = check(team)
    assert bad.returncode == 2 and "[service] stack 'cobol' is not a profiled stack" in bad.stderr
    policy(team, "[policy]\nservice_top_n = 0\n")
    assert "'policy.service_top_n'" in check(team).stderr


def test_diff_judges_the_frameworks_changed_manifests_add(team):
    team.commit({"requirements.txt": "requests==2.32\n"})
    base = team.head()
    team.commit({"requirements.txt": "requests==2.32\nDjango==5.0\n"}, author=BOB)  # modified
    team.commit({"web/package.json": '{"dependencies": {"left-pad": "1"}}'}, author=BOB)
    result = check(team, "--diff", f"{base}..HEAD")
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        "error: requirements.txt: adds Django, which is Django; Django has no active team member "
        "at proficient level or above (nobody active on the team has worked in files that use "
        "it); pair with someone who knows it, or allow it: add 'Django' to allowed_frameworks in "
        "[tool.stackfit.policy] [stackfit/unstaffed-framework]",
        f"stackfit check: 1 error (files added in {base}..HEAD)",
    ]
    policy(team, '[policy]\nallowed_frameworks = ["django"]\n')
    assert check(team, "--diff", f"{base}..HEAD").returncode == 0
    policy(team, "")
    whole = check(team)  # without --diff no dependency counts as newly added
    assert "Ruby" in whole.stdout and "unstaffed-framework" not in whole.stdout


def test_a_language_only_merges_brought_in_is_a_warning_not_a_verdict(subtree):
    """git.git's git-gui: its Tcl came in by subtree merges, its maintainers are elsewhere."""
    result = run_stackfit("check", str(subtree.path), "--as-of", "2026-06-01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[:-1] == [
        "warning: gui/lib/w0.tcl (and 3 more files): 3 of 4 Tcl files came in through merges "
        "alone, so this history does not show who maintains them; if they are maintained "
        "elsewhere, allow it: add 'Tcl' to allowed_languages in [tool.stackfit.policy] "
        "[stackfit/unstaffed-language]"
    ]
    strict = run_stackfit("check", str(subtree.path), "--as-of", "2026-06-01", "--fail-on",
                          "warning")  # fmt: skip
    assert strict.returncode == 1
