"""How imports and workload constructs look in each grammar: tree-sitter queries and token rules.

Data, like the catalog; written against the grammar wheels pinned in pyproject.toml.

Imports are read with tree-sitter queries (captures named `import` hold a module name; captures
starting with `_` only feed predicates), limited to the depth where imports live
(IMPORT_MAX_DEPTH: top level, a namespace or module block, a `try` or a function body), so the
query cursor never walks the whole tree.

Constructs are counted by CONSTRUCT_RULES: a fast literal search finds each candidate word in
the bytes (with what must follow it), and the syntax tree confirms it: the smallest node at the
word must span exactly the word and be of one of the rule's node types (a keyword such as
`await`, an identifier), under the rule's parent when one is given. A word in a comment or a
string is a `comment` or `string_content` node, and `MyThread` is not `Thread`, so neither
counts. Walking the whole tree with a query costs about half a parse; confirming candidates
costs a few per cent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

# What the construct rules count, in the design's words.
CONSTRUCTS: tuple[str, ...] = (
    "async",  # async functions, await, coroutines (Kotlin suspend, C# async, Rust .await)
    "goroutines",  # Go `go` statements
    "channels",  # Go channels (types, sends, receives, select), Rust/Kotlin channel constructors
    "threads",  # threads and executors
    "promises",  # new Promise, Promise.all/race/any/allSettled
    "worker_threads",  # JavaScript Workers
    "streams",  # streaming responses and stream pipelines, reactive streams, flows
)

# Grammar key -> (module, function returning the language pointer).
GRAMMARS: Mapping[str, tuple[str, str]] = {
    "python": ("tree_sitter_python", "language"),
    "javascript": ("tree_sitter_javascript", "language"),
    "typescript": ("tree_sitter_typescript", "language_typescript"),
    "tsx": ("tree_sitter_typescript", "language_tsx"),
    "go": ("tree_sitter_go", "language"),
    "java": ("tree_sitter_java", "language"),
    "kotlin": ("tree_sitter_kotlin", "language"),
    "ruby": ("tree_sitter_ruby", "language"),
    "php": ("tree_sitter_php", "language_php"),
    "c_sharp": ("tree_sitter_c_sharp", "language"),
    "rust": ("tree_sitter_rust", "language"),
}

# Linguist language -> grammar key (TypeScript's .tsx files use the tsx grammar).
LANGUAGE_GRAMMARS: Mapping[str, str] = {
    "Python": "python",
    "JavaScript": "javascript",
    "TypeScript": "typescript",
    "Go": "go",
    "Java": "java",
    "Kotlin": "kotlin",
    "Ruby": "ruby",
    "PHP": "php",
    "C#": "c_sharp",
    "Rust": "rust",
}

# Grammar key -> the catalog's ecosystem for its imports.
GRAMMAR_ECOSYSTEMS: Mapping[str, str] = {
    "python": "python",
    "javascript": "node",
    "typescript": "node",
    "tsx": "node",
    "go": "go",
    "java": "java",
    "kotlin": "java",
    "ruby": "ruby",
    "php": "php",
    "c_sharp": "dotnet",
    "rust": "rust",
}

_PYTHON = """
(import_statement name: (dotted_name) @import)
(import_statement name: (aliased_import name: (dotted_name) @import))
(import_from_statement module_name: (dotted_name) @import)
"""

_JAVASCRIPT = """
(import_statement source: (string (string_fragment) @import))
(export_statement source: (string (string_fragment) @import))
(call_expression function: (identifier) @_require
  arguments: (arguments . (string (string_fragment) @import))
  (#eq? @_require "require"))
(call_expression function: (import) arguments: (arguments . (string (string_fragment) @import)))
"""

_GO = """
(import_spec path: (interpreted_string_literal (interpreted_string_literal_content) @import))
"""

_JAVA = """
(import_declaration [(scoped_identifier) (identifier)] @import)
"""

_KOTLIN = """
(import (qualified_identifier) @import)
"""

_RUBY = """
(call method: (identifier) @_require arguments: (argument_list . (string (string_content) @import))
  (#eq? @_require "require"))
"""

_PHP = """
(namespace_use_declaration (namespace_use_clause [(qualified_name) (name)] @import))
(namespace_use_declaration (namespace_name) @import body: (namespace_use_group))
"""

_C_SHARP = """
(using_directive !name [(qualified_name) (identifier)] @import)
(using_directive name: (identifier) (qualified_name) @import)
"""

_RUST = """
(use_declaration argument: (_) @import)
(extern_crate_declaration name: (identifier) @import)
"""

QUERIES: Mapping[str, str] = {
    "python": _PYTHON,
    "javascript": _JAVASCRIPT,
    "typescript": _JAVASCRIPT,
    "tsx": _JAVASCRIPT,
    "go": _GO,
    "java": _JAVA,
    "kotlin": _KOTLIN,
    "ruby": _RUBY,
    "php": _PHP,
    "c_sharp": _C_SHARP,
    "rust": _RUST,
}

# Deepest node at which an import pattern may start (the file's root is depth 0). Python: a
# `try`, `if` or function body; Go: inside an import block; JavaScript: `const x = require()`.
IMPORT_MAX_DEPTH: Mapping[str, int] = {
    "python": 3,
    "javascript": 4,
    "typescript": 4,
    "tsx": 4,
    "go": 3,
    "java": 1,
    "kotlin": 2,
    "ruby": 2,
    "php": 3,
    "c_sharp": 3,
    "rust": 3,
}

# Words every import statement of a grammar starts with, at the start of a line (after
# indentation); IMPORT_CALLS may stand anywhere in a line (`const x = require("x")`). A file
# whose last import word comes early need only be parsed that far when nothing else is wanted.
IMPORT_WORDS: Mapping[str, tuple[bytes, ...]] = {
    "python": (b"import", b"from"),
    "javascript": (b"import", b"export"),
    "typescript": (b"import", b"export"),
    "tsx": (b"import", b"export"),
    "go": (b"import",),
    "java": (b"import",),
    "kotlin": (b"import",),
    "ruby": (b"require",),
    "php": (b"use",),
    "c_sharp": (b"using", b"global"),
    "rust": (b"use", b"extern", b"pub"),
}
IMPORT_CALLS: Mapping[str, tuple[bytes, ...]] = {
    "javascript": (b"require",),
    "typescript": (b"require",),
    "tsx": (b"require",),
}


class ConstructRule(NamedTuple):
    construct: str  # one of CONSTRUCTS
    words: tuple[bytes, ...]  # the token itself: a keyword or a name
    node_types: frozenset[str]  # what the tree must say the token is
    follow: bytes = b""  # a regular expression that must follow the word
    parents: frozenset[str] = frozenset()  # the token's parent node type, when it matters


def _rule(
    construct: str,
    words: str,
    node_types: tuple[str, ...],
    follow: bytes = b"",
    parents: tuple[str, ...] = (),
) -> ConstructRule:
    encoded = tuple(word.encode() for word in words.split())
    return ConstructRule(construct, encoded, frozenset(node_types), follow, frozenset(parents))


_NAME = ("identifier", "property_identifier", "type_identifier", "constant", "name")
_CALL = rb"\s*\("
_ASYNC = _rule("async", "async", ("async", "modifier"))
_AWAIT = _rule("async", "await", ("await",))

_JAVASCRIPT_RULES = (
    _ASYNC,
    _AWAIT,
    _rule("promises", "Promise", _NAME, parents=("new_expression",)),
    _rule("promises", "Promise", _NAME, rb"\s*\.\s*(?:all|allSettled|race|any)\s*\("),
    _rule("worker_threads", "Worker", _NAME, parents=("new_expression",)),
    _rule("streams", "pipeline createReadStream createWriteStream", _NAME, _CALL),
    _rule(
        "streams",
        "Readable Writable Transform Duplex ReadableStream",
        _NAME,
        parents=("new_expression",),
    ),
)

CONSTRUCT_RULES: Mapping[str, tuple[ConstructRule, ...]] = {
    "javascript": _JAVASCRIPT_RULES,
    "typescript": _JAVASCRIPT_RULES,
    "tsx": _JAVASCRIPT_RULES,
    "python": (
        _ASYNC,
        _AWAIT,
        _rule(
            "threads",
            "Thread ThreadPoolExecutor ProcessPoolExecutor run_in_executor to_thread",
            _NAME,
            _CALL,
        ),
        _rule(
            "streams",
            "StreamingResponse EventSourceResponse StreamingHttpResponse open_connection "
            "start_server",
            _NAME,
            _CALL,
        ),
    ),
    "go": (
        _rule("goroutines", "go", ("go",)),
        _rule("channels", "chan <- select", ("chan", "<-", "select")),
    ),
    "java": (
        _rule(
            "threads",
            "Thread ThreadPoolExecutor ForkJoinPool",
            _NAME,
            parents=("object_creation_expression",),
        ),
        _rule("threads", "Executors", _NAME, rb"\s*\.", parents=("method_invocation",)),
        _rule("async", "CompletableFuture", _NAME, rb"\s*\.\s*\w+\s*\("),
        _rule("async", "Async", _NAME, parents=("marker_annotation", "annotation")),
        _rule("streams", "Flux Mono Flowable", _NAME, rb"\s*<"),
    ),
    "kotlin": (
        _rule("async", "suspend", ("suspend",)),
        _rule("async", "launch async runBlocking withContext coroutineScope", _NAME, rb"\s*[({]"),
        _rule("streams", "flow callbackFlow channelFlow", _NAME, rb"\s*[({<]"),
        _rule("channels", "Channel", _NAME, rb"\s*[<(]"),
        _rule("threads", "Thread thread", _NAME, rb"\s*[({]"),
    ),
    "ruby": (
        _rule("threads", "Thread", _NAME, rb"\.new\b"),
        _rule("async", "Fiber", _NAME, rb"\.new\b"),
        _rule("async", "Async", _NAME, rb"\s*(?:do\b|\{)"),
    ),
    "php": (_rule("async", "Fiber", _NAME, _CALL),),
    "c_sharp": (
        _ASYNC,
        _AWAIT,
        _rule("threads", "Thread", _NAME, _CALL, parents=("object_creation_expression",)),
        _rule(
            "threads",
            "Task Parallel ThreadPool",
            _NAME,
            rb"\s*\.\s*(?:Run|For|ForEach|Invoke|QueueUserWorkItem)\b",
        ),
        _rule("streams", "IAsyncEnumerable", _NAME, rb"\s*<"),
    ),
    "rust": (
        _ASYNC,
        _AWAIT,
        _rule("threads", "thread", _NAME, rb"::spawn\b"),
        _rule(
            "channels",
            "channel sync_channel unbounded_channel bounded unbounded",
            _NAME,
            rb"\s*[(:<]",
            parents=("scoped_identifier",),
        ),
    ),
}
