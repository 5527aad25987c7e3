"""The `stackfit` command line: parse options, call the core, pick a renderer. No work here."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

import click

from analyzer import __version__
from analyzer.checks.hooks import check_staged_names
from analyzer.checks.hooks import for_committed_report
from analyzer.checks.hooks import guard_findings
from analyzer.checks.hooks import new_files_by_language
from analyzer.checks.hooks import report_settings
from analyzer.checks.hooks import report_target
from analyzer.checks.policy import ERROR
from analyzer.checks.policy import SEVERITIES
from analyzer.checks.policy import SKIP_HINT
from analyzer.checks.policy import CheckResult
from analyzer.checks.policy import added_paths
from analyzer.checks.policy import diff_ends
from analyzer.checks.policy import evaluate
from analyzer.checks.policy import fails
from analyzer.checks.policy import files_by_language
from analyzer.checks.policy import framework_findings
from analyzer.checks.policy import new_framework_dependencies
from analyzer.config import Settings
from analyzer.config import check_number
from analyzer.config import load_settings
from analyzer.config import override
from analyzer.config import parse_day
from analyzer.errors import StackfitError
from analyzer.git.repository import GitFailure
from analyzer.git.repository import Repository
from analyzer.git.repository import open_repository
from analyzer.history.cache import CommitCache
from analyzer.history.cache import cache_dir
from analyzer.history.cache import clear_cache
from analyzer.languages.tree import Classifier
from analyzer.languages.tree import HeadTree
from analyzer.languages.tree import read_head_tree
from analyzer.recommend.profiles import NEEDS
from analyzer.recommend.scoring import CRITERIA
from analyzer.recommend.scoring import Ranking
from analyzer.recommend.scoring import Requirements
from analyzer.report.safe_text import printable
from analyzer.skills.combine import analyse_skills
from analyzer.skills.combine import commits_to_read
from analyzer.skills.document import SkillsEvidence
from analyzer.team.sources import Team
from analyzer.team.sources import TeamSources
from analyzer.team.sources import mine_team

if TYPE_CHECKING:
    from analyzer.cli.progress import ProgressDisplay
    from analyzer.code.manifests import Dependency

FORMATS = ("table", "json", "markdown", "csv")
RECOMMEND_FORMATS = ("table", "json", "markdown")
MAX_JOBS = 1024  # processes at once: more is a typo, and would exhaust the machine
quiet_option = click.option(
    "-q", "--quiet", is_flag=True, help="No progress display on stderr (shown only on a terminal)."
)


def _parse_date(_context: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_day(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _parse_day_text(
    context: click.Context, param: click.Parameter, value: str | None
) -> str | None:
    """--since/--until: a checked YYYY-MM-DD; git gets a timestamp made from it, never the text."""
    day = _parse_date(context, param, value)
    return day.isoformat() if day else None


def _check_number(_context: click.Context, param: click.Parameter, value: float | None) -> Any:
    if value is not None:
        try:
            check_number(str(param.name), value)
        except ValueError as error:
            raise click.BadParameter(str(error)) from None
    return value


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


_HISTORY_OPTIONS = [
    click.option(
        "--rev", default="HEAD", show_default=True, help="Revision whose history to read."
    ),
    click.option(
        "--since",
        callback=_parse_day_text,
        metavar="YYYY-MM-DD",
        help="Only commits from this day on (00:00 UTC).",
    ),
    click.option(
        "--until",
        callback=_parse_day_text,
        metavar="YYYY-MM-DD",
        help="Only commits before this day (00:00 UTC).",
    ),
    click.option(
        "--include-merges/--no-merges",
        default=None,
        help="Count merge commits too.  [default: no-merges]",
    ),
    click.option(
        "--exclude",
        multiple=True,
        metavar="GLOB",
        help="Leave out paths matching this gitignore-style glob (repeatable).",
    ),
    click.option(
        "--bot",
        "bots",
        multiple=True,
        metavar="PATTERN",
        help="Treat authors whose name or email matches this glob as bots (repeatable).",
    ),
    click.option(
        "--alias",
        "aliases",
        multiple=True,
        metavar="NAME=OTHER,...",
        callback=_parse_aliases,
        help="Merge these names or emails into one person.",
    ),
    click.option(
        "--active-days",
        type=int,
        callback=_check_number,
        help="A person is active with a commit in this many days.  [default: 180]",
    ),
    click.option(
        "--half-life-days",
        type=float,
        callback=_check_number,
        help="Days after which an unused skill counts half.  [default: 365]",
    ),
    click.option(
        "--bulk-min-lines",
        type=int,
        callback=_check_number,
        help="A commit this large (and --bulk-min-files wide) is down-weighted.  [default: 1000]",
    ),
    click.option(
        "--bulk-min-files",
        type=int,
        callback=_check_number,
        help="Files a bulk commit touches at least.  [default: 20]",
    ),
    click.option(
        "--as-of",
        callback=_parse_date,
        metavar="YYYY-MM-DD",
        help="Compute recency and activity as of this date.  [default: today]",
    ),
    click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Read settings from this file instead of the repository's own.",
    ),
    click.option(
        "--no-cache",
        is_flag=True,
        help="Read the whole history from git; neither read nor update the commit cache.",
    ),
]


_NEEDS_OPTIONS = [
    click.option(
        "--needs", metavar="NEED,...", help=f"What the new service must do: {', '.join(NEEDS)}."
    ),
    click.option(
        "--service",
        "service_file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="A TOML or YAML file with needs = [...] (top level or under [service]).",
    ),
    click.option(
        "--weight",
        "weights",
        multiple=True,
        metavar="CRITERION=W",
        help=f"Set one criterion's weight, 0 to 1 (repeatable): {', '.join(CRITERIA)}.",
    ),
    click.option(
        "--profiles",
        "profiles_dir",
        type=click.Path(file_okay=False, path_type=Path),
        help="Use the stack profiles in this folder instead of the bundled ones.",
    ),
]


_TEAM_OPTIONS = [
    click.option(
        "--repos-from",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Also analyse the repositories listed in this file (one path a line).",
    ),
    click.option(
        "--discover",
        type=click.Path(file_okay=False, path_type=Path),
        help="Also analyse every git repository below this folder.",
    ),
    click.option(
        "--evidence",
        "evidence_files",
        multiple=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="Also use this evidence file from `stackfit mine` or `merge` (repeatable).",
    ),
    click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1, max=MAX_JOBS),
        help="Repositories mined at once.  [default: every available CPU]",
    ),
    click.option(
        "--executor",
        default="process",
        show_default=True,
        metavar="process|dask[://HOST:PORT]",
        help="Where several repositories are mined: a process pool, or a Dask cluster.",
    ),
    click.option(
        "--strict", is_flag=True, help="Stop at a repository that cannot be read (exit 2)."
    ),
]


def _option_group(options: list[Callable[[Any], Any]]) -> Callable[[Any], Any]:
    """A decorator that applies OPTIONS in order, so commands share one declaration of them."""

    def decorate(command: Any) -> Any:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


# Options of every command that reads history (they map onto Settings), and of every command
# that ranks stacks.
history_options = _option_group(_HISTORY_OPTIONS)
needs_options = _option_group(_NEEDS_OPTIONS)
team_options = _option_group(_TEAM_OPTIONS)


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


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(file_okay=True, dir_okay=True))
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
@click.option(
    "--frameworks/--no-frameworks",
    default=None,
    help="Frameworks per person, from the imports of the files each one changed (a quick "
    "tree-sitter parse of the tree).  [default: frameworks]",
)
@history_options
@team_options
@quiet_option
def skills(paths: tuple[str, ...], output_format: str, output: str | None, rev: str,
           config_path: Path | None, no_cache: bool, quiet: bool, repos_from: Path | None,
           discover: Path | None, evidence_files: tuple[Path, ...], jobs: int | None,
           executor: str, strict: bool, **options: Any) -> None:  # fmt: skip
    """Who on the team knows which language and framework, how deeply and recently; truck factors.

    PATHS are git repositories (work trees or bare); the default is the current one. Several
    (or --repos-from, --discover, --evidence) are one team: people merged across them.
    Settings come from `.stackfit.toml` or `[tool.stackfit]` in each repository; options given
    here win.
    """
    sources = TeamSources(paths, repos_from, discover, evidence_files, jobs, executor, strict)
    if sources.several:
        reading = _Reading(rev, config_path, no_cache, options)
        frameworks = options.get("frameworks") is not False
        evidence = _mine_team(sources, reading, quiet=quiet, frameworks=frameworks).evidence
    else:
        repo = open_repository(sources.single, rev)
        settings = override(load_settings(repo, config_path), **options)
        evidence = analyse_cached(
            repo, settings, _store(repo, no_cache), quiet=quiet, frameworks=settings.frameworks
        )
    for warning in evidence.history.warnings:
        _warn(warning)
    _emit(evidence, output_format, output)


@cli.command()
@click.argument("path", default=".", type=click.Path(file_okay=True, dir_okay=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("table", "json", "markdown")),
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
@click.option("--rev", default="HEAD", show_default=True, help="Revision whose tree to read.")
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Leave out paths matching this gitignore-style glob (repeatable).",
)
@click.option(
    "--max-file-bytes",
    type=click.IntRange(min=1, max=1 << 31),
    default=1 << 20,
    show_default=True,
    help="Skip files larger than this.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1, max=MAX_JOBS),
    help="Parser processes.  [default: every available CPU]",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read settings (exclude) from this file instead of the repository's own.",
)
@quiet_option
def scan(path: str, output_format: str, output: str | None, rev: str, exclude: tuple[str, ...],
         max_file_bytes: int, jobs: int | None, config_path: Path | None,
         quiet: bool) -> None:  # fmt: skip
    """What the code is and does: languages, frameworks, constructs and workload kinds.

    Reads the tree of REV (work trees and bare repositories alike) through git: manifests,
    tree-sitter imports and constructs, matched against stackfit's framework catalog.
    """
    from analyzer.code.scan import ScanSettings
    from analyzer.code.scan import scan_repository

    repo = open_repository(path, rev)
    excluded = (*load_settings(repo, config_path).exclude, *exclude)
    with _progress(quiet) as display:
        scan_settings = ScanSettings(excluded, max_file_bytes, jobs)
        evidence = scan_repository(repo, scan_settings, display.files if display else None)
    for warning in evidence.warnings:
        _warn(warning)
    if output_format == "table":
        from analyzer.report.scan import terminal as scan_terminal

        _emit_table(lambda console: scan_terminal.render(evidence, console), output)
        return
    from analyzer.report.scan import text as scan_report

    render = scan_report.render_json if output_format == "json" else scan_report.render_markdown
    _emit_text(render(evidence), output)


@cli.command()
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
@click.option(
    "--format",
    "output_format",
    type=click.Choice(RECOMMEND_FORMATS),
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
@history_options
@team_options
@quiet_option
def recommend(paths: tuple[str, ...], needs: str | None, service_file: Path | None,
              weights: tuple[str, ...], without: tuple[str, ...], hires: tuple[str, ...],
              profiles_dir: Path | None, explain: bool, output_format: str, output: str | None,
              rev: str, config_path: Path | None, no_cache: bool, quiet: bool,
              repos_from: Path | None,
              discover: Path | None, evidence_files: tuple[Path, ...], jobs: int | None,
              executor: str, strict: bool, **options: Any) -> None:  # fmt: skip
    """Rank backend stacks for a new service, every point traced to a fact.

    Needs come from --needs, --service FILE, or [service] in the repository's config; the
    output says which. Criteria: team_fit, needs_fit, performance_fit, hiring,
    operational_fit, and a risk penalty; --explain shows the evidence behind each.
    Several PATHS (or --repos-from, --discover, --evidence) are ranked for one team.
    """
    sources = TeamSources(paths, repos_from, discover, evidence_files, jobs, executor, strict)
    reading = _Reading(rev, config_path, no_cache, options)
    question = _Question(needs, service_file, weights, profiles_dir, without, hires)
    if sources.several:
        evidence, ranking, _ = _rank_team(sources, reading, question, quiet=quiet)
    else:
        evidence, ranking, _, _ = _rank_repository(sources.single, reading, question, quiet=quiet)
    if output_format == "table":
        from analyzer.report.recommend import terminal as recommend_terminal

        _emit_table(
            lambda console: recommend_terminal.render(evidence, ranking, console, explain=explain),
            output,
        )
    elif output_format == "json":
        from analyzer.report.recommend import json as recommend_json

        _emit_text(recommend_json.render(evidence, ranking), output)
    else:
        from analyzer.report.recommend import markdown as recommend_markdown

        _emit_text(recommend_markdown.render(evidence, ranking), output)  # a document: all evidence


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(file_okay=True, dir_okay=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the evidence file here (e.g. evidence.json) instead of standard output.",
)
@click.option(
    "--scan/--no-scan",
    default=True,
    show_default=True,
    help="Also read what the code does (tree-sitter), for needs inferred from the evidence.",
)
@click.option(
    "--profiles",
    "profiles_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Stack profiles whose manifests, CI steps and images to look for.",
)
@quiet_option
@history_options
@team_options
def mine(paths: tuple[str, ...], output: str | None, scan: bool, profiles_dir: Path | None,
         quiet: bool, rev: str, config_path: Path | None, no_cache: bool,
         repos_from: Path | None, discover: Path | None, evidence_files: tuple[Path, ...],
         jobs: int | None, executor: str, strict: bool, **options: Any) -> None:  # fmt: skip
    """The map step: write repositories' evidence (counts, no source text) as one JSON file.

    `stackfit merge` combines evidence files; `skills`, `recommend` and `report` read them
    with --evidence. Run it wherever the repositories are: one CI job per repository, say.
    """
    from analyzer.team.evidence_files import dumps

    sources = TeamSources(paths or (".",), repos_from, discover, evidence_files, jobs, executor,
                          strict)  # fmt: skip
    reading = _Reading(rev, config_path, no_cache, options)
    team = _mine_team(
        sources, reading, quiet=quiet, code=True, scan=scan, frameworks=True,
        profiles_dir=profiles_dir,
    )  # fmt: skip
    for warning in team.evidence.history.warnings:
        _warn(warning)
    _emit_text(dumps(team.mined), output)


@cli.command()
@click.argument(
    "evidence_files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the merged evidence file here instead of standard output.",
)
def merge(evidence_files: tuple[Path, ...], output: str | None) -> None:
    """The reduce step's input: combine evidence files into one (any order, any grouping).

    The same repository at the same commit is kept once.
    """
    from analyzer.team.evidence_files import dumps
    from analyzer.team.evidence_files import merge_noting
    from analyzer.team.evidence_files import read_evidence

    merged, notes = merge_noting(read_evidence(path) for path in evidence_files)
    for note in notes:
        click.echo(f"stackfit: warning: {note}", err=True)
    _emit_text(dumps(merged), output)


@dataclass(frozen=True)
class _Question:
    """What a ranking is asked: the needs, the weights, the what-ifs."""

    needs: str | None
    service_file: Path | None
    weights: tuple[str, ...]
    profiles_dir: Path | None
    without: tuple[str, ...] = ()
    hires: tuple[str, ...] = ()

    def resolve(self, settings: Settings) -> tuple[Requirements | None, dict[str, float]]:
        """Stated requirements (None: infer them) and weights, config first, options winning."""
        from analyzer.recommend.rank import check_weights  # tree-sitter loads only here
        from analyzer.recommend.rank import parse_weights
        from analyzer.recommend.rank import resolve_requirements

        requirements = resolve_requirements(self.needs, self.service_file, settings)
        weights = {**check_weights(settings.weights, settings.source),
                   **parse_weights(self.weights)}  # fmt: skip
        return requirements, weights


@dataclass(frozen=True)
class _Reading:
    """How history is read: the revision, the config, the cache, the history options."""

    rev: str
    config_path: Path | None
    no_cache: bool
    options: dict[str, Any]


def _rank_repository(
    path: str, reading: _Reading, question: _Question, *, quiet: bool = False
) -> tuple[SkillsEvidence, Ranking, Settings, Repository]:
    """One repository's evidence and ranking, through the commit cache, warnings on stderr."""
    from analyzer.recommend.rank import recommend as rank_stacks

    repo = open_repository(path, reading.rev)
    settings = override(load_settings(repo, reading.config_path), **reading.options)
    requirements, weights = question.resolve(settings)
    store = CommitCache(repo) if not reading.no_cache else None

    with _progress(quiet, _commit_counter(repo, settings)) as display:
        evidence, ranking = rank_stacks(
            repo, settings, requirements, weights=weights, without=question.without,
            hires=question.hires, profiles_dir=question.profiles_dir, cache=store,
            on_progress=display.commits if display else None,
            on_scan_progress=display.files if display else None,
        )  # fmt: skip
    for warning in (*evidence.history.warnings, *(store.warnings if store else ())):
        _warn(warning)
    return evidence, ranking, settings, repo


