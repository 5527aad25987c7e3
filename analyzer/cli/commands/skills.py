"""`stackfit skills`: who knows which language and framework; the use case is team.gather."""

from __future__ import annotations

from dataclasses import replace

import click

from analyzer.cli.options import format_option
from analyzer.cli.options import history_options
from analyzer.cli.options import output_option
from analyzer.cli.options import quiet_option
from analyzer.cli.options import team_options
from analyzer.cli.output import emit_table
from analyzer.cli.output import emit_text
from analyzer.cli.output import warn
from analyzer.cli.output import warned_on_screen
from analyzer.config import Reading
from analyzer.skills.document import SkillsEvidence
from analyzer.team.sources import TeamSources

FORMATS = ("table", "json", "markdown", "csv")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(file_okay=True, dir_okay=True))
@format_option(FORMATS)
@output_option()
@click.option(
    "--frameworks/--no-frameworks",
    default=None,
    help="Frameworks per person, from the imports of the files each one changed (a quick "
    "tree-sitter parse of the tree).  [default: frameworks]",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    metavar="N",
    help="Only the first N people (active first, then most commits).",
)
@click.option("--active-only", is_flag=True, help="Only people active as of today (--as-of).")
@history_options
@team_options
@quiet_option
def skills(output_format: str, output: str | None, frameworks: bool | None, top: int | None,
           active_only: bool, reading: Reading, sources: TeamSources,
           quiet: bool) -> None:  # fmt: skip
    """Who on the team knows which language and framework, how deeply and recently; truck factors.

    PATHS are git repositories (work trees or bare); the default is the current one. Several
    (or --repos-from, --discover, --evidence) are one team: people merged across them.
    Settings come from `.stackfit.toml` or `[tool.stackfit]` in each repository; options given
    here win.
    """
    from analyzer.cli.progress import watch
    from analyzer.team.gather import team_skills

    reading = replace(reading, options={**reading.options, "frameworks": frameworks})
    evidence = team_skills(sources, reading, warn=warn, watch=watch(quiet))
    if top is not None or active_only:
        from analyzer.report.skills.selection import select_people

        everyone = len(evidence.people)
        evidence = select_people(evidence, top, active_only)
        if len(evidence.people) < everyone:
            click.echo(
                f"stackfit: showing {len(evidence.people)} of {everyone} people "
                "(--top, --active-only); languages and truck factors count everyone",
                err=True,
            )
    render(evidence, output_format, output)


def render(evidence: SkillsEvidence, output_format: str, output: str | None) -> None:
    # Renderers load on demand: the machine formats (CI, hooks) never import rich.
    if output_format == "table":
        from analyzer.report.skills import terminal

        shown = not warned_on_screen(output)
        emit_table(lambda console: terminal.render(evidence, console, show_warnings=shown), output)
        return
    from analyzer.report.skills import csv as csv_report
    from analyzer.report.skills import json as json_report
    from analyzer.report.skills import markdown as markdown_report

    renderers = {
        "json": json_report.render,
        "markdown": markdown_report.render,
        "csv": csv_report.render,
    }
    emit_text(renderers[output_format](evidence), output)
