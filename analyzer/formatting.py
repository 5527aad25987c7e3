"""How counts and numbers are worded in stackfit's output: one plural rule, one rounding rule."""

from __future__ import annotations

JSON_DECIMALS = 4  # scores and shares in every JSON document


def plural(count: int, word: str) -> str:
    """WORD as it goes with COUNT: 'file' for 1, 'files' otherwise."""
    return word if count == 1 else word + "s"


def counted(count: int, word: str) -> str:
    """'1 commit', '1,204 commits'."""
    return f"{count:,} {plural(count, word)}"


def rounded(value: float) -> float:
    """A score or share as the JSON documents print it."""
    return round(value, JSON_DECIMALS)
