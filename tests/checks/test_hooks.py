"""The hooks in .pre-commit-hooks.yaml, run by the real pre-commit against real repositories.

pre-commit would build a virtualenv for `language: python` by installing this project, which
needs the network; the tests instead turn each manifest entry into a `repo: local` hook with
`language: system` running this interpreter, keeping every other key (types, stages, serial).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from identify import identify

from analyzer.data.languages import LANGUAGE_KINDS
from analyzer.data.languages import MANIFEST_TAGS
from analyzer.data.languages import SKILL_KINDS
from analyzer.data.languages import TAG_LANGUAGES
from tests.checks.test_policy import build_team
from tests.conftest import run_stackfit
from tests.gitrepo import ALICE
from tests.gitrepo import GitRepo
from tests.gitrepo import days_ago
from tests.gitrepo import git_env
from tests.gitrepo import identity_env
from tests.gitrepo import lines

MANIFESTS = (
    "package.json", "requirements.txt", "requirements-dev.txt", "pyproject.toml", "Pipfile",
    "setup.cfg", "go.mod", "pom.xml", "build.gradle", "build.gradle.kts", "Gemfile",
    "composer.json", "Cargo.toml", "api.csproj",
)  # fmt: skip
PROJECT = Path(__file__).resolve().parents[2]
MANIFEST = PROJECT / ".pre-commit-hooks.yaml"
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or "pre-commit"


def manifest() -> list[dict[str, Any]]:
    return yaml.safe_load(MANIFEST.read_text())  # type: ignore[no-any-return]


def local_config(args: dict[str, list[str]] | None = None) -> str:
    hooks = []
    for hook in manifest():
        local = {
            k: v for k, v in hook.items() if k not in ("minimum_pre_commit_version", "description")
        }
        command = hook["entry"].removeprefix("stackfit ")
        local.update(language="system", entry=f"{sys.executable} -m analyzer {command}")
        if args and hook["id"] in args:
            local["args"] = args[hook["id"]]
        hooks.append(local)
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, sort_keys=False)


@pytest.fixture
def team(tmp_path: Path) -> GitRepo:
    repo = build_team(tmp_path / "team")
    repo.commit({".pre-commit-config.yaml": local_config()})
    return repo


def pre_commit(repo: GitRepo, *args: str, env: dict[str, str] | None = None):
    extra = {"PRE_COMMIT_HOME": str(repo.path.parent / "pre-commit-home"), **(env or {})}
    return subprocess.run(
        [PRE_COMMIT, *args],
        cwd=repo.path,
        env=git_env(extra),
        capture_output=True,
        text=True,
        check=False,
    )


def test_manifest_is_valid_and_its_types_follow_the_language_table():
    result = subprocess.run(
        [PRE_COMMIT, "validate-manifest", str(MANIFEST)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    tags = sorted({tag for tag, name in TAG_LANGUAGES if LANGUAGE_KINDS[name] in SKILL_KINDS})
    hooks = {hook["id"]: hook for hook in manifest()}
    assert sorted(hooks) == ["stackfit-guard", "stackfit-report"]
    for hook in hooks.values():
        assert hook["minimum_pre_commit_version"] == "3.2.0"
        assert hook["require_serial"] is True
    assert hooks["stackfit-report"]["types_or"] == tags
    assert hooks["stackfit-guard"]["types_or"] == sorted({*tags, *MANIFEST_TAGS})
    for name in MANIFESTS:  # a staged manifest alone runs the guard
        assert identify.tags_from_filename(name) & set(hooks["stackfit-guard"]["types_or"]), name
    assert hooks["stackfit-guard"]["stages"] == ["pre-commit"]
    assert hooks["stackfit-report"]["pass_filenames"] is False


def test_guard_passes_a_known_language_and_fails_an_unknown_one(team):
    team.write({"app/new_module.py": "x = 1\n"})
    passed = pre_commit(team, "run", "stackfit-guard")
    assert passed.returncode == 0, passed.stdout
    assert "Passed" in passed.stdout
    team.write({"lib/fast.rs": "fn main() {}\n", "svc/more.go": "package svc\n"})
    failed = pre_commit(team, "run", "stackfit-guard")
    assert failed.returncode == 1
    assert "stackfit guard (languages the team can maintain)" in failed.stdout
    assert (
        "error: lib/fast.rs: Rust has no active team member at proficient level or above "
        "(nobody active on the team has written it); pair with someone who knows it, or allow "
        "it: add 'Rust' to allowed_languages in [tool.stackfit.policy] (once: "
        "SKIP=stackfit-guard git commit) [stackfit/unstaffed-language]\n"
        "stackfit check: 1 error (files this commit adds)\n"
    ) in failed.stdout


def test_guard_skips_when_no_source_file_is_staged(team):
    team.write({"docs/notes.md": "# notes\n"})
    result = pre_commit(team, "run", "stackfit-guard")
    assert result.returncode == 0
    assert "(no files to check)Skipped" in result.stdout


def test_guard_in_a_real_commit_names_who_knows_it_and_skip_allows_it(team):
    assert pre_commit(team, "install").returncode == 0
    team.write({"tools/deploy.rb": "puts 1\n"})
    env = {"PRE_COMMIT_HOME": str(team.path.parent / "pre-commit-home")}
    commit = ["git", "commit", "-q", "-m", "ruby"]
    blocked = subprocess.run(
        commit, cwd=team.path, env=git_env({**env, **identity_env(ALICE, None)}),
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert blocked.returncode == 1
    assert "tools/deploy.rb: Ruby has no active team member" in blocked.stderr
    skip = {"SKIP": "stackfit-guard,stackfit-report"}  # the report hook has a test of its own
    skipped = subprocess.run(
        commit, cwd=team.path, env=git_env({**env, **identity_env(ALICE, None), **skip}),
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    assert team.git("log", "-1", "--format=%s").strip() == "ruby"


def test_allowed_languages_lets_a_language_in(team):
    (team.path / "pyproject.toml").write_text(
        '[tool.stackfit.policy]\nallowed_languages = ["Rust"]\n'
    )
    team.write({"lib/fast.rs": "fn main() {}\n"})
    result = pre_commit(team, "run", "stackfit-guard")
    assert result.returncode == 0, result.stdout


def test_guard_enforces_the_truck_factor_minimum(team):
    (team.path / ".stackfit.toml").write_text("[policy]\nmin_truck_factor = 2\n")
    team.write({"svc/new.go": "package svc\n"})
    result = pre_commit(team, "run", "stackfit-guard")
    assert result.returncode == 1
    assert (
        "error: svc/new.go: Go has truck factor 1 (Bob Jones), under the policy's minimum of 2"
    ) in result.stdout


def test_report_hook_regenerates_like_a_formatter(team):
    team.commit(
        {".pre-commit-config.yaml": local_config({"stackfit-report": ["--output", "docs/TEAM.md"]})}
    )
    (team.path / "docs").mkdir()
    team.write({"app/mod_0.py": "changed = True\n"})
    first = pre_commit(team, "run", "stackfit-report")
    assert first.returncode == 1
    assert (
        "stackfit: updated docs/TEAM.md; review it and stage it: git add docs/TEAM.md"
        in first.stdout
    )
    report = (team.path / "docs" / "TEAM.md").read_text()
    assert report == COMMITTED_REPORT
    assert str(team.path) not in report and "@example.com" not in report
    second = pre_commit(team, "run", "stackfit-report")
    assert second.returncode == 0, second.stdout
    assert (team.path / "docs" / "TEAM.md").read_text() == report
    docs_only = team.path / "docs" / "TEAM.md"
    team.git("add", str(docs_only))
    assert pre_commit(team, "run", "stackfit-report").returncode == 0


def test_report_hook_writes_the_same_bytes_in_any_clone_and_with_a_warm_cache(team, tmp_path):
    """Same HEAD, same file: another clone elsewhere, a later run, a warm cache, a config path."""
    (team.path / ".stackfit.toml").write_text(
        'as_of = "head"\n[service]\nneeds = ["realtime", "api"]\n'
    )
    team.commit({".stackfit.toml": (team.path / ".stackfit.toml").read_text()})
    clone = tmp_path / "elsewhere" / "team"
    clone.parent.mkdir()
    team.git("clone", "-q", str(team.path), str(clone))
    first = run_stackfit("hook", "report", cwd=team.path)
    assert first.returncode == 1, first.stderr
    written = (team.path / "TEAM-SKILLS.md").read_bytes()
    assert b"- Needs: realtime, api (from the config)." in written
    again = run_stackfit("hook", "report", cwd=team.path)  # the fold now comes from the cache
    assert again.returncode == 0 and again.stderr == ""
    elsewhere = run_stackfit("hook", "report", "--config", str(clone / ".stackfit.toml"),
                             cwd=clone, env={"TZ": "Pacific/Kiritimati"})  # fmt: skip
    assert elsewhere.returncode == 1, elsewhere.stderr
    assert (clone / "TEAM-SKILLS.md").read_bytes() == written


COMMITTED_REPORT = """\
# Team skills: team

