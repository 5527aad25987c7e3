"""Settings: defaults, then the analysed repository's config, then the command line.

The config is `.stackfit.toml` (top-level keys) or `[tool.stackfit]` in `pyproject.toml`, at the
top of the analysed repository (read from the analysed revision in a bare repository).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from dataclasses import fields
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from analyzer.errors import StackfitError
from analyzer.git.repository import Repository
from analyzer.git.repository import read_blob
from analyzer.policy_config import Policy
from analyzer.policy_config import policy_from_table
from analyzer.safe_files import USER_FILE_MAX_BYTES
from analyzer.safe_files import FileTooLarge
from analyzer.safe_files import ParseError
from analyzer.safe_files import loads
from analyzer.safe_files import read_regular_file
from analyzer.safe_files import read_user_file

CONFIG_FILE = ".stackfit.toml"

# The model's defaults, settings a team may change. Recency: knowledge fades when unused; it is
# the strongest negative predictor of code knowledge (Cury et al. 2022), but no validated
# half-life exists. A language is more durable than a file's details, so the default halves a
# skill after a year without a commit in it.
DEFAULT_HALF_LIFE_DAYS = 365.0
DEFAULT_ACTIVE_DAYS = 180  # a person with a commit in this many days is active
# Bulk commits (vendoring, imports, mass reformatting): a commit that changes at least
# BULK_MIN_LINES counted lines across at least BULK_MIN_FILES counted files is scaled down so
# that it weighs as BULK_MIN_LINES lines in total, and its author is not credited with creating
# those files. Its week still counts as a week of activity.
BULK_MIN_LINES = 1000
BULK_MIN_FILES = 20
MAX_CONFIG_BYTES = 1 << 20  # a settings file is a few lines; pyproject.toml a few pages


@dataclass(frozen=True)
class Settings:
    since: str | None = None
    until: str | None = None
    include_merges: bool = False
    exclude: tuple[str, ...] = ()
    bots: tuple[str, ...] = ()
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    active_days: int = DEFAULT_ACTIVE_DAYS
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS
    bulk_min_lines: int = BULK_MIN_LINES
    bulk_min_files: int = BULK_MIN_FILES
    frameworks: bool = True  # frameworks per person in `stackfit skills` (a parse of imports)
    as_of: date | str | None = None  # "today" for recency and `active`; AS_OF_HEAD: HEAD's day
    service_needs: tuple[str, ...] = ()  # [service] needs: what the new service must do
    service_stack: str | None = None  # [service] stack: a declared choice (an ADR's)
    service_must: tuple[str, ...] = ()  # [service] must: needs that veto a stack weak at them
    weights: Mapping[str, float] = field(default_factory=dict)  # [weights]: criterion → 0..1
    policy: Policy = field(default_factory=Policy)  # [policy]: what `stackfit check` enforces
    source: str = "defaults"  # where the config came from, for the report


_KEY_TYPES: dict[str, tuple[type, ...]] = {
    "since": (str,),
    "until": (str,),
    "include_merges": (bool,),
    "exclude": (list,),
    "bots": (list,),
    "aliases": (dict,),
    "active_days": (int,),
    "half_life_days": (int, float),
    "bulk_min_lines": (int,),
    "bulk_min_files": (int,),
    "frameworks": (bool,),
    "as_of": (str,),
    "service": (dict,),
    "weights": (dict,),
    "policy": (dict,),
}
_SERVICE_KEYS: dict[str, tuple[type, ...]] = {
    "needs": (list,), "must": (list,), "stack": (str,), "name": (str,)
}  # fmt: skip

# Accepted ranges, checked at the edge (flags and config alike) so that no date or timedelta
# overflows later: a century of activity or half-life, a billion lines.
MAX_DAYS = 36500
NUMBER_RANGES: dict[str, tuple[int, int]] = {
    "active_days": (1, MAX_DAYS),
    "half_life_days": (1, MAX_DAYS),
    "bulk_min_lines": (1, 10**9),
    "bulk_min_files": (1, 10**9),
}
FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(9999, 12, 31)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


AS_OF_HEAD = "head"  # --as-of head: the day of the newest commit of --rev


def parse_as_of(text: str) -> date | str:
    """--as-of and `as_of`: a day, or AS_OF_HEAD (the team as it was at its newest commit)."""
    if text.strip().lower() == AS_OF_HEAD:
        return AS_OF_HEAD
    try:
        return parse_day(text)
    except ValueError as error:
        raise ValueError(f"{error}, or {AS_OF_HEAD!r} for the day of the newest commit") from None


def parse_day(text: str) -> date:
    """A strict YYYY-MM-DD from 1970-01-01 to 9999-12-31; ValueError says what is accepted."""
    accepted = f"use a date YYYY-MM-DD from {FIRST_DAY} to {LAST_DAY}"
    try:
        day = date.fromisoformat(text) if _DAY.fullmatch(text) else None
    except ValueError:
        day = None
    if day is None:
        raise ValueError(f"{text!r} is not a date; {accepted}")
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{text!r} is out of range; {accepted}")
    return day


def check_number(key: str, value: float) -> None:
    """VALUE is a finite number in KEY's range; ValueError names the range."""
    low, high = NUMBER_RANGES[key]
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{value!r} is out of range; use a number from {low} to {high}")


