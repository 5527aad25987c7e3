"""GitHub Linguist's language detection and generated-file rules, ported to Python.

After Linguist as vendored in third_party/linguist/ (MIT license, Copyright (c) 2017
GitHub, Inc.): its strategies in its order (file name, shebang, extension, heuristics) over its
own tables (analyzer/data/linguist.py), and the content rules of its generated.rb. Two of its
strategies are left out: Emacs/Vim modelines (rare in practice) and the Bayesian classifier, the
last resort for an ambiguous extension that no heuristic settles; there we take the candidate
GitHub counts as popular, else the first by name (`best_guess`).
"""

from __future__ import annotations

import functools
import posixpath
import re
import warnings
from collections.abc import Sequence

from analyzer.data.linguist import EXTENSIONS
from analyzer.data.linguist import FILENAMES
from analyzer.data.linguist import GENERIC_EXTENSIONS
from analyzer.data.linguist import HEURISTICS
from analyzer.data.linguist import INTERPRETERS
from analyzer.data.linguist import LANGUAGE_GROUPS
from analyzer.data.linguist import POPULAR

# Linguist reads at most this much of a blob (LazyBlob::MAX_SIZE), and heuristics the first 50 KiB.
CONTENT_BYTES = 128 * 1024
HEURISTIC_BYTES = 50 * 1024
_MINIFIED_LINE_LENGTH = 110  # generated.rb's minified_files?: longer average lines are minified

_Condition = tuple[bool, "re.Pattern[str]"]
_Rule = tuple[tuple[str, ...], tuple[_Condition, ...]]


def group(language: str) -> str:
    """The language GitHub's statistics count a file under (TSX as TypeScript, ERB as HTML)."""
    return LANGUAGE_GROUPS.get(language, language)


@functools.lru_cache(maxsize=1 << 16)
def name_candidates(path: str) -> tuple[str, ...]:
    """Languages a path's file name or extension allows (Linguist's first strategies)."""
    name = posixpath.basename(path)
    by_name = FILENAMES.get(name, ())
    if len(by_name) == 1:
        return by_name
    lowered = name.lower()
    if lowered.endswith(GENERIC_EXTENSIONS):
        return by_name
    by_extension: tuple[str, ...] = ()
    parts = lowered.split(".")[1:]
    for index in range(len(parts)):
        by_extension = EXTENSIONS.get("." + ".".join(parts[index:]), ())
        if by_extension:
            break
    if by_name:
        return tuple(language for language in by_name if language in by_extension)
    return by_extension


def best_guess(candidates: Sequence[str]) -> str | None:
    """Stand-in for Linguist's classifier: a popular candidate, else the first by name."""
    if not candidates:
        return None
    return min(candidates, key=lambda language: (language not in POPULAR, language))


def interpreter(head: str) -> str | None:
    """The interpreter a `#!` line names, as Linguist's Shebang.interpreter reads it."""
    if not head.startswith("#!"):
        return None
    line = head.split("\n", 1)[0]
    words = line[2:].split()
    if not words:
        return None
    script: str | None = words[0].rsplit("/", 1)[-1]
    if script == "env":
        rest = iter(words[1:])
        script = next((w for w in rest if not w.startswith("-") and "=" not in w), None)
    if not script:
        return None
    script = re.sub(r"\.\d+$", "", script)
    if script == "sh":
        found = re.search(r"exec (\w+).+\$0.+\$@", "\n".join(head.split("\n", 5)[:5]))
        if found:
            script = found.group(1)
    return posixpath.basename(script)


def detect(path: str, content: bytes) -> str | None:
    """Linguist's language for a file from its name and content, before grouping."""
    candidates = name_candidates(path)
    if len(candidates) == 1:
        return candidates[0]
    text = content[:CONTENT_BYTES].decode("utf-8", "replace")
    command = interpreter(text)
    if command is not None:
        by_shebang = INTERPRETERS.get(command, ())
        if candidates:
            by_shebang = tuple(language for language in by_shebang if language in candidates)
        if len(by_shebang) == 1:
            return by_shebang[0]
        candidates = by_shebang or candidates
    if len(candidates) > 1:
        settled = heuristic(path, text[:HEURISTIC_BYTES])
        if settled:
            return best_guess(settled)
    return best_guess(candidates)


def heuristic(path: str, text: str) -> tuple[str, ...]:
    """The languages the first heuristics.yml rule for this extension that holds names, or ()."""
    lowered = path.lower()
    for index, (extensions, _) in enumerate(HEURISTICS):
        if lowered.endswith(extensions):
            for languages, conditions in _rules(index):
                if all(bool(pattern.search(text)) != negated for negated, pattern in conditions):
                    return languages
            return ()
    return ()


