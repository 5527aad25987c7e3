"""Compare each person's commits in `stackfit skills` with their `git shortlog -sne` lines.

Not part of the test suite: it reads real repositories (bare mirrors) and prints a Markdown
section for bench/RESULTS.md. Usage: python bench/run_identity.py REPO... > section.md
A person's shortlog sum is the sum of the shortlog lines whose name and address are among the
person's names and addresses; the two agree unless stackfit set an identity aside (a bot or an
AI agent) or merged identities git keeps apart (then the person's row says how many lines).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from analyzer.history.identity import normalise_email

WATCHED = ("Taylor Otwell", "Dries Vints", "Blake Mizerany", "burningTyger", "Junio C Hamano",
           "StyleCI Bot", "README Bot")  # fmt: skip
TOP = 5
NOTE = "on the bare mirrors under /work/.mirror."


def shortlog(repo: Path) -> list[tuple[int, str, str]]:
    out = subprocess.run(
        ["git", "-C", str(repo), "shortlog", "-sne", "--no-merges", "HEAD"],
        capture_output=True, check=True,
    ).stdout.decode("utf-8", "replace")  # fmt: skip
    rows = []
    for line in out.splitlines():
        count, contact = line.strip().split("\t", 1)
        name, _, email = contact.rpartition(" <")
        rows.append((int(count), name, email.removesuffix(">")))
    return rows


def skills(repo: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "analyzer", "skills", str(repo), "--format", "json",
         "--no-frameworks", "--no-cache"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(out)


def section(repo: Path) -> list[str]:
    rows = shortlog(repo)
    document = skills(repo)
    label = repo.parent.name if repo.name == "repo" else repo.name
    lines = [f"### {label} (HEAD {document['repository']['head'][:12]})", ""]
    lines.append("| Person | stackfit commits | sum of their shortlog lines | lines | equal |")
    lines.append("|---|---:|---:|---:|---|")
    matched: set[int] = set()
    mismatches = 0
    shown = []
    for position, person in enumerate(document["people"]):
        emails = set(person["emails"])
        names = set(person["names"])
        mine = [
            i for i, (_, n, e) in enumerate(rows) if n in names and normalise_email(e) in emails
        ]
        matched.update(mine)
        total = sum(rows[i][0] for i in mine)
        equal = total == person["commits"]
        mismatches += not equal
        if position < TOP or person["name"] in WATCHED or not equal:
            shown.append((person["name"], person["commits"], total, len(mine), equal))
    for name, commits, total, count, equal in sorted(shown, key=lambda row: -row[1])[:25]:
        lines.append(f"| {name} | {commits:,} | {total:,} | {count} | {'yes' if equal else 'no'} |")
    left = [rows[i] for i in range(len(rows)) if i not in matched]
    bots = ", ".join(f"{b['name']} {b['commits']}" for b in document["excluded"]["bots"][:8])
    agents = ", ".join(f"{a['name']} {a['commits']}" for a in document["excluded"]["ai_agents"])
    lines += [
        "",
        f"{len(document['people'])} people from {len(rows)} shortlog lines; {mismatches} people "
        f"whose commits differ from their shortlog lines; {len(left)} shortlog lines "
        f"({sum(r[0] for r in left):,} commits) set aside as bots or AI agents "
        f"(bots: {bots or 'none'}; AI agents: {agents or 'none'}); "
        f"{len(document['possible_duplicates'])} possible duplicates, "
        f"{len(document['suspected_bots'])} suspected bots; warnings: "
        f"{len(document['history']['warnings'])}.",
        "",
    ]
    return lines


def main() -> None:
    out = [
        "# Identities against git shortlog",
        "",
        f"Measured by `bench/run_identity.py` {NOTE}",
        "",
    ]
    for path in sys.argv[1:]:
        out += section(Path(path))
    print("\n".join(out))


if __name__ == "__main__":
    main()
