"""`stackfit check`: the CI policy check; the use case is checks.run.run_check."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from analyzer.checks.policy import ERROR
from analyzer.checks.policy import SEVERITIES
from analyzer.checks.policy import fails
from analyzer.cli.options import as_of_option
from analyzer.cli.options import config_option
from analyzer.cli.options import format_option
from analyzer.cli.options import output_option
from analyzer.cli.options import quiet_option
from analyzer.cli.options import rev_option
from analyzer.cli.output import emit_text
from analyzer.cli.output import warn

if TYPE_CHECKING:
    from analyzer.checks.policy import CheckResult

FORMATS = ("text", "json", "github", "sarif", "gitlab")
EXIT_FINDINGS = 1  # a check found what its policy forbids (design.md: exit codes)


@click.command()
@click.argument("path", default=".", type=click.Path(file_okay=True, dir_okay=True))
@format_option(
    FORMATS, None, "Output format.  [default: github when GITHUB_ACTIONS=true, else text]"
)
@output_option("Write to this file instead of standard output (e.g. results.sarif).")
@click.option(
    "--diff",
    metavar="BASE..HEAD",
    help="Report only what the files added in BASE..HEAD bring in (a pull request).",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default=ERROR,
    show_default=True,
    help="Exit 1 when a finding is at or above this severity.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings fail the check.")
@click.option(
    "--init",
    is_flag=True,
    help="Accept what is in use now: write .stackfit-baseline.toml (languages, frameworks, "
    "truck factors), so that afterwards only regressions fail.",
)
@rev_option("Revision to check.")
@as_of_option()
@config_option("Read settings and [policy] from this file instead of the repository's own.")
@click.option("--no-cache", is_flag=True, help="Neither read nor update the commit cache.")
@quiet_option
def check(path: str, output_format: str | None, output: str | None, diff: str | None,
          fail_on: str, exit_zero: bool, init: bool, rev: str, as_of: date | str | None,
          config_path: Path | None,
          no_cache: bool, quiet: bool) -> None:  # fmt: skip
    """Enforce [tool.stackfit.policy] in CI: exit 1 on findings at or above --fail-on.

    Rules: stackfit/unstaffed-language (code in a language no active member is proficient
    in), stackfit/truck-factor-below-minimum (min_truck_factor), stackfit/shallow-clone (a
    warning, or an error with fail_on_shallow), stackfit/after-hours-share
    (max_after_hours_share), stackfit/service-stack-off-ranking ([service] stack against
    service_top_n and service_min_score); with --diff, stackfit/unstaffed-framework (a
    dependency the changed manifests add on a framework nobody active is proficient in).
    Languages in allowed_languages and frameworks in allowed_frameworks are accepted.

    On the whole tree, only languages that matter are judged (min_share of the code or
    min_lines lines; default 0.02 and 1000), and test fixtures, templates and examples never
    are. After --init, what the baseline lists is accepted and anything new is judged. For a
    pull request, check only what it brings in: --diff origin/main..HEAD.
    """
    from analyzer.checks.run import run_check
    from analyzer.cli.progress import watch

    result = run_check(
        path,
        rev,
        config_path,
        diff,
        no_cache,
        as_of=as_of,
        warn=warn,
        watch=watch(quiet),
        init=init,
    )
    render(result, output_format or _default_format(), output)
    if fails(result.findings, fail_on) and not exit_zero:
        sys.exit(EXIT_FINDINGS)


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def render(result: CheckResult, output_format: str, output: str | None) -> None:
    """RESULT in OUTPUT_FORMAT; on GitHub, also a summary appended to the job's page."""
    from analyzer.report.check import github as check_github
    from analyzer.report.check import gitlab as check_gitlab
    from analyzer.report.check import json as check_json
    from analyzer.report.check import sarif as check_sarif
    from analyzer.report.check import text as check_text

    renderers = {
        "text": check_text.render,
        "json": check_json.render,
        "github": check_github.render,
        "sarif": check_sarif.render,
        "gitlab": check_gitlab.render,
    }
    emit_text(renderers[output_format](result), output)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if output_format == "github" and summary_path:
        with open(summary_path, "a", encoding="utf-8") as summary:
            summary.write(check_github.summary(result))
