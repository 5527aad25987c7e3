"""Imports and workload constructs of source files, read with tree-sitter queries.

The grammars are the per-language wheels (bundled, offline). Each file is parsed once; a query
reads its imports and token rules confirmed on the tree count its constructs
(analyzer/code/queries.py says why it is done that way). A
file whose tree has errors is still read (tree-sitter recovers) and counted as having errors;
a file that cannot be parsed at all is counted as failed. Nothing here is fatal.

`parse_files` runs in the worker processes of the scan's pool: its inputs and outputs are plain
picklable tuples.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable
from collections.abc import Iterator
from typing import NamedTuple

import tree_sitter

from analyzer.code.queries import CONSTRUCT_RULES
from analyzer.code.queries import GRAMMARS
from analyzer.code.queries import IMPORT_CALLS
from analyzer.code.queries import IMPORT_MAX_DEPTH
from analyzer.code.queries import IMPORT_WORDS
from analyzer.code.queries import QUERIES
from analyzer.code.queries import ConstructRule


class FileFacts(NamedTuple):
    """What one blob's parse revealed; lines are 1-based."""

    sha: str
    grammar: str
    imports: tuple[tuple[str, int], ...]  # (module, first line), in order of first appearance
    constructs: tuple[tuple[str, int, int], ...]  # (construct, count, first line), sorted
    has_errors: bool  # tree-sitter recovered from syntax errors (in the part parsed)
    failed: bool  # could not be parsed at all
    parsed_bytes: int = -1  # how much was parsed: -1 all of it, 0 nothing, else the head


class ParseJob(NamedTuple):
    sha: str
    grammar: str
    content: bytes
    imports_only: bool = False  # frameworks per file need no constructs: parse the head only


@functools.cache
def grammar_language(grammar: str) -> tree_sitter.Language:
    """The tree-sitter Language of a grammar key, loaded once per process."""
    module_name, function_name = GRAMMARS[grammar]
    module = importlib.import_module(module_name)
    return tree_sitter.Language(getattr(module, function_name)())


@functools.cache
def _parser(grammar: str) -> tree_sitter.Parser:
    return tree_sitter.Parser(grammar_language(grammar))


@functools.cache
def _query(grammar: str) -> tree_sitter.Query:
    # annotated: tree_sitter's stub types __new__ with typing.Self, which Python 3.10 lacks (Any)
    query: tree_sitter.Query = tree_sitter.Query(grammar_language(grammar), QUERIES[grammar])
    return query


def parse_files(jobs: Iterable[ParseJob]) -> list[FileFacts]:
    """Parse each job's content and read its imports and constructs (a worker's unit of work)."""
    return [parse_file(job.sha, job.grammar, job.content, job.imports_only) for job in jobs]


def parse_file(sha: str, grammar: str, content: bytes, imports_only: bool = False) -> FileFacts:
    """One file's imports and constructs (none with IMPORTS_ONLY); never raises for bad input.

    A file without any construct word needs only its imports: when they all sit in its head
    (the usual case), only the head is parsed, and a file with neither is not parsed at all.
    A head that does not parse cleanly (an import cut in two) falls back to the whole file.
    """
    if imports_only or not any(word in content for word in _construct_words(grammar)):
        end = import_head_bytes(grammar, content)
        if end == 0:
            return FileFacts(sha, grammar, (), (), False, False, parsed_bytes=0)
        if end < len(content):
            head = _parse(grammar, content[:end])
            if head is not None and not head.root_node.has_error:
                root = head.root_node
                return FileFacts(sha, grammar, _imports(grammar, root), (), False, False, end)
    tree = _parse(grammar, content)
    if tree is None:
        return FileFacts(sha, grammar, (), (), has_errors=True, failed=True)
    root = tree.root_node
    return FileFacts(
        sha,
        grammar,
        _imports(grammar, root),
        () if imports_only else _constructs(grammar, content, root),
        has_errors=root.has_error,
        failed=False,
    )


def _parse(grammar: str, content: bytes) -> tree_sitter.Tree | None:
    try:
        return _parser(grammar).parse(content)
    except (ValueError, RuntimeError):
        return None


@functools.cache
def _construct_words(grammar: str) -> tuple[bytes, ...]:
    return tuple(word for rule in CONSTRUCT_RULES.get(grammar, ()) for word in rule.words)


def import_head_bytes(grammar: str, content: bytes) -> int:
    """Bytes up to the end of the line of the last import word (0: there is none).

    An open `(` on that line extends the head to its `)`, as in Go's import blocks. Too long
    is harmless; too short is caught by the caller (the cut head does not parse cleanly).
    """
    starts = [_last_word(content, word, line_start=True) for word in IMPORT_WORDS[grammar]]
    starts += [
        _last_word(content, word, line_start=False) for word in IMPORT_CALLS.get(grammar, ())
    ]
    last = max(starts)
    if last < 0:
        return 0
    end = content.find(b"\n", last)
    end = len(content) if end < 0 else end + 1
    line = content[last:end]
    if line.count(b"(") > line.count(b")"):
        close = content.find(b")", end)
        after = content.find(b"\n", close) if close >= 0 else -1
        end = len(content) if after < 0 else after + 1
    return end


