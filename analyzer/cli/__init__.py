"""The command line: the group, the entry point's error handling, options, output; no work here."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from analyzer import __version__
from analyzer.cli.commands.cache import cache
from analyzer.cli.commands.check import check
from analyzer.cli.commands.hook import hook
from analyzer.cli.commands.merge import merge
from analyzer.cli.commands.mine import mine
from analyzer.cli.commands.recommend import recommend
from analyzer.cli.commands.report import report
from analyzer.cli.commands.scan import scan
from analyzer.cli.commands.skills import skills
from analyzer.errors import StackfitError
from analyzer.git.repository import GitFailure
from analyzer.report.safe_text import printable

EXIT_USAGE = 2  # bad usage or bad input (design.md: exit codes)
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports it


class _PipeClosed(Exception):
    """The reader of standard output went away (`| head -1`): not an error, not a finding."""


class _Interrupted(Exception):
    """Ctrl-C, past click (which would print an empty line first)."""


class _Group(click.Group):
    """click exits 1 on a closed pipe, and 1 means 'findings' here: hand it to main instead."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise _PipeClosed from None
        except KeyboardInterrupt:
            raise _Interrupted from None


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="stackfit")
def cli() -> None:
    """stackfit: which backend stack should our next service use? Evidence from git history."""


for _command in (skills, scan, recommend, mine, merge, report, cache, check, hook):
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    """Entry point: bad input is one line on stderr and exit code 2, never a traceback."""
    try:
        cli.main(args=argv, prog_name="stackfit", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(EXIT_USAGE)
    except click.exceptions.Abort:
        click.echo("stackfit: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except StackfitError as error:
        click.echo(f"stackfit: error: {printable(str(error))}", err=True)
        sys.exit(EXIT_USAGE)
    except GitFailure as failure:
        click.echo(
            f"stackfit: error: {printable(str(failure))}; check the repository with `git fsck`",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    except (KeyboardInterrupt, _Interrupted):
        click.echo("stackfit: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except (BrokenPipeError, _PipeClosed):  # quiet, as `yes | head -1`; the rest goes nowhere
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
        sys.exit(EXIT_USAGE)
    sys.exit(0)
