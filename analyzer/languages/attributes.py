"""`.gitattributes` `linguist-*` rules: parsed as git reads them, matched as git matches them.

They override Linguist's own decisions about a path (analyzer/languages/tree.py), as on GitHub.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import pathspec

from analyzer.data.linguist import ALIASES

ATTR_MAX_LINE_BYTES = 2048  # git (attr.c) ignores a longer .gitattributes line


@dataclass(frozen=True)
class AttributeRule:
    """One `.gitattributes` line: a pattern relative to its folder and the linguist-* it sets."""

    folder: str
    pattern: str
    settings: tuple[tuple[str, str | bool], ...]

    @functools.cached_property
    def spec(self) -> pathspec.GitIgnoreSpec:
        """Compiled when first needed: most patterns are looked up by key (AttributeIndex)."""
        return pathspec.GitIgnoreSpec.from_lines([self.pattern])


def linguist_name(value: str) -> str | None:
    """The language `linguist-language=VALUE` names, looked up as Linguist's find_by_alias does:
    a default alias (`jupyter-notebook`) or a listed one (`js`, `golang`), any case; a
    comma-separated list counts by its first entry. None when Linguist knows no such language."""
    lower = value.lower()
    return ALIASES.get(lower) or ALIASES.get(lower.split(",", 1)[0])


def parse_gitattributes(
    folder: str, text: str, unknown_languages: set[str] | None = None
) -> list[AttributeRule]:
    """The linguist-* rules of one `.gitattributes` file found in FOLDER ('' at the root).

    As git, a line of ATTR_MAX_LINE_BYTES or more is ignored; a `linguist-language=` naming no
    language Linguist knows is dropped (and added to UNKNOWN_LANGUAGES, for a warning).
    """
    rules = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or len(line.encode()) >= ATTR_MAX_LINE_BYTES:
            continue
        pattern, *attributes = line.split()
        settings: list[tuple[str, str | bool]] = []
        for attribute in attributes:
            name, value = _attribute_setting(attribute)
            if name == "linguist-language" and isinstance(value, str):
                known = linguist_name(value)
                if known is None:
                    if unknown_languages is not None:
                        unknown_languages.add(value)
                    continue
                value = known
            if name.startswith("linguist-"):
                settings.append((name, value))
        if settings and not pattern.startswith("!"):
            rules.append(AttributeRule(folder, pattern, tuple(settings)))
    return rules


def _attribute_setting(attribute: str) -> tuple[str, str | bool]:
    if attribute.startswith(("-", "!")):
        return attribute[1:], False
    name, sep, value = attribute.partition("=")
    if not sep:
        return name, True
    if value.lower() in ("true", "false"):
        return name, value.lower() == "true"
    return name, value


def attributes_for(path: str, rules: Iterable[AttributeRule]) -> dict[str, str | bool]:
    """linguist-* attributes of PATH; deeper files and later lines win, as in git."""
    found: dict[str, str | bool] = {}
    for rule in rules:
        if rule.folder:
            if not path.startswith(rule.folder + "/"):
                continue
            relative = path[len(rule.folder) + 1 :]
        else:
            relative = path
        if rule.spec.match_file(relative):
            found.update(rule.settings)
    return found


_GLOB_CHARACTERS = frozenset("*?[\\")


class AttributeIndex:
    """`attributes_for` with a cost that grows with files + patterns, not files x patterns.

    A .gitattributes may list thousands of plain paths, names or `*.ext` globs (20,000 made
    `skills` take a minute): those are looked up by key, the path's own parts giving the keys;
    only the other patterns are matched one by one. The gitignore-style semantics of
    `attributes_for` stay: a pattern matching a folder matches what is inside it.
    """

    def __init__(self, rules: Iterable[AttributeRule]) -> None:
        self._rules = list(rules)
        self._paths: dict[tuple[str, str], list[int]] = {}  # (folder, path below it)
        self._names: dict[tuple[str, str], list[int]] = {}  # (folder, a part's name)
        self._suffixes: dict[tuple[str, str], list[int]] = {}  # (folder, ".ext" of `*.ext`)
        self._others: list[int] = []
        self._folders = sorted({rule.folder for rule in self._rules})
        for number, rule in enumerate(self._rules):
            kind, key = _pattern_key(rule.pattern)
            table = {"path": self._paths, "name": self._names, "suffix": self._suffixes}.get(kind)
            if table is None:
                self._others.append(number)
            else:
                table.setdefault((rule.folder, key), []).append(number)

    def attributes(self, path: str) -> dict[str, str | bool]:
        matched = [number for number in self._others if _rule_matches(self._rules[number], path)]
        for folder in self._folders:
            if folder and not path.startswith(folder + "/"):
                continue
            parts = (path[len(folder) + 1 :] if folder else path).split("/")
            for depth, part in enumerate(parts):
                matched += self._paths.get((folder, "/".join(parts[: depth + 1])), ())
                matched += self._names.get((folder, part), ())
                for start, character in enumerate(part):
                    if character == ".":
                        matched += self._suffixes.get((folder, part[start:]), ())
        found: dict[str, str | bool] = {}
        for number in sorted(set(matched)):
            found.update(self._rules[number].settings)
        return found


def _pattern_key(pattern: str) -> tuple[str, str]:
    """How a pattern can be looked up: ("path", "a/b"), ("name", "x.py"), ("suffix", ".min.js"),
    or ("other", "") when it must be matched by pathspec."""
    if not pattern or pattern.endswith("/") or "**" in pattern:
        return "other", ""
    if pattern.startswith("*.") and _GLOB_CHARACTERS.isdisjoint(pattern[2:]) and "/" not in pattern:
        return "suffix", pattern[1:]
    if not _GLOB_CHARACTERS.isdisjoint(pattern) or pattern in (".", "..") or "//" in pattern:
        return "other", ""
    stripped = pattern.lstrip("/")
    if "/" in pattern:
        return ("path", stripped) if stripped and "/." not in "/" + stripped else ("other", "")
    return ("name", pattern) if pattern not in (".", "..") else ("other", "")


def _rule_matches(rule: AttributeRule, path: str) -> bool:
    if rule.folder:
        if not path.startswith(rule.folder + "/"):
            return False
        path = path[len(rule.folder) + 1 :]
    return bool(rule.spec.match_file(path))
