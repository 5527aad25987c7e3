"""The real entry points: the console script and `python -m analyzer` are the program the
in-process tests run (run_stackfit): the same output, error lines and exit codes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import run_stackfit
from tests.conftest import run_stackfit_process
from tests.gitrepo import GitRepo
from tests.gitrepo import git_env
from tests.gitrepo import lines

STACKFIT = shutil.which("stackfit", path=str(Path(sys.executable).parent)) or "stackfit"


def test_console_script_python_m_and_in_process_agree(repo: GitRepo, tmp_path: Path) -> None:
    repo.commit({"app.py": lines(5), "main.go": lines(3)})
    codes = []
    for args in (
        ("skills", str(repo.path), "--format", "json", "--as-of", "2030-01-01"),
        ("skills", str(tmp_path / "nope")),
        ("skills", str(repo.path), "--format", "yaml"),
    ):
        inside = run_stackfit(*args)
        child = run_stackfit_process(*args)
        console = subprocess.run(
            [STACKFIT, *args], env=git_env(), capture_output=True, text=True, check=False
        )
        results = [(run.returncode, run.stdout, run.stderr) for run in (inside, child, console)]
        assert results == [results[0]] * 3
        codes.append(inside.returncode)
    assert codes == [0, 2, 2]


def test_the_program_collects_garbage_rarely() -> None:
    """A history's tallies are hundreds of thousands of containers: the collector's default
    threshold (700) spent a fifth of a warm run walking them."""
    script = "import gc, sys\nfrom analyzer.cli import main\ntry:\n    main(['--version'])\n"
    script += "except SystemExit:\n    print(gc.get_threshold()[0], file=sys.stderr)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stderr.strip() == "100000"