Written by the stackfit-report hook; it changes only when the team does (people, levels,
frameworks, truck factors). For activity and scores: `stackfit report`.

## People

| Person | Active | Go | Python | Ruby |
| --- | --- | --- | --- | --- |
| Alice Smith | yes | · | expert | · |
| Bob Jones | yes | expert | · | · |

## Languages

| Language | Truck factor | Key people | Expert | Proficient | Familiar |
| --- | --- | --- | --- | --- | --- |
| Go | 1 | Bob Jones | 1 | 0 | 0 |
| Python | 1 | Alice Smith | 1 | 0 | 0 |
| Ruby | 0 | · | 0 | 0 | 0 |

## Risks

- Go rests on one person, Bob Jones
- Python rests on one person, Alice Smith
- Ruby: no active author

## Recommendation

- Needs: api (by default).
- Ranking: Python first, then Go, Node.js
"""


def test_report_hook_stays_quiet_through_ordinary_commits(team, tmp_path):
    """Both hooks installed in a clone: three ordinary commits in a row pass at the first try."""
    team.git("clone", "-q", str(team.path), str(tmp_path / "clone"))
    clone = GitRepo(tmp_path / "clone")  # git init again in a clone changes nothing
    env = {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    assert pre_commit(clone, "install").returncode == 0
    assert run_stackfit("hook", "report", cwd=clone.path).returncode == 1  # the first report
    clone.git("add", "TEAM-SKILLS.md")
    report = (clone.path / "TEAM-SKILLS.md").read_text()
    for number in range(4):
        if number:  # an ordinary change to code, as the team makes every day
            clone.write({f"app/mod_{number}.py": lines(120 + number, f"day{number}")})
            clone.git("add", f"app/mod_{number}.py")
        commit = subprocess.run(
            ["git", "commit", "-q", "-m", f"change {number}"], cwd=clone.path,
            env=git_env({**env, **identity_env(ALICE, days_ago(1 - number / 4))}),
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert commit.returncode == 0, commit.stdout + commit.stderr
        if number:
            assert "stackfit team-skills report" in commit.stdout + commit.stderr  # it ran
        assert clone.git("status", "--porcelain") == ""
    assert (clone.path / "TEAM-SKILLS.md").read_text() == report
    again = run_stackfit("hook", "report", cwd=clone.path)
    assert (again.returncode, again.stderr) == (0, "")


def with_flask_work(repo: GitRepo) -> GitRepo:
    """Alice has also written a Flask service for weeks; nobody has used Express."""
    for week in range(20):
        body = "import flask\n" + lines(10 + 4 * week, f"f{week}")
        repo.commit({"web/app.py": body}, date=days_ago(7 * (20 - week)))
    repo.commit({"requirements.txt": "flask==3.0\n"}, date=days_ago(6))
    return repo


def test_guard_judges_the_frameworks_new_dependencies_bring_in(team):
    with_flask_work(team)
    team.write({"requirements.txt": "flask==3.0\nrequests==2.32\n"})  # no framework: fine
    assert pre_commit(team, "run", "stackfit-guard").returncode == 0
    team.write({"web/package.json": '{"dependencies": {"express": "^4.19.0", "left-pad": "1"}}'})
    failed = pre_commit(team, "run", "stackfit-guard")
    assert failed.returncode == 1, failed.stdout
    assert (
        "error: web/package.json: adds express, which is Express; Express has no active team "
        "member at proficient level or above (nobody active on the team has worked in files "
        "that use it); pair with someone who knows it, or allow it: add 'Express' to "
        "allowed_frameworks in [tool.stackfit.policy] (once: SKIP=stackfit-guard git commit) "
        "[stackfit/unstaffed-framework]\n"
    ) in failed.stdout
    (team.path / ".stackfit.toml").write_text('[policy]\nallowed_frameworks = ["express"]\n')
    assert pre_commit(team, "run", "stackfit-guard").returncode == 0


def test_guard_lets_in_a_framework_the_team_knows_unless_too_few_do(team):
    with_flask_work(team)
    team.write({"svc/requirements.txt": "Flask>=3\n"})  # a new manifest, a known framework
    passed = pre_commit(team, "run", "stackfit-guard")
    assert passed.returncode == 0, passed.stdout
    (team.path / ".stackfit.toml").write_text("[policy]\nmin_truck_factor = { Flask = 2 }\n")
    failed = pre_commit(team, "run", "stackfit-guard")
    assert failed.returncode == 1
    assert (
        "error: svc/requirements.txt: adds Flask, which is Flask; 1 active person is proficient "
        "in Flask (Alice Smith), under the policy's minimum of 2; spread the knowledge"
    ) in failed.stdout


def test_guard_warns_about_a_staged_manifest_it_cannot_read(team):
    team.write({"web/package.json": '{"dependencies": {"express": '})
    result = pre_commit(team, "run", "stackfit-guard", "--verbose")  # a pass shows no output
    assert result.returncode == 0, result.stdout
    assert (
        "stackfit: warning: web/package.json: does not parse (Expecting value: line 1 column 30 "
        "(char 29)); its dependencies were not read"
    ) in result.stdout


ALLOW_RUST = '[policy]\nallowed_languages = ["Rust"]\n'
RUST_ERROR = "error: new.rs: Rust has no active team member at proficient level or above"


def test_a_staged_name_is_never_an_option(team):
    """`--config=perm.toml` is a file like any other: its name does not pick the policy."""
    team.write({"--config=perm.toml": "x = 1\n", "perm.toml": ALLOW_RUST, "new.rs": "fn f() {}\n"})
    result = pre_commit(team, "run", "stackfit-guard")
    assert result.returncode == 1, result.stdout
    assert RUST_ERROR in result.stdout
    team.write({"-h": "", "--help.toml": ""})  # nor a help request that passes everything
    assert RUST_ERROR in pre_commit(team, "run", "stackfit-guard").stdout


def test_guard_with_user_args_says_they_are_not_options(team):
    """pre-commit puts `args:` after the entry's `--`: they would be file names, so the guard
    says so instead of ignoring the user's settings."""
    (team.path / "perm.toml").write_text(ALLOW_RUST)
    team.commit(
        {".pre-commit-config.yaml": local_config({"stackfit-guard": ["--config", "perm.toml"]})}
    )
    team.write({"new.rs": "fn f() {}\n"})
    result = pre_commit(team, "run", "stackfit-guard")
    assert result.returncode == 1, result.stdout
    assert (
        "stackfit: error: stackfit-guard: '--config' is not a file in the repository; the guard "
        "takes no `args:` in .pre-commit-config.yaml (they arrive as file names); put settings "
        "in .stackfit.toml, or override the hook's entry: "
        "`entry: stackfit hook guard --config PATH --`"
    ) in result.stdout