def _rank_team(
    sources: TeamSources, reading: _Reading, question: _Question, *, quiet: bool = False
) -> tuple[SkillsEvidence, Ranking, Settings]:
    """Several repositories' evidence, combined, and the ranking for the one team."""
    from analyzer.recommend.rank import rank_team
    from analyzer.recommend.rank import team_code
    from analyzer.team.sources import team_settings

    settings = team_settings(reading.config_path, reading.options)
    requirements, weights = question.resolve(settings)
    team = _mine_team(
        sources, reading, quiet=quiet, code=True, scan=requirements is None,
        profiles_dir=question.profiles_dir,
    )  # fmt: skip
    for warning in team.evidence.history.warnings:
        _warn(warning)
    ranking = rank_team(
        team.evidence, team_code(team.mined), team.settings, requirements, weights=weights,
        without=question.without, hires=question.hires, profiles_dir=question.profiles_dir,
    )  # fmt: skip
    return team.evidence, ranking, settings


REPORT_FORMATS = ("html", "markdown")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(file_okay=True, dir_okay=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(REPORT_FORMATS),
    default="html",
    show_default=True,
    help="html: one self-contained page; markdown: the same content as tables.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file (e.g. team-skills.html) instead of standard output.",
)
@needs_options
@click.option(
    "--anonymize",
    is_flag=True,
    help="Show people as pseudonyms (Person 7f3a), the same on every run for this repository.",
)
@click.option("--show-emails", is_flag=True, help="Show e-mail addresses (hidden by default).")
@quiet_option
@history_options
@team_options
def report(paths: tuple[str, ...], output_format: str, output: str | None, needs: str | None,
           service_file: Path | None, weights: tuple[str, ...], profiles_dir: Path | None,
           anonymize: bool, show_emails: bool, quiet: bool, rev: str, config_path: Path | None,
           no_cache: bool, repos_from: Path | None, discover: Path | None,
           evidence_files: tuple[Path, ...], jobs: int | None, executor: str, strict: bool,
           **options: Any) -> None:  # fmt: skip
    """The team-skills report a lead reads: one self-contained HTML page, or Markdown.

    Summary, skills heatmap, language mix, activity, punch card, truck factors, and the
    recommendation for --needs, --service, [service] in the config or the code's own workload.
    The page runs no script and makes no network request; it states its own scope. Several
    PATHS (or --repos-from, --discover, --evidence) are reported as one team.
    """
    from analyzer.report.page import html as html_report
    from analyzer.report.privacy import protect
    from analyzer.report.privacy import pseudonym_key

    sources = TeamSources(paths, repos_from, discover, evidence_files, jobs, executor, strict)
    reading = _Reading(rev, config_path, no_cache, options)
    question = _Question(needs, service_file, weights, profiles_dir)
    if sources.several:
        from analyzer.team.sources import team_key

        evidence, ranking, settings = _rank_team(sources, reading, question, quiet=quiet)
        key = team_key(evidence) if anonymize else b""
    else:
        evidence, ranking, settings, repo = _rank_repository(
            sources.single, reading, question, quiet=quiet
        )
        key = pseudonym_key(repo) if anonymize else b""  # git walks the history for the root
    shown, shown_ranking = protect(evidence, ranking, key, anonymize=anonymize,
                                   show_emails=show_emails)  # fmt: skip
    scope = html_report.Scope(settings.since, settings.until, anonymize, show_emails)
    page = html_report.build_report(shown, shown_ranking, scope)
    render = html_report.render_html if output_format == "html" else html_report.render_markdown
    _emit_text(render(page), output)


