"""Signs that an author's commits are automated: few subject templates, one file set, one clock.

A release script or a translation sync writes the same subject with other numbers, names and
versions each time; a person varies. Per author the fold keeps a few plain values (a list, so
that the cache stores it like the other tallies) and merges two folds' values exactly: the
result never depends on how the history was split between a cached fold and new commits.
Suspects are only listed: the user confirms them with `bots` in the config.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

from analyzer.git.log import Commit

SUSPECT_MIN_COMMITS = 20  # fewer commits in one template, file set or clock time prove nothing
TEMPLATE_SHARE = 0.9  # the most common template's share of commits that alone makes a suspect
# With one file set or one clock time, a template that covers this share is enough: a person
# who always edits one file (a changelog, a translation) but writes each message is no suspect.
SHARED_TEMPLATE_SHARE = 0.5
# A handful of templates that cover nearly every commit: a workflow with a few steps.
FEW_TEMPLATES = 3
FEW_TEMPLATES_SHARE = 0.95
# More distinct templates than this: someone writes by hand under this identity; the count
# stops, and it is never suspected (a suspect of n commits has at most 1 + n/10 of them, so
# the rules are exact up to 490 commits; past that, 50 hand-written subjects are a person's).
MAX_TEMPLATES = 50
MAX_SHOWN_TEMPLATE_CHARS = 80

# Parts of a subject that change from one run of a script to the next, replaced in this order:
# a quoted or bracketed part is one name whatever it holds; then paths and addresses; then a
# sha before a number; a version keeps its "v" prefix ("to v<version>"); digits inside a word
# stay (l10n, utf8). Each pattern runs only on subjects holding its characters: most hold none.
_ENCLOSED = re.compile(r""""[^"]*"|`[^`]*`|(?<!\w)'[^']*'(?!\w)|\([^()]*\)|\[[^\[\]]*\]""")
_MARKS = re.compile(r"""["'`(\[/@0-9]""")  # any of the characters the patterns start from
_PATH = re.compile(r"(?<![\w.-])[\w.-]*[/@][\w.@/-]*")
_NUMBERS = re.compile(
    r"(?P<sha>\b(?=[a-f]*[0-9])[0-9a-f]{7,64}\b)"
    r"|(?P<version>[0-9]+(?:\.[0-9]+)+(?:-[\w.]+)?)"
    r"|(?P<n>(?<![A-Za-z0-9])[0-9]+|(?<=\bv)[0-9]+)"
)
_DIGIT = re.compile(r"[0-9]")
_PLACEHOLDERS = {"sha": "<sha>", "version": "<version>", "n": "<n>"}


def _enclosed_name(match: re.Match[str]) -> str:
    text = match.group()
    return f"{text[0]}<name>{text[-1]}"


def _number(match: re.Match[str]) -> str:
    return _PLACEHOLDERS[match.lastgroup or "n"]


def message_template(subject: str) -> str:
    """SUBJECT with what a script fills in replaced: quoted and bracketed parts and paths by
    <name>, hex shas by <sha>, dotted versions by <version>, other numbers by <n>."""
    template = subject.strip()
    if _MARKS.search(template) is None:  # plain words: most people's subjects
        return template
    if '"' in template or "'" in template or "`" in template or "(" in template or "[" in template:
        template = _ENCLOSED.sub(_enclosed_name, template)
    if "/" in template or "@" in template:
        template = _PATH.sub("<name>", template)
    if _DIGIT.search(template):
        template = _NUMBERS.sub(_number, template)
    return template


def new_signs() -> list[Any]:
    """An author's signs: [commits, file sets (at most 2 kept, as checksums), times of day (at
    most 3 kept), templates with their counts (None past MAX_TEMPLATES)]."""
    return [0, set(), set(), {}]


def note_commit(signs: list[Any], commit: Commit) -> None:
    """Add COMMIT to its author's SIGNS; a sign already disproved costs nothing more."""
    signs[0] += 1
    if len(signs[1]) < 2:
        paths = "\0".join(sorted(change.path for change in commit.changes))
        signs[1].add(zlib.crc32(paths.encode()))
    if len(signs[2]) < 3:
        signs[2].add((commit.authored_at.hour, commit.authored_at.minute))
    templates = signs[3]
    if templates is not None:
        template = message_template(commit.subject)
        templates[template] = templates.get(template, 0) + 1
        if len(templates) > MAX_TEMPLATES:
            signs[3] = None


def merge_signs(mine: list[Any], other: list[Any]) -> None:
    """Add OTHER's signs (another part of the same author's history) to MINE."""
    commits, file_sets, times, templates = other
    mine[0] += commits
    mine[1] = set(sorted(mine[1] | file_sets)[:2])
    mine[2] = set(sorted(mine[2] | times)[:3])
    if mine[3] is None or templates is None:
        mine[3] = None
        return
    merged = dict(mine[3])
    for template, count in templates.items():
        merged[template] = merged.get(template, 0) + count
    mine[3] = merged if len(merged) <= MAX_TEMPLATES else None


def looks_automated(signs: list[Any]) -> str | None:
    """Why an author's commits look automated, or None.

    Of SUSPECT_MIN_COMMITS or more: one subject template over TEMPLATE_SHARE of them, or over
    SHARED_TEMPLATE_SHARE with one file set or one clock time; or FEW_TEMPLATES together over
    FEW_TEMPLATES_SHARE (a release workflow: changelog, version, generated docs).
    """
    commits, file_sets, times, templates = signs
    if commits < SUSPECT_MIN_COMMITS or not templates:
        return None
    ranked = sorted(templates.items(), key=lambda item: (-item[1], item[0]))  # ties: stable
    template, count = ranked[0]
    found = []
    if len(file_sets) == 1:
        found.append(f"all {commits} commits change the same files")
    if len(times) == 1:
        hour, minute = next(iter(times))
        found.append(f"all {commits} commits at {hour:02d}:{minute:02d}")
    share = count / commits
    if share >= TEMPLATE_SHARE or (found and share >= SHARED_TEMPLATE_SHARE):
        return "; ".join([*found, f"{count} of {commits} commits read {_shown(template)}"])
    few = ranked[:FEW_TEMPLATES]
    covered = sum(n for _, n in few)
    if covered / commits < FEW_TEMPLATES_SHARE:
        return None
    listed = ", ".join(f"{_shown(text)} ({n})" for text, n in few)
    return f"{covered} of {commits} commits read one of {len(few)} templates: {listed}"


def _shown(template: str) -> str:
    if len(template) > MAX_SHOWN_TEMPLATE_CHARS:
        template = template[: MAX_SHOWN_TEMPLATE_CHARS - 3] + "..."
    return f"'{template}'"