def _last_word(content: bytes, word: bytes, *, line_start: bool) -> int:
    """Where WORD last stands as a whole word (first on its line when LINE_START), or -1."""
    position = len(content)
    while True:
        position = content.rfind(word, 0, position)
        if position < 0:
            return -1
        after = content[position + len(word) : position + len(word) + 1]
        before = content[max(0, position - 1) : position]
        if (after.isalnum() or after == b"_") or (before.isalnum() or before == b"_"):
            continue
        if not line_start:
            return position
        line = content.rfind(b"\n", 0, position) + 1
        if not content[line:position].strip():
            return position


def _imports(grammar: str, root: tree_sitter.Node) -> tuple[tuple[str, int], ...]:
    """Imported modules and the line of their first import, in order of appearance."""
    cursor = tree_sitter.QueryCursor(_query(grammar))
    cursor.set_max_start_depth(IMPORT_MAX_DEPTH[grammar])
    imports: dict[str, int] = {}
    for node in cursor.captures(root).get("import", ()):
        module = module_name(grammar, node.text or b"")
        line = node.start_point[0] + 1
        if module and (module not in imports or line < imports[module]):
            imports[module] = line
    return tuple(sorted(imports.items(), key=lambda item: (item[1], item[0])))


@functools.cache
def _rules(grammar: str) -> tuple[tuple[ConstructRule, bytes, re.Pattern[bytes]], ...]:
    """Each rule's words with their compiled search (a literal first: the fast path of re)."""
    return tuple(
        (rule, word, re.compile(re.escape(word) + rule.follow))
        for rule in CONSTRUCT_RULES.get(grammar, ())
        for word in rule.words
    )


def _constructs(
    grammar: str, content: bytes, root: tree_sitter.Node
) -> tuple[tuple[str, int, int], ...]:
    """(construct, count, first line) for each construct whose tokens the tree confirms."""
    found: dict[str, tuple[int, int]] = {}
    for rule, word, search in _rules(grammar):
        if word not in content:
            continue
        count, first = _confirmed(rule, len(word), search.finditer(content), root)
        if count:
            total, line = found.get(rule.construct, (0, first))
            found[rule.construct] = (total + count, min(line, first))
    return tuple((construct, count, first) for construct, (count, first) in sorted(found.items()))


def _confirmed(
    rule: ConstructRule, length: int, matches: Iterator[re.Match[bytes]], root: tree_sitter.Node
) -> tuple[int, int]:
    """How many candidate words the tree confirms, and the line of the first (matches are ordered).

    A word in a comment or a string, inside a longer name, or used otherwise does not count.
    This loop runs for every candidate of every file: it is kept free of anything per-match
    that is not needed.
    """
    descend = root.descendant_for_byte_range
    node_types = rule.node_types
    parents = rule.parents
    count = 0
    first = 0
    for match in matches:
        start = match.start()
        node = descend(start, start + length)
        if node is None or node.start_byte != start or node.end_byte != start + length:
            continue
        if node.type not in node_types:
            continue
        if parents:
            parent = node.parent
            if parent is None or parent.type not in parents:
                continue
        if not count:
            first = node.start_point[0] + 1
        count += 1
    return count, first


def module_name(grammar: str, raw: bytes) -> str | None:
    """The imported module as the catalog names it, or None for a relative or local import."""
    text = raw.decode("utf-8", "replace").strip()
    if grammar in ("javascript", "typescript", "tsx"):
        return _node_package(text)
    if grammar == "rust":
        root = text.lstrip(":").split("::", 1)[0].split(" ", 1)[0].strip("{} ")
        return None if root in ("crate", "self", "super", "") else root
    if grammar == "php":
        return text.lstrip("\\") or None
    if grammar == "ruby":
        return None if text.startswith(".") else text or None
    if grammar == "c_sharp":
        return text.removeprefix("global::") or None
    return text or None


def _node_package(specifier: str) -> str | None:
    """`@scope/name/sub` -> `@scope/name`; `name/sub` -> `name`; relative paths -> None."""
    specifier = specifier.removeprefix("node:")
    if not specifier or specifier.startswith((".", "/", "#", "~")) or ":" in specifier:
        return None
    parts = specifier.split("/")
    if specifier.startswith("@"):
        return "/".join(parts[:2]) if len(parts) > 1 else None
    return parts[0]
