"""Write analyzer/data/linguist.py from GitHub Linguist's language tables in third_party/linguist/.

The tables are Linguist's own (MIT license); this script only reshapes them into Python literals
and translates the heuristics' Ruby regular expressions into Python ones (see `ruby_to_python`).
Run it again when moving to another Linguist version, and review the diff like any data change;
tests/test_scripts.py checks that the committed file is what it makes.

    python scripts/make_linguist_data.py [--linguist DIR] [--output FILE]
"""

from __future__ import annotations

import argparse
import re
import warnings
from pathlib import Path
from typing import Any

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
OUTPUT = PROJECT_DIR / "analyzer" / "data" / "linguist.py"
# Linguist's lib/linguist/ files (and its VERSION), as vendored: see third_party/linguist/README.md
DEFAULT_LINGUIST = PROJECT_DIR / "third_party" / "linguist"
_POSIX_CLASSES = {
    "[:alpha:]": "a-zA-Z",
    "[:alnum:]": "a-zA-Z0-9",
    "[:digit:]": "0-9",
    "[:space:]": r"\s",
    "[:upper:]": "A-Z",
    "[:lower:]": "a-z",
    "[:word:]": r"\w",
    "[:punct:]": r"!-/:-@\[-`{-~",
    "[:xdigit:]": "0-9A-Fa-f",
}


def ruby_to_python(pattern: str) -> str:
    """The same regular expression in Python's syntax, for Python 3.10 and later.

    Ruby's `(?m)` is Python's DOTALL (Ruby's `^` and `$` always match at lines: we compile with
    MULTILINE); named groups gain their P; `\\h` is a hex digit; POSIX classes are spelled out;
    possessive quantifiers and atomic groups (Python 3.11 only) become plain ones.
    """
    pattern = pattern.replace("(?m)", "(?s)").replace("(?<!", "(?<\0").replace("(?<=", "(?<\1")
    pattern = re.sub(r"\(\?<([A-Za-z_]\w*)>", r"(?P<\1>", pattern)
    pattern = pattern.replace("(?<\0", "(?<!").replace("(?<\1", "(?<=")
    pattern = re.sub(r"\\k<([A-Za-z_]\w*)>", r"(?P=\1)", pattern)
    pattern = pattern.replace(r"\h", "[0-9a-fA-F]").replace(r"\z", r"\Z").replace("(?>", "(?:")
    pattern = re.sub(r"(?<!\\)([*+?}])\+", r"\1", pattern)
    for posix, spelled in _POSIX_CLASSES.items():
        pattern = pattern.replace(posix, spelled)
    return pattern


def _pattern(value: str | list[str]) -> str:
    parts = value if isinstance(value, list) else [value]
    translated = [ruby_to_python(part) for part in parts]
    return translated[0] if len(translated) == 1 else "|".join(f"(?:{p})" for p in translated)


def _rule(rule: dict[str, Any], named: dict[str, str]) -> tuple[tuple[bool, str], ...]:
    """A rule's conditions: (negated, pattern), all of which must hold ('' always holds)."""
    if "and" in rule:
        return tuple(cond for part in rule["and"] for cond in _rule(part, named))
    if "pattern" in rule:
        return ((False, _pattern(rule["pattern"])),)
    if "negative_pattern" in rule:
        return ((True, _pattern(rule["negative_pattern"])),)
    if "named_pattern" in rule:
        return ((False, named[rule["named_pattern"]]),)
    return ()


def _compiles(pattern: str) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "possible set intersection": Ruby's `[[` is literal
        try:
            re.compile(pattern, re.MULTILINE)
        except re.error:
            return False
    return True