@functools.cache
def _rules(index: int) -> tuple[_Rule, ...]:
    """One extension's heuristics, compiled on first use: a repository meets only a few of the
    hundreds of patterns, and compiling them all costs a tenth of a second."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Ruby's `[[` is literal; Python warns it may change
        return tuple(
            (languages, tuple((neg, re.compile(p, re.MULTILINE)) for neg, p in conditions))
            for languages, conditions in HEURISTICS[index][1]
        )


def generated_by_content(path: str, content: bytes) -> bool:
    """generated.rb's content rules that can name a programming or markup file generated."""
    extension = posixpath.splitext(path)[1]
    if extension not in _CONTENT_EXTENSIONS and extension.lower() not in _CONTENT_EXTENSIONS:
        return False
    text = content[:CONTENT_BYTES].decode("utf-8", "replace")
    lines = text.split("\n")
    first = lines[0]
    if extension.lower() in (".js", ".css") and _minified_or_mapped(lines):
        return True
    return len(lines) > 1 and _by_extension(extension, lines, first)


def _minified_or_mapped(lines: list[str]) -> bool:
    if lines and sum(len(line) for line in lines) // len(lines) > _MINIFIED_LINE_LENGTH:
        return True
    return any(_SOURCE_MAP.match(line) for line in lines[-2:])


_SOURCE_MAP = re.compile(r"^/[*/][#@] source(?:Mapping)?URL|sourceURL=")
_PROTOBUF = "Generated by the protocol buffer compiler.  DO NOT EDIT!"
_THRIFT = "Autogenerated by Thrift Compiler"
_HAXE = "Generated by Haxe"
_PROTOBUF_EXTENSIONS = {".py", ".java", ".h", ".cc", ".cpp", ".m", ".rb", ".php"}
_THRIFT_EXTENSIONS = {".rb", ".py", ".go", ".js", ".m", ".java", ".h", ".cc", ".cpp", ".php"}
_HAXE_EXTENSIONS = {".js", ".py", ".lua", ".cpp", ".h", ".java", ".cs", ".php"}
_CONTENT_EXTENSIONS = frozenset(
    {*_PROTOBUF_EXTENSIONS, *_THRIFT_EXTENSIONS, *_HAXE_EXTENSIONS, ".css", ".go", ".c", ".hpp",
     ".dart", ".html", ".htm", ".xhtml"}
)  # fmt: skip


def _any_in(lines: list[str], count: int, marker: str) -> bool:
    return any(marker in line for line in lines[:count])


def _by_extension(extension: str, lines: list[str], first: str) -> bool:
    """One extension's content rules of generated.rb (at least two lines, as most require)."""
    if extension in _PROTOBUF_EXTENSIONS and _any_in(lines, 3, _PROTOBUF):
        return True
    if extension in _THRIFT_EXTENSIONS and _any_in(lines, 6, _THRIFT):
        return True
    if extension in _HAXE_EXTENSIONS and _any_in(lines, 3, _HAXE):
        return True
    if extension == ".go":
        return _any_in(lines, 40, "Code generated by")
    if extension == ".js":
        return (
            first.startswith(("// Generated by ", "/* parser generated by jison ",
                              "/* generated by jison-lex "))
            or "Generated by PEG.js" in "".join(lines[:5])
            or (len(lines) > 6 and "GENERATED CODE -- DO NOT EDIT!" in lines[5])
        )  # fmt: skip
    if extension in (".c", ".cpp", ".h", ".cc", ".hpp"):
        return (
            (extension in (".c", ".cpp") and "Generated by Cython" in first)
            or (extension != ".c" and first.startswith("// Generated by the gRPC"))
            or (
                extension == ".h"
                and len(lines) > 2
                and "/* DO NOT EDIT THIS FILE - it is machine generated */" in first
                and "#include <jni.h>" in lines[1]
            )
        )
    if extension == ".rb":
        return len(lines) > 2 and lines[2].startswith(
            "# This file is automatically generated by Racc"
        )
    if extension == ".java":
        return first.startswith(
            ("/* The following code was generated by JFlex ",
             "// This is a generated file. Not intended for manual editing.")
        ) or _any_in(lines, 2, "This file is generated by jOOQ.")  # fmt: skip
    if extension == ".dart":
        return re.search(r"generated code\W{2,3}do not modify", first.lower()) is not None
    if extension.lower() in (".html", ".htm", ".xhtml"):
        return _generated_html(lines)
    return False


_HTML_GENERATOR = re.compile(
    r"<meta(?=[^>]*\bname\s*=\s*[\"']?generator)[^>]*\bcontent\s*=\s*[\"']?"
    r"(org\s+mode|j?latex2html|groff|makeinfo|texi2html|ronn)\b",
    re.IGNORECASE,
)


def _generated_html(lines: list[str]) -> bool:
    """pkgdown, Doxygen and documentation generators' HTML (generated_html?), simplified."""
    if any("<!-- Generated by pkgdown: do not edit by hand -->" in line for line in lines[:2]):
        return True
    if len(lines) > 2 and lines[2].startswith("<!-- This is an automatically generated file."):
        return True
    head = " ".join(lines[:31])
    if re.search(r"<!--\s+Generated by Doxygen\s+[.0-9]+\s*-->", head, re.IGNORECASE):
        return True
    return _HTML_GENERATOR.search(head) is not None