def test_guard_entry_with_its_own_config_before_the_separator(team):
    config = yaml.safe_load(local_config())
    (guard,) = [hook for hook in config["repos"][0]["hooks"] if hook["id"] == "stackfit-guard"]
    guard["entry"] = guard["entry"].replace("hook guard --", "hook guard --config perm.toml --")
    team.commit({".pre-commit-config.yaml": yaml.safe_dump(config), "perm.toml": ALLOW_RUST})
    team.write({"new.rs": "fn f() {}\n", "--config=strict.toml": ""})
    result = pre_commit(team, "run", "stackfit-guard")
    assert result.returncode == 0, result.stdout


def test_report_hook_never_writes_through_a_committed_symlink(team, tmp_path):
    victim = tmp_path / "victim" / "file"
    victim.parent.mkdir()
    victim.write_text("precious\n")
    (team.path / "TEAM-SKILLS.md").symlink_to("../victim/file")
    team.git("add", "TEAM-SKILLS.md")
    team.commit()
    team.write({"app/mod_0.py": "changed = True\n"})
    result = pre_commit(team, "run", "stackfit-report")
    assert result.returncode == 1, result.stdout
    assert (
        "stackfit: error: stackfit-report: TEAM-SKILLS.md is a symbolic link; the report is "
        "never written through one; replace the link with a regular file or folder, or choose "
        "another --output"
    ) in result.stdout
    assert victim.read_text() == "precious\n"
    assert (team.path / "TEAM-SKILLS.md").is_symlink()


