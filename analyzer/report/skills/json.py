"""`--format json`: the schema_version 1 document, stable key order, one trailing newline."""

from __future__ import annotations

from analyzer import jsontext
from analyzer.skills.document import SkillsEvidence
from analyzer.skills.document import to_json


def render(evidence: SkillsEvidence) -> str:
    return jsontext.dumps(to_json(evidence), indent=2) + "\n"
