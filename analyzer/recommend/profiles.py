"""Stack profiles: load and validate profiles/*.yaml, where every number names its source.

A profile is data a reviewer can check line by line; this module only reads it and rejects a
bad one with an error that names the file and the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analyzer.data.catalog import NEEDS
from analyzer.errors import StackfitError
from analyzer.safe_files import USER_FILE_MAX_BYTES
from analyzer.safe_files import ParseError
from analyzer.safe_files import loads
from analyzer.safe_files import read_user_file

PERFORMANCE_FACTS = ("throughput_rps", "cold_start_ms", "memory_mb")
SOURCES_FILE = "_sources.yaml"
JUDGEMENT = "stackfit-assessment"  # the source id of the maintainers' own judgement

_ANALYZER = Path(__file__).resolve().parent.parent
_PACKAGED = _ANALYZER / "data" / "profiles"  # inside an installed wheel
_CHECKOUT = _ANALYZER.parent / "profiles"  # in a source checkout


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str | None
    date: str
    pin: str | None = None  # the exact round, commit or data file the numbers came from


@dataclass(frozen=True)
class Fact:
    """A number (or None when nobody measured it) with what it is and where it comes from."""

    value: float | None
    detail: str
    source: str


@dataclass(frozen=True)
class Strength:
    strength: float
    rationale: str
    source: str


@dataclass(frozen=True)
class Adjacent:
    language: str
    transfer: float
    reason: str
    source: str = JUDGEMENT  # a source id; the maintainers' judgement unless one is given

    @property
    def basis(self) -> str:
        return "maintainers' judgement" if self.source == JUDGEMENT else f"source: {self.source}"


@dataclass(frozen=True)
class Operations:
    manifests: tuple[str, ...]
    ci_actions: tuple[str, ...]
    docker_images: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    languages: tuple[str, ...]
    adjacent: tuple[Adjacent, ...]
    needs: dict[str, Strength]
    performance: dict[str, Fact]
    hiring: dict[str, Fact]
    operations: Operations
    ecosystem: tuple[str, ...]
    path: str


@dataclass(frozen=True)
class Catalog:
    profiles: dict[str, Profile]
    sources: dict[str, Source]


def default_profiles_dir() -> Path:
    return _PACKAGED if _PACKAGED.is_dir() else _CHECKOUT


def load_catalog(folder: Path | None = None) -> Catalog:
    """Every profile in FOLDER (default: the bundled ones), validated against the sources."""
    folder = folder or default_profiles_dir()
    if not folder.is_dir():
        raise StackfitError(
            f"profiles folder not found: {folder}", "pass an existing --profiles DIR"
        )
    sources = _load_sources(folder)
    profiles: dict[str, Profile] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name == SOURCES_FILE:
            continue
        profile = _profile(path, _read_yaml(path), sources)
        if profile.id in profiles:
            raise StackfitError(
                f"{path}: id {profile.id!r} is used twice", "give each profile its own id"
            )
        profiles[profile.id] = profile
    if not profiles:
        raise StackfitError(f"no *.yaml profiles in {folder}", "add one YAML file per stack")
    return Catalog(profiles, sources)


def _read_yaml(path: Path) -> Any:
    raw = read_user_file(path, USER_FILE_MAX_BYTES, "profile")
    try:
        return loads(raw, "yaml")
    except ParseError as error:
        reason = str(error)
        if reason.startswith("line "):  # `node.yaml line 3 is not valid YAML (...)`
            line, _, reason = reason.partition(": ")
            raise StackfitError(
                f"{path} {line} is not valid YAML ({reason})", "fix its syntax"
            ) from None
        raise StackfitError(f"{path} is not valid YAML ({reason})", "fix its syntax") from None


def _load_sources(folder: Path) -> dict[str, Source]:
    path = folder / SOURCES_FILE
    if not path.is_file():
        bundled = default_profiles_dir() / SOURCES_FILE
        path = bundled if bundled.is_file() else path
    raw = _read_yaml(path) if path.is_file() else {}
    check = _Checker(path)
    table = check.mapping(raw, "")
    return {
        key: Source(
            id=key,
            title=check.text(item, f"{key}.title"),
            url=check.optional_text(item, f"{key}.url"),
            date=check.text(item, f"{key}.date"),
            pin=check.optional_text(item, f"{key}.pin"),
        )
        for key, item in ((key, check.mapping(value, key)) for key, value in table.items())
    }


def _profile(path: Path, raw: Any, sources: Mapping[str, Source]) -> Profile:
    check = _Checker(path, sources)
    table = check.mapping(raw, "")
    needs_table = check.mapping(table.get("needs"), "needs")
    missing = [need for need in NEEDS if need not in needs_table]
    if missing:
        check.fail(
            f"needs.{missing[0]}", f"is missing (every profile rates all of {', '.join(NEEDS)})"
        )
    operations = check.mapping(table.get("operations", {}), "operations")
    return Profile(
        id=check.text(table, "id"),
        name=check.text(table, "name"),
        languages=check.texts(table, "languages", non_empty=True),
        adjacent=tuple(
            Adjacent(
                language=check.text(item, f"adjacent[{index}].language"),
                transfer=check.fraction(item, f"adjacent[{index}].transfer"),
                reason=check.text(item, f"adjacent[{index}].reason"),
                source=check.source(item, f"adjacent[{index}].source")
                if "source" in item
                else JUDGEMENT,
            )
            for index, item in enumerate(check.items(table, "adjacent"))
        ),
        needs={
            need: Strength(
                strength=check.fraction(item, f"needs.{need}.strength"),
                rationale=check.text(item, f"needs.{need}.rationale"),
                source=check.source(item, f"needs.{need}.source"),
            )
            for need, item in (
                (need, check.mapping(needs_table[need], f"needs.{need}")) for need in NEEDS
            )
        },
        performance=check.facts(table, "performance", PERFORMANCE_FACTS),
        hiring=check.facts(table, "hiring", ("developers_millions",)),
        operations=Operations(
            manifests=check.texts(operations, "operations.manifests"),
            ci_actions=check.texts(operations, "operations.ci_actions"),
            docker_images=check.texts(operations, "operations.docker_images"),
        ),
        ecosystem=check.texts(table, "ecosystem"),
        path=str(path),
    )


class _Checker:
    """Field access that turns every shape error into 'FILE: FIELD is ...; fix ...'."""

    def __init__(self, path: Path, sources: Mapping[str, Source] | None = None) -> None:
        self.path = path
        self.sources = sources or {}

    def fail(self, field: str, problem: str) -> None:
        raise StackfitError(f"{self.path}: {field or 'the file'} {problem}", "fix that field")

    def mapping(self, value: Any, field: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(field, "must be a mapping")
        return value  # type: ignore[no-any-return]

    def _get(self, table: Mapping[str, Any], field: str) -> Any:
        key = field.rsplit(".", 1)[-1]
        if key not in table:
            self.fail(field, "is missing")
        return table[key]

    def text(self, table: Mapping[str, Any], field: str) -> str:
        value = self._get(table, field)
        if not isinstance(value, str) or not value.strip():
            self.fail(field, "must be a non-empty string")
        return str(value)

    def optional_text(self, table: Mapping[str, Any], field: str) -> str | None:
        value = table.get(field.rsplit(".", 1)[-1])
        if value is not None and not isinstance(value, str):
            self.fail(field, "must be a string or null")
        return value

    def texts(
        self, table: Mapping[str, Any], field: str, *, non_empty: bool = False
    ) -> tuple[str, ...]:
        value = table.get(field.rsplit(".", 1)[-1], [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(field, "must be a list of strings")
        if non_empty and not value:
            self.fail(field, "must list at least one")
        return tuple(value)

    def items(self, table: Mapping[str, Any], field: str) -> list[dict[str, Any]]:
        value = table.get(field, [])
        if not isinstance(value, list):
            self.fail(field, "must be a list")
        return [self.mapping(item, f"{field}[{index}]") for index, item in enumerate(value)]

    def fraction(self, table: Mapping[str, Any], field: str) -> float:
        value = self._get(table, field)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            self.fail(field, "must be a number from 0 to 1")
        return float(value)

    def source(self, table: Mapping[str, Any], field: str) -> str:
        value = self.text(table, field)
        if value not in self.sources:
            self.fail(field, f"names an unknown source {value!r} (see {SOURCES_FILE})")
        return value

    def facts(
        self, table: Mapping[str, Any], field: str, required: tuple[str, ...]
    ) -> dict[str, Fact]:
        section = self.mapping(table.get(field), field)
        facts = {}
        for key, raw in section.items():
            item = self.mapping(raw, f"{field}.{key}")
            value = item.get("value")
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float) or value <= 0
            ):
                self.fail(f"{field}.{key}.value", "must be a positive number or null")
            facts[key] = Fact(
                value=float(value) if value is not None else None,
                detail=self.text(item, f"{field}.{key}.detail"),
                source=self.source(item, f"{field}.{key}.source"),
            )
        for key in required:
            if key not in facts:
                self.fail(f"{field}.{key}", "is missing")
        return facts
