"""The command line: the group, the entry point's error handling, options, output; no work here."""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import Any

import click

from analyzer import __version__
from analyzer.errors import StackfitError
from analyzer.git.repository import GitFailure
from analyzer.report.safe_text import printable

EXIT_USAGE = 2  # bad usage or bad input (design.md: exit codes)
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports it


class _PipeClosed(Exception):
    """The reader of standard output went away (`| head -1`): not an error, not a finding."""


class _Interrupted(Exception):
    """Ctrl-C, past click (which would print an empty line first)."""


# Each command's module (and what it imports) loads only when that command runs or --help
# lists it: `stackfit skills` never imports the policy checks, `--version` none of them.
COMMANDS = ("cache", "check", "hook", "merge", "mine", "recommend", "report", "scan", "skills")


class _Group(click.Group):
    """Commands load on demand. click exits 1 on a closed pipe, and 1 means 'findings' here:
    hand it to main instead."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        command = getattr(importlib.import_module(f"analyzer.cli.commands.{cmd_name}"), cmd_name)
        assert isinstance(command, click.Command)
        return command

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


# Python's cycle collector runs a young collection every 700 new containers and a full one
# after about a hundred of those: a history's tallies (and a cached fold, loaded at once) are
# hundreds of thousands of containers, few in cycles. Collecting every 100,000 took a fifth
# off a warm run on laravel/framework (bench/RESULTS.md, "Commit cache on real
# repositories"); mypy's build raises it likewise.
GC_THRESHOLD = 100_000


def main(argv: list[str] | None = None) -> None:
    """Entry point: bad input is one line on stderr and exit code 2, never a traceback."""
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
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
