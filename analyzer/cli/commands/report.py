"""`stackfit report`: the team-skills page; the use case is recommend.ask.rank_sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from analyzer.cli.options import format_option
from analyzer.cli.options import history_options
from analyzer.cli.options import needs_options
from analyzer.cli.options import output_option
from analyzer.cli.options import quiet_option
from analyzer.cli.options import team_options
from analyzer.cli.output import emit_text
from analyzer.cli.output import warn
from analyzer.config import Reading
from analyzer.team.sources import TeamSources

if TYPE_CHECKING:
    from analyzer.recommend.ask import Question

FORMATS = ("html", "markdown")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(file_okay=True, dir_okay=True))
@format_option(
    FORMATS, "html", "html: one self-contained page; markdown: the same content as tables."
)
@output_option(
    "Write to this file; - for standard output.  [default: <repository>-team.html (or .md) in "
    "the current folder, its path printed]"
)
@needs_options
@click.option(
    "--anonymize",
    is_flag=True,
    help="Show people as pseudonyms (Person 7f3a), the same on every run for this repository.",
)
@click.option("--show-emails", is_flag=True, help="Show e-mail addresses (hidden by default).")
@click.option(
    "--all",
    "full",
    is_flag=True,
    help="Markdown: every person, language, month and stack, not the few screens' worth.",
)
@quiet_option
@history_options
@team_options
def report(output_format: str, output: str | None, question: Question, anonymize: bool,
           show_emails: bool, full: bool, quiet: bool, reading: Reading,
           sources: TeamSources) -> None:  # fmt: skip
    """The team-skills report a lead reads: one self-contained HTML page, or Markdown.

    Summary, skills heatmap, language mix, activity, punch card, truck factors, and the
    recommendation for --needs, --service, [service] in the config or the code's own workload.
    The page runs no script and makes no network request; it states its own scope. Several
    PATHS (or --repos-from, --discover, --evidence) are reported as one team.
    """
    from analyzer.cli.progress import watch
    from analyzer.recommend.ask import rank_sources
    from analyzer.report.page import html as html_report
    from analyzer.report.privacy import protect
    from analyzer.report.privacy import pseudonym_key
    from analyzer.team.sources import team_key

    evidence, ranking, settings, repo = rank_sources(
        sources, reading, question, warn=warn, watch=watch(quiet), frameworks=True
    )
    key = b""
    if anonymize:  # for one repository, git walks the history for the root
        key = team_key(evidence) if repo is None else pseudonym_key(repo)
    shown, shown_ranking = protect(evidence, ranking, key, anonymize=anonymize,
                                   show_emails=show_emails)  # fmt: skip
    name = html_report.repository_name(repo) if repo is not None else None
    scope = html_report.Scope(settings.since, settings.until, anonymize, show_emails, full, name)
    page = html_report.build_report(shown, shown_ranking, scope)
    render = html_report.render_html if output_format == "html" else html_report.render_markdown
    target = output or html_report.default_file_name(page.name, output_format)
    emit_text(render(page), None if target == "-" else target)
    if output is None:
        click.echo(target)