@pytest.mark.parametrize(
    ("output", "fragment"),
    [
        ("docs/TEAM.md", "docs is a symbolic link"),
        ("../outside.md", "must be a path inside the repository"),
        ("/tmp/outside.md", "must be a path inside the repository"),
        (".git/TEAM.md", "is inside a git directory"),
        ("sub/.GIT/hooks/pre-commit", "is inside a git directory"),
    ],
)
def test_report_hook_writes_only_inside_the_work_tree(team, tmp_path, output, fragment):
    (tmp_path / "elsewhere").mkdir()
    (team.path / "docs").symlink_to(tmp_path / "elsewhere")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run_stackfit("hook", "report", "--output", output, cwd=team.path)
    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr
    assert list((tmp_path / "elsewhere").iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert not (team.path / ".git" / "TEAM.md").exists()


def test_report_hook_in_a_bare_repository_writes_nothing(team, tmp_path):
    bare = tmp_path / "bare.git"
    team.git("clone", "-q", "--bare", str(team.path), str(bare))
    before = sorted(path.name for path in bare.iterdir())
    result = run_stackfit("hook", "report", cwd=bare)
    assert result.returncode == 2, result.stderr
    assert "stackfit-report needs a work tree; this repository is bare" in result.stderr
    assert sorted(path.name for path in bare.iterdir()) == before


def test_guard_and_report_share_the_clock_of_an_old_head(tmp_path):
    """A clone whose last commit is years old (pallets/flask's case): today nobody is active,
    so the guard blocks Python and says why; with as_of = "head" both hooks see the team."""
    repo = GitRepo(tmp_path / "old")
    for week in range(20):
        day = f"2020-{1 + week // 5:02d}-{1 + week % 5 * 5:02d}T10:00:00+00:00"
        repo.commit({f"app/m{week % 3}.py": lines(30 * (week + 1))}, date=day)
    repo.write({"app/new.py": "x = 1\n"})
    run_stackfit("hook", "report", cwd=repo.path)  # the report counts by the guard's clock
    assert "- Python: no active author" in (repo.path / "TEAM-SKILLS.md").read_text()
    blocked = run_stackfit("hook", "guard", "app/new.py", cwd=repo.path)
    assert blocked.returncode == 1
    assert "Python has no active team member" in blocked.stdout
    assert "stackfit: warning: the newest commit is from 2020-04-21, " in blocked.stderr
    assert "add --as-of head to see the team as it was\n" in blocked.stderr
    repo.commit({".stackfit.toml": 'as_of = "head"\n'}, date="2020-04-22T10:00:00+00:00")
    assert run_stackfit("hook", "guard", "app/new.py", cwd=repo.path).returncode == 0
    run_stackfit("hook", "report", cwd=repo.path)
    assert "| Alice Smith | yes |" in (repo.path / "TEAM-SKILLS.md").read_text()