def load_settings(repo: Repository, config_path: Path | None = None) -> Settings:
    """Settings from CONFIG_PATH, or from the repository's own config file, or the defaults."""
    if config_path is not None:
        return read_settings_file(config_path)
    for name in (CONFIG_FILE, "pyproject.toml"):
        raw_or_none = _repository_file(repo, name)
        if raw_or_none is None:
            continue
        table = _parse(raw_or_none, name)
        if name == "pyproject.toml":
            tool = table.get("tool", {})
            if not isinstance(tool, dict) or "stackfit" not in tool:
                continue
            table = tool["stackfit"]
            name = "pyproject.toml [tool.stackfit]"
        return settings_from_table(table, name)
    return Settings()


def read_settings_file(config_path: Path) -> Settings:
    """Settings from a config file named on the command line (.stackfit.toml or pyproject)."""
    source = str(config_path)
    raw = read_user_file(config_path, USER_FILE_MAX_BYTES, "--config")
    table = _parse(raw, source)
    if config_path.name == "pyproject.toml":
        tool = table.get("tool", {})
        table = tool.get("stackfit", {}) if isinstance(tool, dict) else {}
    return settings_from_table(table, source)


def read_repository_file(repo: Repository, name: str) -> bytes | None:
    """NAME at the repository's top, read as its config is (checks read their baseline so)."""
    return _repository_file(repo, name)


def _repository_file(repo: Repository, name: str) -> bytes | None:
    """NAME in the work tree: a regular file only (never a link out of the tree, a FIFO)."""
    if repo.bare:
        return read_blob(repo, f"{repo.head}:{name}")
    try:
        return read_regular_file(repo.root / name, MAX_CONFIG_BYTES)
    except FileTooLarge as large:
        raise StackfitError(
            f"{name} is {large.size} bytes, more than stackfit reads ({MAX_CONFIG_BYTES})",
            f"keep the settings in a smaller {name}",
        ) from None


def _parse(raw: bytes, source: str) -> dict[str, Any]:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise StackfitError(f"{source} is not UTF-8 text", "save it as UTF-8") from None
    try:
        table = loads(raw, "toml")
    except ParseError as error:
        raise StackfitError(f"{source} does not parse: {error}", "fix the TOML syntax") from None
    return table if isinstance(table, dict) else {}


