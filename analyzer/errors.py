"""Error types; `cli.main` turns them into one line on stderr and exit code 2."""

from __future__ import annotations


class StackfitError(Exception):
    """Bad input a user can fix: the message names the problem, `fix` says what to do."""

    def __init__(self, problem: str, fix: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.problem}; {self.fix}" if self.fix else self.problem
