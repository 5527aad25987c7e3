from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from analyzer.cli import main
from tests.gitrepo import BASE_ENV
from tests.gitrepo import GitRepo
from tests.gitrepo import git_env


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test (and every stackfit it runs) gets its own commit cache, never the user's.

    Git calls made by the test itself read no global config either, as in run_stackfit's
    runs: the cache's fingerprint covers git's whole config, so both must see the same.
    """
    folder = tmp_path_factory.mktemp("stackfit-cache")
    monkeypatch.setenv("STACKFIT_CACHE_DIR", str(folder))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return folder


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


def run_stackfit(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The command line run in this process (click's CliRunner) through the same `main` a user
    runs, so exit codes and error lines are the console script's; the environment is
    git_env's, as run_stackfit_process gives a child."""
    changes: dict[str, str | None] = {key: None for key in os.environ if key.startswith("GIT_")}
    changes.update(BASE_ENV)
    changes.update(env or {})
    code: int | str | None = 0
    with _working_directory(cwd), CliRunner().isolation(env=changes) as (out, err, _):
        time.tzset()  # a TZ in ENV reaches Python's local time, as in a child
        try:
            main(list(args))
        except SystemExit as done:
            code = done.code
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
    time.tzset()
    returncode = code if isinstance(code, int) else 0 if code is None else 1
    stdout, stderr = (_text(stream.getvalue()) for stream in (out, err))
    return subprocess.CompletedProcess(["stackfit", *args], returncode, stdout, stderr)


def run_stackfit_process(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command line, in a child process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "analyzer", *args],
        cwd=cwd,
        env=git_env(env),
        capture_output=True,
        text=True,
        check=False,
    )


@contextlib.contextmanager
def _working_directory(folder: Path | None) -> Iterator[None]:
    before = os.getcwd()
    if folder is not None:
        os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def _text(data: bytes) -> str:
    """Bytes decoded as subprocess.run(text=True) decodes a child's output (universal newlines)."""
    return data.decode().replace("\r\n", "\n").replace("\r", "\n")


def skills_json(path: Path, *args: str) -> dict[str, Any]:
    result = run_stackfit("skills", str(path), "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]
