"""`stackfit hook guard|report`: the pre-commit hooks; the use cases are in checks.hooks."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from analyzer.checks.hooks import DEFAULT_REPORT
from analyzer.cli.options import config_option
from analyzer.cli.output import emit_text
from analyzer.cli.output import warn

EXIT_FINDINGS = 1  # the hook failed: pre-commit stops the commit


@click.group()
def hook() -> None:
    """The pre-commit hooks (see .pre-commit-hooks.yaml); run them through pre-commit."""


@hook.command("guard")
@click.argument("filenames", nargs=-1, type=click.Path())
@config_option("Read settings and [policy] from this file instead of the repository's own.")
def hook_guard(filenames: tuple[str, ...], config_path: Path | None) -> None:
    """Fail when staged new files bring in a language, or staged manifests a framework, that
    nobody active is proficient in.

    The hook's entry ends with `--`: what pre-commit appends (file names, and any `args:`) is
    never an option, so a file named `--config=x.toml` cannot change the policy.

    Also when its truck factor is under the policy's min_truck_factor. Allow a language with
    allowed_languages, a framework with allowed_frameworks, in [tool.stackfit.policy], or skip
    once: SKIP=stackfit-guard git commit.
    """
    from analyzer.checks.hooks import guard_staged
    from analyzer.report.check import text as check_text

    result = guard_staged(filenames, config_path, warn=warn)
    if result is None:
        return
    click.echo(check_text.render(result), nl=False)
    sys.exit(EXIT_FINDINGS)


@hook.command("report")
@click.option(
    "-o",
    "--output",
    default=DEFAULT_REPORT,
    show_default=True,
    help="The committed Markdown report, relative to the repository's top.",
)
@config_option("Read settings from this file instead of the repository's own.")
def hook_report(output: str, config_path: Path | None) -> None:
    """Regenerate the team-skills report; fail when it changed, as a formatter does.

    It holds what changes when the team changes: people, levels, frameworks, truck factors,
    risks and the recommendation (needs from [service] in the config or inferred from the
    code); no sha, date, commit counts or scores, and shares rounded, so ordinary commits pass.
    "Today" is HEAD's commit date and the repository is named by its folder, so the same HEAD
    writes the same file, in any clone, on any day.
    """
    from analyzer.checks.hooks import committed_report
    from analyzer.report.page.committed import render_committed
    from analyzer.report.privacy import protect

    found = committed_report(output, config_path, warn=warn)
    shown, shown_ranking = protect(found.evidence, found.ranking, b"", anonymize=False,
                                   show_emails=False)  # fmt: skip
    text = render_committed(shown, shown_ranking)
    target = found.target
    if target.is_file() and target.read_text(encoding="utf-8", errors="replace") == text:
        return
    emit_text(text, str(target))
    click.echo(f"stackfit: updated {output}; review it and stage it: git add {output}", err=True)
    sys.exit(EXIT_FINDINGS)