def settings_from_table(table: Mapping[str, Any], source: str) -> Settings:
    """Validate a config table: unknown keys and wrong types are errors that name the key."""
    if not isinstance(table, Mapping):
        raise StackfitError(f"{source}: stackfit settings must be a table", "see the README")
    values: dict[str, Any] = {}
    for key, value in table.items():
        expected = _KEY_TYPES.get(key)
        if expected is None:
            known = ", ".join(sorted(_KEY_TYPES))
            raise StackfitError(f"unknown key {key!r} in {source}", f"use one of: {known}")
        if not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected):
            names = " or ".join(kind.__name__ for kind in expected)
            raise StackfitError(f"{key!r} in {source} must be {names}", f"fix {key} in {source}")
        values[key] = _checked(key, value, source)
    if "exclude" in values:
        values["exclude"] = _strings(values["exclude"], "exclude", source)
    if "bots" in values:
        values["bots"] = _strings(values["bots"], "bots", source)
    if "weights" in values:
        values["weights"] = _weights(values["weights"], source)
    if "service" in values:
        values.update(_service(values.pop("service"), source))
    if "policy" in values:
        values["policy"] = policy_from_table(values["policy"], source)
    if "aliases" in values:
        values["aliases"] = {
            str(name): _strings(others if isinstance(others, list) else [others], "aliases", source)
            for name, others in values["aliases"].items()
        }
    return Settings(**values, source=source)


def _checked(key: str, value: Any, source: str) -> Any:
    """Numbers in their range, dates strict (normalised to YYYY-MM-DD)."""
    try:
        if key in NUMBER_RANGES:
            check_number(key, value)
        elif key in ("since", "until"):
            return parse_day(value).isoformat()
        elif key == "as_of":
            return parse_as_of(value)
    except ValueError as error:
        raise StackfitError(f"{key!r} in {source}: {error}", f"fix {key} in {source}") from None
    return value


def _weights(table: dict[str, Any], source: str) -> dict[str, float]:
    """[weights]: numbers from 0 to 1 per criterion; the names are checked by the model."""
    weights = {}
    for name, value in table.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise StackfitError(
                f"'weights.{name}' in {source} must be a number from 0 to 1", "fix it"
            )
        weights[str(name)] = float(value)
    return weights


def _service(table: dict[str, Any], source: str) -> dict[str, Any]:
    """The [service] table: the new service's needs and a declared stack."""
    for key, value in table.items():
        expected = _SERVICE_KEYS.get(key)
        if expected is None:
            known = ", ".join(sorted(_SERVICE_KEYS))
            raise StackfitError(f"unknown key 'service.{key}' in {source}", f"use one of: {known}")
        if not isinstance(value, expected):
            kind = expected[0].__name__
            raise StackfitError(f"'service.{key}' in {source} must be {kind}", "fix that key")
    return {
        "service_needs": _strings(table.get("needs", []), "service.needs", source),
        "service_stack": table.get("stack"),
        "service_must": _strings(table.get("must", []), "service.must", source),
    }


def _strings(items: list[Any], key: str, source: str) -> tuple[str, ...]:
    if not all(isinstance(item, str) for item in items):
        raise StackfitError(f"{key!r} in {source} must list strings", f"fix {key} in {source}")
    return tuple(items)


def override(settings: Settings, **options: Any) -> Settings:
    """Command-line options win over the config; None means 'not given'."""
    known = {item.name for item in fields(Settings)}
    given = {key: value for key, value in options.items() if value is not None and key in known}
    for key in ("exclude", "bots"):
        if key in given:
            given[key] = (*getattr(settings, key), *given[key])
    if "aliases" in given:
        given["aliases"] = {**settings.aliases, **given["aliases"]}
    return replace(settings, **given)


@dataclass(frozen=True)
class Reading:
    """How history is read: the revision, the config file, the cache, the history options."""

    rev: str = "HEAD"
    config_path: Path | None = None
    no_cache: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)

    def settings(self, repo: Repository) -> Settings:
        """The repository's settings with the options given winning."""
        return override(load_settings(repo, self.config_path), **self.options)
