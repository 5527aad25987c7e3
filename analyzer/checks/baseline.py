"""The accepted state, `.stackfit-baseline.toml`: what `stackfit check --init` found in use.

A team adopting the check accepts what it has (languages, frameworks, truck factors) and from
then on fails only on regressions: a language or framework outside the baseline that nobody
active knows, or a truck factor falling under the policy's minimum (under the baseline's own
value, for a language that was already under it). The file is stackfit's own: --init rewrites
it, and never a file it did not write.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from analyzer.config import read_repository_file
from analyzer.errors import StackfitError
from analyzer.git.repository import Repository
from analyzer.safe_files import ParseError
from analyzer.safe_files import loads

BASELINE_FILE = ".stackfit-baseline.toml"
HEADER = "# The accepted state of this repository, written by `stackfit check --init`."
_KEYS = ("frameworks", "languages", "truck_factors")


@dataclass(frozen=True)
class Baseline:
    languages: frozenset[str] = frozenset()
    frameworks: frozenset[str] = frozenset()  # catalog ids
    truck_factors: Mapping[str, int] = field(default_factory=dict)

    def minimum(self, language: str, policy_minimum: int | None) -> int | None:
        """The truck factor under which LANGUAGE regresses: the policy's (1 when it sets none),
        or the accepted value when that was already lower."""
        accepted = self.truck_factors.get(language)
        if accepted is None:
            return policy_minimum
        return min(policy_minimum if policy_minimum is not None else 1, accepted)


def read_baseline(repo: Repository) -> Baseline | None:
    """The repository's baseline, validated; None when it has none."""
    raw = read_repository_file(repo, BASELINE_FILE)
    if raw is None:
        return None
    fix = "run `stackfit check --init` to write it again"
    try:
        table = loads(raw, "toml")
    except (ParseError, UnicodeDecodeError) as error:
        raise StackfitError(f"{BASELINE_FILE} is not valid TOML: {error}", fix) from None
    body = table.get("baseline") if isinstance(table, dict) else None
    if not isinstance(body, dict) or any(key not in _KEYS for key in body):
        raise StackfitError(f"{BASELINE_FILE} needs one [baseline] table of {_KEYS}", fix)
    languages = _names(body, "languages", fix)
    frameworks = _names(body, "frameworks", fix)
    factors = body.get("truck_factors", {})
    if not isinstance(factors, dict) or not all(
        isinstance(value, int) and not isinstance(value, bool) and value >= 0
        for value in factors.values()
    ):
        raise StackfitError(f"'baseline.truck_factors' in {BASELINE_FILE} must be counts", fix)
    return Baseline(frozenset(languages), frozenset(frameworks), dict(factors))


def _names(body: Mapping[str, Any], key: str, fix: str) -> list[str]:
    names = body.get(key, [])
    if not isinstance(names, list) or not all(isinstance(item, str) for item in names):
        raise StackfitError(f"'baseline.{key}' in {BASELINE_FILE} must list names", fix)
    return names


def baseline_text(baseline: Baseline) -> str:
    """The file --init writes: sorted, no date or sha, so the same state writes the same file."""
    lines = [
        HEADER,
        "# From now on `stackfit check` and the stackfit-guard hook fail only on regressions: a",
        "# language or framework not listed here that nobody active knows, or a truck factor",
        "# under [tool.stackfit.policy] min_truck_factor (1 by default; under the value here, for",
        "# a language that was already lower). Run `stackfit check --init` to accept a new state.",
        "[baseline]",
        f"languages = {_array(baseline.languages)}",
        f"frameworks = {_array(baseline.frameworks)}",
        "",
        "[baseline.truck_factors]",
        *(
            f"{_string(name)} = {baseline.truck_factors[name]}"
            for name in sorted(baseline.truck_factors)
        ),
        "",
    ]
    return "\n".join(lines)


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string without astral escapes is TOML's


def _array(names: Iterable[str]) -> str:
    return "[" + ", ".join(_string(name) for name in sorted(names)) + "]"


def write_baseline(repo: Repository, baseline: Baseline) -> str:
    """Write BASELINE at the work tree's top; the path written, relative to it."""
    if repo.bare:
        raise StackfitError(
            "check --init writes the baseline into a work tree; this repository is bare",
            "run it in a clone",
        )
    target = repo.root / BASELINE_FILE
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise StackfitError(
            f"{BASELINE_FILE} is not a regular file; stackfit never writes through a link",
            f"remove {BASELINE_FILE} and run check --init again",
        )
    if target.exists() and not target.read_bytes().startswith(HEADER.encode()):
        raise StackfitError(
            f"{BASELINE_FILE} exists and stackfit did not write it",
            "move it away and run check --init again",
        )
    target.write_text(baseline_text(baseline), encoding="utf-8")
    return BASELINE_FILE