def _mine_team(
    sources: TeamSources, reading: _Reading, *, quiet: bool = False, **code: Any
) -> Team:
    """mine_team with a progress bar on a terminal; unreadable repositories are warnings."""

    def work(on_done: Callable[[int, int], None] | None) -> Team:
        return mine_team(sources, reading.rev, reading.config_path, reading.no_cache,
                         reading.options, on_done=on_done, **code)  # fmt: skip

    team = work(None) if quiet or not sys.stderr.isatty() else _with_repository_bar(work)
    for failed in team.failures:
        _warn(f"skipped {failed.facts.path}: {failed.error}")
    return team


def _with_repository_bar(work: Callable[[Callable[[int, int], None] | None], Team]) -> Team:
    from rich.progress import Progress

    with Progress(console=_stderr_console(), transient=True) as progress:
        task = progress.add_task("mining repositories", total=None)
        return work(lambda done, total: progress.update(task, completed=done, total=total))


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _store(repo: Repository, no_cache: bool) -> CommitCache | None:
    return None if no_cache else CommitCache(repo)


def analyse_cached(
    repo: Repository,
    settings: Settings,
    store: CommitCache | None,
    *,
    head: HeadTree | None = None,
    quiet: bool = False,
    frameworks: bool = False,
) -> SkillsEvidence:
    """analyse_skills through the commit cache STORE (None: --no-cache); cache trouble is one
    warning line, never fatal.

    HEAD, when the caller has read the tree already, is not read again. FRAMEWORKS: only the
    commands that show frameworks per person pay for reading them.
    """
    with _progress(quiet, _commit_counter(repo, settings)) as display:
        progress = display.commits if display else None
        evidence = analyse_skills(repo, settings, progress, store, head=head, frameworks=frameworks)
    if store is not None and head is not None:
        store.save_known_blobs(head)  # a finished result read no blob: the tree may have
    for warning in store.warnings if store is not None else ():
        _warn(warning)
    return evidence


