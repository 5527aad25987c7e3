"""`stackfit recommend`: rank backend stacks; the use case is recommend.ask.rank_sources."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import click

from analyzer.cli.options import format_option
from analyzer.cli.options import history_options
from analyzer.cli.options import needs_options
from analyzer.cli.options import output_option
from analyzer.cli.options import quiet_option
from analyzer.cli.options import team_options
from analyzer.cli.output import emit_table
from analyzer.cli.output import emit_text
from analyzer.cli.output import warn
from analyzer.config import Reading
from analyzer.team.sources import TeamSources

if TYPE_CHECKING:
    from analyzer.recommend.ask import Question

FORMATS = ("table", "json", "markdown")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(file_okay=True, dir_okay=True))
@needs_options
@click.option(
    "--without",
    multiple=True,
    metavar="PERSON",
    help="What if this person left? A name, email or id (repeatable).",
)
@click.option(
    "--hire",
    "hires",
    multiple=True,
    metavar="STACK:N",
    help="What if N proficient people were hired for STACK? (repeatable)",
)
@click.option("--explain", is_flag=True, help="Show every criterion's evidence for every stack.")
@format_option(FORMATS)
@output_option()
@history_options
@team_options
@quiet_option
def recommend(question: Question, without: tuple[str, ...], hires: tuple[str, ...],
              explain: bool, output_format: str, output: str | None, reading: Reading,
              sources: TeamSources, quiet: bool) -> None:  # fmt: skip
    """Rank backend stacks for a new service, every point traced to a fact.

    Needs come from --needs, --service FILE, or [service] in the repository's config; the
    output says which. Criteria: team_fit, needs_fit, performance_fit, hiring,
    operational_fit, and a risk penalty; --explain shows the evidence behind each.
    Several PATHS (or --repos-from, --discover, --evidence) are ranked for one team.
    """
    from analyzer.cli.progress import watch
    from analyzer.recommend.ask import rank_sources

    question = replace(question, without=without, hires=hires)
    evidence, ranking, _, _ = rank_sources(
        sources, reading, question, warn=warn, watch=watch(quiet)
    )
    if output_format == "table":
        from analyzer.report.recommend import terminal as recommend_terminal

        emit_table(
            lambda console: recommend_terminal.render(evidence, ranking, console, explain=explain),
            output,
        )
    elif output_format == "json":
        from analyzer.report.recommend import json as recommend_json

        emit_text(recommend_json.render(evidence, ranking), output)
    else:
        from analyzer.report.recommend import markdown as recommend_markdown

        emit_text(recommend_markdown.render(evidence, ranking), output)  # a document: all evidence
