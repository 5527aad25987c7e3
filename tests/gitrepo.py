"""Build real git repositories for tests: several authors, backdated dates, renames, merges.

Nothing here reads the machine's global git config: identity and dates go through the
environment of each git call.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from pathlib import Path

BASE_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
    "LC_ALL": "C",
}


def git_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(BASE_ENV)
    env.update(extra or {})
    return env


def days_ago(days: float, offset_hours: int = 0) -> str:
    """An ISO date DAYS before now, in a zone OFFSET_HOURS from UTC (git accepts it as a date)."""
    zone = timezone(timedelta(hours=offset_hours))
    moment = datetime.now(timezone.utc) - timedelta(days=days)
    return moment.astimezone(zone).replace(microsecond=0).isoformat()


def split_contact(contact: str) -> tuple[str, str]:
    name, _, rest = contact.partition(" <")
    return name, rest.rstrip(">")


ALICE = "Alice Smith <alice@example.com>"


def identity_env(author: str, date: str | None) -> dict[str, str]:
    """Author and committer for one commit, backdated to DATE (default: a day ago)."""
    name, email = split_contact(author)
    when = date or days_ago(1)
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_COMMITTER_DATE": when,
    }


class GitRepo:
    def __init__(self, path: Path, *, bare: bool = False) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main", *(["--bare"] if bare else []))

    def git(self, *args: str, env: Mapping[str, str] | None = None) -> str:
        result = subprocess.run(
            ["git", *args],
            cwd=self.path,
            env=git_env(env),
            capture_output=True,
            check=True,
        )
        return result.stdout.decode("utf-8", "replace")

    def git_input(self, text: str, *args: str) -> str:
        """Run git with TEXT on its standard input."""
        result = subprocess.run(
            ["git", *args],
            cwd=self.path,
            env=git_env(),
            input=text.encode(),
            capture_output=True,
            check=True,
        )
        return result.stdout.decode("utf-8", "replace")

    def write(self, files: Mapping[str, str | bytes | None]) -> None:
        for name, content in files.items():
            target = self.path / name
            if content is None:
                self.git("rm", "-q", "--", name)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content)
            self.git("add", "--", name)

    def commit(
        self,
        files: Mapping[str, str | bytes | None] | None = None,
        *,
        author: str = ALICE,
        date: str | None = None,
        message: str = "change",
        coauthors: tuple[str, ...] = (),
    ) -> str:
        """Commit FILES (None deletes) as AUTHOR at DATE; returns the new sha."""
        self.write(files or {})
        if coauthors:
            message += "\n\n" + "\n".join(f"Co-authored-by: {contact}" for contact in coauthors)
        self.git("commit", "-q", "--allow-empty", "-m", message, env=identity_env(author, date))
        return self.head()

    def rename(self, old: str, new: str, *, author: str = ALICE, date: str | None = None) -> str:
        (self.path / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", "--", old, new)
        return self.commit(author=author, date=date, message=f"Rename {old}")

    def merge(self, branch: str, *, author: str = ALICE, date: str | None = None) -> str:
        env = identity_env(author, date)
        self.git("merge", "-q", "--no-ff", "-m", f"Merge {branch}", branch, env=env)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def shortlog(self) -> dict[str, int]:
        """`git shortlog -sne --no-merges HEAD`: commits per mailmapped 'Name <email>'."""
        counts = {}
        for line in self.git("shortlog", "-sne", "--no-merges", "HEAD").splitlines():
            count, contact = line.strip().split("\t", 1)
            counts[contact] = int(count)
        return counts


def lines(count: int, prefix: str = "line") -> str:
    return "".join(f"{prefix} {number}\n" for number in range(count))
