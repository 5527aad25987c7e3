"""`stackfit report`: the team-skills report as one self-contained HTML page, or as Markdown.

Both formats render the same view (analyzer/report/page/view.py) through Jinja2 templates. The
HTML template autoescapes everything; the Markdown template escapes every interpolated value
through `markdown_cell` (its `finalize`), so names, paths and sentences from a hostile
repository are always text. The page runs no script and makes no network request, and its
Content-Security-Policy forbids both.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import jinja2

from analyzer import __version__
from analyzer.git.repository import GitFailure
from analyzer.git.repository import Repository
from analyzer.git.repository import run_git
from analyzer.report.page.view import Report
from analyzer.report.page.view import Scope as Scope
from analyzer.report.page.view import build_report as build_report
from analyzer.report.safe_text import markdown_cell

TEMPLATES = Path(__file__).resolve().parent / "templates"


_ENTITY = re.compile(r"&(?=#?\w+;)")


def _markdown_text(value: object) -> str:
    """markdown_cell, and `&lt;` kept as those four characters rather than read as `<`."""
    return _ENTITY.sub(r"\\&", markdown_cell(str(value)))


@functools.cache
def _environment(markdown: bool) -> jinja2.Environment:
    """HTML autoescapes; Markdown escapes every `{{ }}` value through markdown_cell."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=not markdown,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_markdown_text if markdown else None,
    )


def repository_name(repo: Repository) -> str:
    """What a reader calls the repository: origin's name (`flask` for
    https://github.com/pallets/flask.git), else its folder's; never an absolute local path."""
    try:
        out = run_git(repo.root, ["config", "--get", "remote.origin.url"], ok_codes=(0, 1))
    except GitFailure:
        out = b""
    url = out.decode("utf-8", "replace").strip().rstrip("/")
    name = re.split(r"[/:\\]", url)[-1] if url else repo.root.name
    if name == ".git":
        name = repo.root.parent.name
    return name.removesuffix(".git") or name


_UNSAFE_IN_NAME = re.compile(r"[^\w.-]+")


def default_file_name(name: str, output_format: str) -> str:
    """`flask-team.html`: where `stackfit report` writes without -o (a plain name: no folder,
    no leading dot, nothing a shell would read as an option)."""
    stem = _UNSAFE_IN_NAME.sub("-", name).strip(".-") or "repository"
    return f"{stem}-team.{'html' if output_format == 'html' else 'md'}"


def render_html(report: Report) -> str:
    template = _environment(False).get_template("report.html.j2")
    return template.render(report=report, version=__version__)


def render_markdown(report: Report) -> str:
    return _environment(True).get_template("report.md.j2").render(report=report)
