"""JSON text that is safe to print: no raw control or bidi character reaches a terminal.

json.dumps escapes C0 controls (ESC among them) always, but with ensure_ascii=False it writes
DEL, C1 controls (U+009B is a one-byte CSI), bidi overrides and line separators raw. Those are
escaped here too (\\u009b), which keeps the data exact; every other character stays readable.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from analyzer import __version__

_NOT_PLAIN_ASCII = re.compile("[\x7f-\U0010ffff]")
SCHEMA_VERSION = 1  # the data contract: keys are added freely, never renamed or dropped
UNSAFE_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")  # controls, format (bidi), line/paragraph separators


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if unicodedata.category(char) not in UNSAFE_CATEGORIES:
        return char
    return json.dumps(char)[1:-1]  # ensure_ascii: \\uXXXX, a surrogate pair above the BMP


def dumps(value: Any, **options: Any) -> str:
    """json.dumps(VALUE, ensure_ascii=False, **OPTIONS) with unsafe characters escaped."""
    return _NOT_PLAIN_ASCII.sub(_escape, json.dumps(value, ensure_ascii=False, **options))


def document_header() -> dict[str, Any]:
    """The keys every JSON document of stackfit starts with."""
    return {"schema_version": SCHEMA_VERSION, "tool": {"name": "stackfit", "version": __version__}}
