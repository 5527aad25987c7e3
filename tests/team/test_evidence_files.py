"""Evidence files keep everything the skill model reads, suspected bots included."""

from __future__ import annotations

import json
from pathlib import Path

from analyzer.team.evidence_files import dumps
from analyzer.team.evidence_files import read_evidence
from tests.conftest import run_stackfit
from tests.conftest import skills_json
from tests.gitrepo import GitRepo
from tests.gitrepo import days_ago
from tests.gitrepo import lines


def test_suspected_bots_round_trip_through_an_evidence_file(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit({"app.py": lines(8)}, date=days_ago(50))
    for n in range(21):
        repo.commit({"po/de.po": f"{n}\n"}, author="Lena Weber <lena@example.com>",
                    date=days_ago(40 - n * 1.2), message=f"Sync translations ({n})")  # fmt: skip
    evidence = tmp_path / "team.json"
    result = run_stackfit("mine", str(repo.path), "--no-cache", "-o", str(evidence))
    assert result.returncode == 0, result.stderr
    (record,) = json.loads(evidence.read_text())["repositories"]
    why = "all 21 commits change the same files; 21 of 21 commits read 'Sync translations (<name>)'"
    assert [record["contacts"][index] for index, _, _ in record["suspected_bots"]] == [
        ["Lena Weber", "lena@example.com"]
    ]
    assert [entry[1:] for entry in record["suspected_bots"]] == [[21, why]]
    (mined,) = read_evidence(evidence)
    assert mined.suspected_bots == {("Lena Weber", "lena@example.com"): (21, why)}
    assert dumps([mined]) == evidence.read_text()  # written back byte for byte
    direct = skills_json(repo.path, "--as-of", "head")["suspected_bots"]
    read_back = run_stackfit("skills", "--evidence", str(evidence), "--format", "json")
    assert read_back.returncode == 0, read_back.stderr
    assert json.loads(read_back.stdout)["suspected_bots"] == direct
    assert [bot["why"] for bot in direct] == [why]
