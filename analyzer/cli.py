"""The `stackfit` command line: parse options, call the core, pick a renderer. No work here."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import click

from analyzer import __version__
from analyzer.analysis import analyse_skills
from analyzer.config import load_settings
from analyzer.config import override
from analyzer.errors import StackfitError
from analyzer.evidence import SkillsEvidence
from analyzer.repo import GitFailure
from analyzer.repo import open_repository

FORMATS = ("table", "json", "markdown", "csv")


def _parse_date(_context: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def _parse_aliases(
    _context: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> dict[str, tuple[str, ...]] | None:
    if not values:
        return None
    aliases: dict[str, tuple[str, ...]] = {}
    for value in values:
        name, sep, others = value.partition("=")
        if not sep or not name.strip() or not others.strip():
            raise click.BadParameter(f"{value!r}: use NAME=OTHER[,OTHER...]")
        items = tuple(item.strip() for item in others.split(",") if item.strip())
        aliases[name.strip()] = aliases.get(name.strip(), ()) + items
    return aliases


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="stackfit")
def cli() -> None:
    """stackfit: which backend stack should our next service use? Evidence from git history."""


@cli.command()
@click.argument("path", default=".", type=click.Path(file_okay=True, dir_okay=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file instead of standard output.",
)
@click.option("--rev", default="HEAD", show_default=True, help="Revision whose history to read.")
@click.option("--since", help="Only commits after this date (any date git understands).")
@click.option("--until", help="Only commits before this date.")
@click.option(
    "--include-merges/--no-merges",
    default=None,
    help="Count merge commits too.  [default: no-merges]",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Leave out paths matching this gitignore-style glob (repeatable).",
)
@click.option(
    "--bot",
    "bots",
    multiple=True,
    metavar="PATTERN",
    help="Treat authors whose name or email matches this glob as bots (repeatable).",
)
@click.option(
    "--alias",
    "aliases",
    multiple=True,
    metavar="NAME=OTHER,...",
    callback=_parse_aliases,
    help="Merge these names or emails into one person.",
)
@click.option(
    "--active-days",
    type=click.IntRange(min=1),
    help="A person is active with a commit in this many days.  [default: 180]",
)
@click.option(
    "--half-life-days",
    type=click.FloatRange(min=1),
    help="Days after which an unused skill counts half.  [default: 365]",
)
@click.option(
    "--bulk-min-lines",
    type=click.IntRange(min=1),
    help="A commit this large (and --bulk-min-files wide) is down-weighted.  [default: 1000]",
)
@click.option(
    "--bulk-min-files",
    type=click.IntRange(min=1),
    help="Files a bulk commit touches at least.  [default: 20]",
)
@click.option(
    "--as-of",
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="Compute recency and activity as of this date.  [default: today]",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read settings from this file instead of the repository's own.",
)
def skills(path: str, output_format: str, output: str | None, rev: str, config_path: Path | None,
           **options: Any) -> None:  # fmt: skip
    """Who on the team knows which language, how deeply, how recently, and the truck factors.

    PATH is a git repository (a work tree or a bare repository); the default is the current one.
    Settings come from `.stackfit.toml` or `[tool.stackfit]` in the repository's pyproject.toml;
    options given here win.
    """
    repo = open_repository(path, rev)
    settings = override(load_settings(repo, config_path), **options)
    evidence = _with_progress(lambda progress: analyse_skills(repo, settings, progress))
    for warning in evidence.history.warnings:
        click.echo(f"stackfit: warning: {warning}", err=True)
    _emit(evidence, output_format, output)


def _with_progress(
    work: Callable[[Callable[[int], None] | None], SkillsEvidence],
) -> SkillsEvidence:
    """Run WORK with a commit counter on stderr when stderr is a terminal."""
    if not sys.stderr.isatty():
        return work(None)
    from rich.console import Console  # rich takes ~70 ms to import: only for a person

    with Console(stderr=True).status("reading history…") as status:
        return work(lambda count: status.update(f"reading history… {count:,} commits"))


def _emit(evidence: SkillsEvidence, output_format: str, output: str | None) -> None:
    # Renderers load on demand: the machine formats (CI, hooks) never import rich.
    if output_format == "table":
        from rich.console import Console

        from analyzer.report import terminal

        if output is None:
            terminal.render(evidence, Console())
            return
        with _atomic_text(Path(output)) as handle:
            terminal.render(evidence, Console(file=handle, width=120, color_system=None))
        return
    from analyzer.report import csv_report
    from analyzer.report import json_report
    from analyzer.report import markdown_report

    renderers = {
        "json": json_report.render,
        "markdown": markdown_report.render,
        "csv": csv_report.render,
    }
    text = renderers[output_format](evidence)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    with _atomic_text(Path(output)) as handle:
        handle.write(text)


@contextmanager
def _atomic_text(target: Path) -> Iterator[Any]:
    """Write TARGET whole or not at all: a temporary file beside it, renamed into place.

    Only a regular file is replaced that way; a device, pipe or terminal (`-o /dev/null`,
    `-o /dev/stdout`) is written to directly, and a symlink is followed, never replaced.
    """
    target = target.resolve() if target.is_symlink() else target
    if target.exists() and not target.is_file():
        with target.open("w", encoding="utf-8", newline="") as handle:
            yield handle
        return
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise StackfitError(f"cannot write {target}: no such folder", "create the folder first")
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> None:
    """Entry point: bad input is one line on stderr and exit code 2, never a traceback."""
    try:
        cli.main(args=argv, prog_name="stackfit", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("stackfit: interrupted", err=True)
        sys.exit(130)
    except StackfitError as error:
        click.echo(f"stackfit: error: {error}", err=True)
        sys.exit(2)
    except GitFailure as failure:
        click.echo(f"stackfit: error: {failure}; check the repository with `git fsck`", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("stackfit: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except Exception as error:  # a bug: say so in one line; STACKFIT_DEBUG=1 shows the traceback
        if os.environ.get("STACKFIT_DEBUG"):
            raise
        click.echo(
            f"stackfit: internal error: {type(error).__name__}: {error}; "
            "rerun with STACKFIT_DEBUG=1 and report it",
            err=True,
        )
        sys.exit(2)
    sys.exit(0)
