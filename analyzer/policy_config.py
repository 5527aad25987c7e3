"""`[tool.stackfit.policy]`: what `stackfit check` and the guard enforce, validated as read.

Settings read it, so it sits beside them, below every stage; checks/ applies it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from analyzer.errors import StackfitError

DEFAULT_MIN_SHARE = 0.02
DEFAULT_MIN_LINES = 1000


@dataclass(frozen=True)
class Policy:
    """`[tool.stackfit.policy]`; empty means: report only what needs no threshold."""

    allowed_languages: frozenset[str] = frozenset()  # accepted as they are: never a finding
    allowed_frameworks: frozenset[str] = frozenset()  # names or catalog ids, any case
    min_truck_factor: int | None = None  # for every language without its own minimum
    min_truck_factor_by_language: Mapping[str, int] = field(default_factory=dict)
    fail_on_shallow: bool = False
    max_after_hours_share: float | None = None  # a warning above this share of commits
    service_top_n: int | None = None  # [service] stack must rank within the first N
    service_min_score: float | None = None  # ... and score at least this
    # `stackfit check` on the whole tree judges a language only when it matters: at least this
    # share of the code, or at least this many lines (0 and 0: every language).
    min_share: float = DEFAULT_MIN_SHARE
    min_lines: int = DEFAULT_MIN_LINES

    @property
    def judges_service(self) -> bool:
        return self.service_top_n is not None or self.service_min_score is not None

    def truck_factor_minimum(self, language: str) -> int | None:
        return self.min_truck_factor_by_language.get(language, self.min_truck_factor)


_POLICY_KEYS = (
    "allowed_frameworks",
    "allowed_languages",
    "fail_on_shallow",
    "max_after_hours_share",
    "min_lines",
    "min_share",
    "min_truck_factor",
    "service_min_score",
    "service_top_n",
)


def policy_from_table(table: Mapping[str, Any], source: str) -> Policy:
    """Validate the policy table; an unknown key or a wrong type names the key and the fix."""
    for key in table:
        if key not in _POLICY_KEYS:
            raise StackfitError(
                f"unknown key 'policy.{key}' in {source}", f"use one of: {', '.join(_POLICY_KEYS)}"
            )
    allowed = _names(table, "allowed_languages", source, "language", "Rust")
    frameworks = _names(table, "allowed_frameworks", source, "framework", "Flask")
    shallow = table.get("fail_on_shallow", False)
    if not isinstance(shallow, bool):
        raise StackfitError(f"'policy.fail_on_shallow' in {source} must be true or false")
    minimum, by_language = _truck_factor_minimums(table.get("min_truck_factor"), source)
    after_hours = table.get("max_after_hours_share")
    if after_hours is not None and (
        isinstance(after_hours, bool)
        or not isinstance(after_hours, int | float)
        or not 0 <= after_hours <= 1
    ):
        raise StackfitError(
            f"'policy.max_after_hours_share' in {source} must be a share from 0 to 1",
            "e.g. max_after_hours_share = 0.3",
        )
    top_n = table.get("service_top_n")
    if top_n is not None and (not _is_count(top_n) or top_n < 1):
        raise StackfitError(f"'policy.service_top_n' in {source} must be 1 or more", "e.g. 3")
    min_score = table.get("service_min_score")
    if min_score is not None and (
        isinstance(min_score, bool) or not isinstance(min_score, int | float)
    ):
        raise StackfitError(f"'policy.service_min_score' in {source} must be a number", "e.g. 0.4")
    min_share = table.get("min_share", DEFAULT_MIN_SHARE)
    if (
        isinstance(min_share, bool)
        or not isinstance(min_share, int | float)
        or not 0 <= min_share <= 1
    ):
        raise StackfitError(
            f"'policy.min_share' in {source} must be a share from 0 to 1", "e.g. min_share = 0.02"
        )
    min_lines = table.get("min_lines", DEFAULT_MIN_LINES)
    if not _is_count(min_lines):
        raise StackfitError(
            f"'policy.min_lines' in {source} must be a whole number", "e.g. min_lines = 1000"
        )
    return Policy(
        allowed_languages=frozenset(allowed),
        allowed_frameworks=frozenset(name.casefold() for name in frameworks),
        min_truck_factor=minimum,
        min_truck_factor_by_language=by_language,
        fail_on_shallow=shallow,
        max_after_hours_share=after_hours,
        service_top_n=top_n,
        service_min_score=min_score,
        min_share=float(min_share),
        min_lines=min_lines,
    )


def _names(table: Mapping[str, Any], key: str, source: str, kind: str, example: str) -> list[str]:
    names = table.get(key, [])
    if not isinstance(names, list) or not all(isinstance(item, str) for item in names):
        raise StackfitError(
            f"'policy.{key}' in {source} must list {kind} names", f'e.g. {key} = ["{example}"]'
        )
    return names


def _truck_factor_minimums(value: Any, source: str) -> tuple[int | None, dict[str, int]]:
    """An integer for every language, or a table of language → integer (`default` for the rest)."""
    fix = "use min_truck_factor = 2, or a table such as { default = 2, Go = 3 }"
    if value is None:
        return None, {}
    if _is_count(value):
        return int(value), {}
    if not isinstance(value, Mapping) or not all(_is_count(item) for item in value.values()):
        raise StackfitError(f"'policy.min_truck_factor' in {source} must be a whole number", fix)
    by_language = {str(name): int(item) for name, item in value.items() if name != "default"}
    default = value.get("default")
    return (int(default) if default is not None else None), by_language


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