@cli.group()
def cache() -> None:
    """The commit cache that makes repeated runs read only new commits."""


@cache.command("clear")
def cache_clear() -> None:
    """Delete every cached commit (all repositories); the next run reads git in full."""
    folder = cache_dir()
    removed = clear_cache(folder)
    click.echo(f"stackfit: removed {removed} cache files from {folder}")


CHECK_FORMATS = ("text", "json", "github", "sarif", "gitlab")
EXIT_FINDINGS = 1  # a check found what its policy forbids (design.md: exit codes)


@cli.command()
@click.argument("path", default=".", type=click.Path(file_okay=True, dir_okay=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(CHECK_FORMATS),
    help="Output format.  [default: github when GITHUB_ACTIONS=true, else text]",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file instead of standard output (e.g. results.sarif).",
)
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
@click.option("--rev", default="HEAD", show_default=True, help="Revision to check.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read settings and [policy] from this file instead of the repository's own.",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor update the commit cache.")
@quiet_option
def check(path: str, output_format: str | None, output: str | None, diff: str | None,
          fail_on: str, exit_zero: bool, rev: str, config_path: Path | None,
          no_cache: bool, quiet: bool) -> None:  # fmt: skip
    """Enforce [tool.stackfit.policy] in CI: exit 1 on findings at or above --fail-on.

    Rules: stackfit/unstaffed-language (code in a language no active member is proficient
    in), stackfit/truck-factor-below-minimum (min_truck_factor), stackfit/shallow-clone (a
    warning, or an error with fail_on_shallow), stackfit/after-hours-share
    (max_after_hours_share), stackfit/service-stack-off-ranking ([service] stack against
    service_top_n and service_min_score); with --diff, stackfit/unstaffed-framework (a
    dependency the changed manifests add on a framework nobody active is proficient in).
    Languages in allowed_languages and frameworks in allowed_frameworks are accepted.
    """
    repo = open_repository(path, rev)
    settings = load_settings(repo, config_path)
    added = added_paths(repo, diff) if diff else None
    new_frameworks: dict[str, list[Dependency]] = {}
    if diff and settings.frameworks:  # what a pull request's manifests add
        changed = added_paths(repo, diff, changed="AM")
        new_frameworks, warnings = new_framework_dependencies(repo, changed, *diff_ends(repo, diff))
        for warning in warnings:
            _warn(warning)
    store = _store(repo, no_cache)
    head = read_head_tree(repo, known=store.known_blobs() if store is not None else None)
    evidence = analyse_cached(
        repo, settings, store, head=head, quiet=quiet, frameworks=bool(new_frameworks)
    )
    for warning in evidence.history.warnings:
        if not warning.startswith("shallow clone"):  # a finding of its own
            _warn(warning)
    scope = f"files added in {diff}" if diff else f"every file at {rev}"
    languages = files_by_language(head, Classifier(head, settings.exclude), added)
    findings = evaluate(evidence, settings.policy, languages)
    findings += framework_findings(evidence, settings.policy, new_frameworks)
    if settings.service_stack and settings.policy.judges_service:
        from analyzer.checks.policy import service_stack_finding
        from analyzer.recommend.rank import rank_evidence  # loads the scan: only when needed

        with _progress(quiet) as display:
            progress = display.files if display else None
            ranking = rank_evidence(repo, settings, evidence, head, on_scan_progress=progress)
        finding = service_stack_finding(settings.service_stack, ranking, settings.policy)
        findings += [finding] if finding else []
    result = CheckResult(findings, repo.head, scope, _policy_file(settings))
    _emit_check(result, output_format or _default_check_format(), output)
    if fails(result.findings, fail_on) and not exit_zero:
        sys.exit(EXIT_FINDINGS)


def _policy_file(settings: Settings) -> str | None:
    """The repository file that holds the policy, where repository-wide findings point."""
    for name in (".stackfit.toml", "pyproject.toml"):
        if settings.source.startswith(name):
            return name
    return None


def _default_check_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _emit_check(result: CheckResult, output_format: str, output: str | None) -> None:
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
    _emit_text(renderers[output_format](result), output)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if output_format == "github" and summary_path:
        with open(summary_path, "a", encoding="utf-8") as summary:
            summary.write(check_github.summary(result))


@cli.group()
def hook() -> None:
    """The pre-commit hooks (see .pre-commit-hooks.yaml); run them through pre-commit."""


@hook.command("guard")
@click.argument("filenames", nargs=-1, type=click.Path())
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read settings and [policy] from this file instead of the repository's own.",
)
def hook_guard(filenames: tuple[str, ...], config_path: Path | None) -> None:
    """Fail when staged new files bring in a language, or staged manifests a framework, that
    nobody active is proficient in.

    The hook's entry ends with `--`: what pre-commit appends (file names, and any `args:`) is
    never an option, so a file named `--config=x.toml` cannot change the policy.

    Also when its truck factor is under the policy's min_truck_factor. Allow a language with
    allowed_languages, a framework with allowed_frameworks, in [tool.stackfit.policy], or skip
    once: SKIP=stackfit-guard git commit.
    """
    repo = open_repository(".")
    check_staged_names(repo, filenames)
    settings = load_settings(repo, config_path)
    store = CommitCache(repo)
    head = read_head_tree(repo, known=store.known_blobs())
    new_files = new_files_by_language(head, settings, filenames)
    new_frameworks: dict[str, list[Dependency]] = {}
    if settings.frameworks:
        new_frameworks, warnings = new_framework_dependencies(repo, filenames, repo.head, "")
        for warning in warnings:
            _warn(warning)
    if not new_files and not new_frameworks:
        store.save_known_blobs(head)
        return  # nothing new: no history to read
    evidence = analyse_cached(
        repo, settings, store, head=head, quiet=True, frameworks=bool(new_frameworks)
    )
    findings = [
        *guard_findings(evidence, settings.policy, new_files),
        *framework_findings(evidence, settings.policy, new_frameworks, SKIP_HINT),
    ]
    if not findings:
        return
    from analyzer.report.check import text as check_text

    result = CheckResult(findings, repo.head, "files this commit adds")
    click.echo(check_text.render(result), nl=False)
    sys.exit(EXIT_FINDINGS)


@hook.command("report")
@click.option(
    "-o",
    "--output",
    default="TEAM-SKILLS.md",
    show_default=True,
    help="The committed Markdown report, relative to the repository's top.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read settings from this file instead of the repository's own.",
)
def hook_report(output: str, config_path: Path | None) -> None:
    """Regenerate the team-skills report; fail when it changed, as a formatter does.

    The report is `stackfit report --format markdown`'s, needs from [service] in the config or
    inferred from the code. "Today" is HEAD's commit date and the repository is named by its
    folder, so the same HEAD writes the same file, in any clone, on any day.
    """
    from analyzer.recommend.rank import check_weights
    from analyzer.recommend.rank import recommend as rank_stacks
    from analyzer.recommend.rank import resolve_requirements
    from analyzer.report.page import html as html_report
    from analyzer.report.privacy import protect

    repo = open_repository(".")
    settings = report_settings(repo, load_settings(repo, config_path))
    store = CommitCache(repo)
    evidence, ranking = rank_stacks(
        repo, settings, resolve_requirements(None, None, settings),
        weights=check_weights(settings.weights, settings.source), cache=store,
    )  # fmt: skip
    for warning in store.warnings:
        _warn(warning)
    shown, shown_ranking = protect(for_committed_report(evidence, repo), ranking, b"",
                                   anonymize=False, show_emails=False)  # fmt: skip
    scope = html_report.Scope(settings.since, settings.until)
    text = html_report.render_markdown(html_report.build_report(shown, shown_ranking, scope))
    target = report_target(repo, output)
    if target.is_file() and target.read_text(encoding="utf-8", errors="replace") == text:
        return
    _emit_text(text, str(target))
    click.echo(f"stackfit: updated {output}; review it and stage it: git add {output}", err=True)
    sys.exit(EXIT_FINDINGS)


@contextmanager
def _progress(
    quiet: bool, count_commits: Callable[[], int | None] | None = None
) -> Iterator[ProgressDisplay | None]:
    """Progress bars on stderr for a person at a terminal; None when quiet or machine-read.

    Hooks pass quiet: pre-commit gives them a pseudo-terminal, but collects what they print.
    """
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from analyzer.cli.progress import ProgressDisplay  # rich takes ~70 ms to import

    with ProgressDisplay(count_commits) as display:
        yield display


def _commit_counter(repo: Repository, settings: Settings) -> Callable[[], int | None]:
    """The progress bar's total: asked only once commits are read, and only by a display."""

    def count() -> int | None:
        try:
            return commits_to_read(repo, settings)
        except GitFailure:  # the history reader reports what git cannot read
            return None

    return count


def _warn(text: str) -> None:
    """A warning on stderr: repository text (names, paths, git's words) made printable."""
    click.echo(f"stackfit: warning: {printable(text)}", err=True)


def _emit(evidence: SkillsEvidence, output_format: str, output: str | None) -> None:
    # Renderers load on demand: the machine formats (CI, hooks) never import rich.
    if output_format == "table":
        from analyzer.report.skills import terminal

        _emit_table(lambda console: terminal.render(evidence, console), output)
        return
    from analyzer.report.skills import csv as csv_report
    from analyzer.report.skills import json as json_report
    from analyzer.report.skills import markdown as markdown_report

    renderers = {
        "json": json_report.render,
        "markdown": markdown_report.render,
        "csv": csv_report.render,
    }
    _emit_text(renderers[output_format](evidence), output)


def _emit_table(render: Callable[[Any], None], output: str | None) -> None:
    """Print a rich view to the terminal, or plain (no colour, 120 columns) to OUTPUT."""
    from analyzer.cli.output import output_file
    from analyzer.cli.output import pipe_safe_console

    if output is None:
        render(pipe_safe_console())
        return
    with output_file(output) as handle:
        render(pipe_safe_console(file=handle, width=120, color_system=None))


def _emit_text(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from analyzer.cli.output import output_file

    with output_file(output) as handle:
        handle.write(text)


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
        click.echo(f"stackfit: error: {printable(str(error))}", err=True)
        sys.exit(2)
    except GitFailure as failure:
        click.echo(
            f"stackfit: error: {printable(str(failure))}; check the repository with `git fsck`",
            err=True,
        )
        sys.exit(2)
    except (KeyboardInterrupt, _Interrupted):
        click.echo("stackfit: interrupted", err=True)
        sys.exit(130)
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
        sys.exit(2)
    sys.exit(0)