def build(linguist: Path) -> str:
    languages = yaml.safe_load((linguist / "languages.yml").read_text(encoding="utf-8"))
    heuristics = yaml.safe_load((linguist / "heuristics.yml").read_text(encoding="utf-8"))
    version = (linguist / "VERSION").read_text().strip()
    types = {name: spec["type"] for name, spec in languages.items()}
    groups = {name: spec["group"] for name, spec in languages.items() if "group" in spec}
    # Language.find_by_alias: the default alias (the name, lower case, spaces as dashes) and
    # the listed aliases, as `linguist-language=` is looked up
    aliases = {
        alias.lower(): name
        for name, spec in languages.items()
        for alias in [re.sub(r"\s", "-", name.lower()), *spec.get("aliases", [])]
    }
    extensions: dict[str, list[str]] = {}
    filenames: dict[str, list[str]] = {}
    interpreters: dict[str, list[str]] = {}
    for name, spec in languages.items():
        for extension in spec.get("extensions", []):
            extensions.setdefault(extension.lower(), []).append(name)
        for filename in spec.get("filenames", []):
            filenames.setdefault(filename, []).append(name)
        for interpreter in spec.get("interpreters", []):
            interpreters.setdefault(interpreter, []).append(name)
    named = {key: _pattern(value) for key, value in heuristics["named_patterns"].items()}
    rules = []
    untranslated = 0
    for block in heuristics["disambiguations"]:
        block_rules = []
        for rule in block["rules"]:
            language = rule["language"]
            names = tuple(language) if isinstance(language, list) else (language,)
            conditions = _rule(rule, named)
            if not all(_compiles(pattern) for _, pattern in conditions):
                untranslated += 1
                conditions = ((False, "(?!)"),)  # never matches, as close as Python gets
            block_rules.append((names, conditions))
        rules.append((tuple(block["extensions"]), tuple(block_rules)))
    generic = yaml.safe_load((linguist / "generic.yml").read_text(encoding="utf-8"))["extensions"]
    popular = yaml.safe_load((linguist / "popular.yml").read_text(encoding="utf-8"))
    body = [
        "# ruff: noqa: E501",
        f'"""GitHub Linguist {version}\'s language tables (by scripts/make_linguist_data.py).',
        "",
        "Copied from Linguist's languages.yml, heuristics.yml, generic.yml and popular.yml",
        "(github.com/github-linguist/linguist; MIT license, Copyright (c) 2017 GitHub, Inc.)",
        "Heuristic patterns are translated from Ruby to Python regular expressions; "
        f"{untranslated} that",
        'Python cannot express never match. Do not edit by hand: run the script again."""',
        "",
        "from __future__ import annotations",
        "",
        f'LINGUIST_VERSION = "{version}"',
        "",
        "# fmt: off",
        f"LANGUAGE_TYPES: dict[str, str] = {_literal(types)}",
        f"LANGUAGE_GROUPS: dict[str, str] = {_literal(groups)}",
        f"ALIASES: dict[str, str] = {_literal(aliases)}",
        f"EXTENSIONS: dict[str, tuple[str, ...]] = {_literal(_tuples(extensions))}",
        f"FILENAMES: dict[str, tuple[str, ...]] = {_literal(_tuples(filenames))}",
        f"INTERPRETERS: dict[str, tuple[str, ...]] = {_literal(_tuples(interpreters))}",
        f"GENERIC_EXTENSIONS: tuple[str, ...] = {tuple(generic)!r}",
        f"POPULAR: frozenset[str] = frozenset({sorted(popular)!r})",
        "# (extensions, ((languages, ((negated, pattern), ...)), ...)): the first rule that holds",
        "HEURISTICS: tuple[tuple[tuple[str, ...], tuple[tuple[tuple[str, ...], "
        "tuple[tuple[bool, str], ...]], ...]], ...] = (",
        *(f"    {block!r}," for block in rules),
        ")",
        "# fmt: on",
        "",
    ]
    return "\n".join(body)


def _tuples(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(sorted(set(value))) for key, value in sorted(table.items())}


def _literal(table: dict[str, Any]) -> str:
    lines = ["{"] + [f"    {key!r}: {value!r}," for key, value in sorted(table.items())] + ["}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--linguist", type=Path, default=DEFAULT_LINGUIST, help="Linguist's files")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="the Python module to write")
    args = parser.parse_args(argv)
    args.output.write_bytes(build(args.linguist).encode("utf-8"))
    print(args.output)


if __name__ == "__main__":
    main()
