"""Option factories: each declares its options once and builds the value the use case takes.

`history_options` gives a command `reading` (config.Reading), `team_options` `sources`
(TeamSources, from PATHS too), `needs_options` `question` (recommend.ask.Question). Defaults
shown in help come from the constants the core uses, never typed twice.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any
from typing import TypeVar

import click

from analyzer.config import BULK_MIN_FILES
from analyzer.config import BULK_MIN_LINES
from analyzer.config import DEFAULT_ACTIVE_DAYS
from analyzer.config import DEFAULT_HALF_LIFE_DAYS
from analyzer.config import Reading
from analyzer.config import check_number
from analyzer.config import parse_as_of
from analyzer.config import parse_day
from analyzer.data.catalog import NEEDS
from analyzer.recommend.scoring import CRITERIA
from analyzer.team.sources import TeamSources

MAX_JOBS = 1024  # processes at once: more is a typo, and would exhaust the machine
DEFAULT_EXECUTOR = "process"
Decorator = Callable[[Any], Any]
_Value = TypeVar("_Value")

quiet_option = click.option(
    "-q", "--quiet", is_flag=True, help="No progress display on stderr (shown only on a terminal)."
)


def format_option(
    choices: Sequence[str], default: str | None = "table", help: str = "Output format."
) -> Decorator:
    """--format: one of CHOICES, DEFAULT shown in help (None: the help says what it is)."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=default,
        show_default=default is not None,
        help=help,
    )


def output_option(help: str = "Write to this file instead of standard output.") -> Decorator:
    """-o/--output: a file name (written whole, or not at all; see cli/output.py)."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help=help)


def rev_option(help: str) -> Decorator:
    return click.option("--rev", default="HEAD", show_default=True, help=help)


def config_option(help: str) -> Decorator:
    return click.option(
        "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help=help
    )


def jobs_option(help: str) -> Decorator:
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1, max=MAX_JOBS),
        help=f"{help}  [default: every available CPU]",
    )


def exclude_option() -> Decorator:
    return click.option(
        "--exclude",
        multiple=True,
        metavar="GLOB",
        help="Leave out paths matching this gitignore-style glob (repeatable).",
    )


def _parse_date(_context: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    return _parsed(parse_day, value)


def _parse_as_of(
    _context: click.Context, _param: click.Parameter, value: str | None
) -> date | str | None:
    return _parsed(parse_as_of, value)


def _parsed(parse: Callable[[str], _Value], value: str | None) -> _Value | None:
    """VALUE through PARSE, None when not given; PARSE's ValueError is a usage error."""
    if value is None:
        return None
    try:
        return parse(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def as_of_option() -> Decorator:
    """--as-of: the one clock of every command that judges activity (as `as_of` in config)."""
    return click.option(
        "--as-of",
        callback=_parse_as_of,
        metavar="YYYY-MM-DD|head",
        help="Compute recency and activity as of this date, or of the newest commit's (head).  "
        "[default: as_of in the config, else today]",
    )


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


def _number_option(name: str, kind: type, help: str, default: float) -> Decorator:
    return click.option(
        name, type=kind, callback=_check_number, help=f"{help}  [default: {default:g}]"
    )


# Options of every command that reads history; all but the first three map onto Settings.
_HISTORY_OPTIONS: list[Decorator] = [
    rev_option("Revision whose history to read."),
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
    exclude_option(),
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
    _number_option(
        "--active-days",
        int,
        "A person is active with a commit in this many days.",
        DEFAULT_ACTIVE_DAYS,
    ),
    _number_option(
        "--half-life-days",
        float,
        "Days after which an unused skill counts half.",
        DEFAULT_HALF_LIFE_DAYS,
    ),
    _number_option(
        "--bulk-min-lines",
        int,
        "A commit this large (and --bulk-min-files wide) is down-weighted.",
        BULK_MIN_LINES,
    ),
    _number_option(
        "--bulk-min-files", int, "Files a bulk commit touches at least.", BULK_MIN_FILES
    ),
    as_of_option(),
    config_option("Read settings from this file instead of the repository's own."),
    click.option(
        "--no-cache",
        is_flag=True,
        help="Read the whole history from git; neither read nor update the commit cache.",
    ),
]
_SETTINGS_OPTIONS = ("since", "until", "include_merges", "exclude", "bots", "aliases",
                     "active_days", "half_life_days", "bulk_min_lines", "bulk_min_files",
                     "as_of")  # fmt: skip


_NEEDS_OPTIONS: list[Decorator] = [
    click.option(
        "--needs",
        metavar="NEED,...",
        help=f"What the new service must do: {', '.join(NEEDS)}; a trailing ! (data-ml!) "
        "makes a need must-have.",
    ),
    click.option(
        "--service",
        "service_file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="A TOML or YAML file with needs = [...] and, optionally, must = [...] (top level "
        "or under [service]).",
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


_TEAM_OPTIONS: list[Decorator] = [
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
    jobs_option("CPUs used: repositories mined at once, and git processes walking each history."),
    click.option(
        "--executor",
        default=DEFAULT_EXECUTOR,
        show_default=True,
        metavar="process|dask[://HOST:PORT]",
        help="Where several repositories are mined: a process pool, or a Dask cluster.",
    ),
    click.option(
        "--strict", is_flag=True, help="Stop at a repository that cannot be read (exit 2)."
    ),
]


def _building(
    options: list[Decorator], build: Callable[[dict[str, Any]], dict[str, Any]]
) -> Decorator:
    """A decorator that declares OPTIONS and hands the command what BUILD makes of them."""

    def decorate(command: Callable[..., Any]) -> Any:
        @functools.wraps(command)
        def built(**values: Any) -> Any:
            return command(**build(values))

        for option in reversed(options):
            built = option(built)
        return built

    return decorate


def _reading(values: dict[str, Any]) -> dict[str, Any]:
    options = {name: values.pop(name) for name in _SETTINGS_OPTIONS}
    values["reading"] = Reading(
        values.pop("rev"), values.pop("config_path"), values.pop("no_cache"), options
    )
    return values


def _sources(values: dict[str, Any]) -> dict[str, Any]:
    names = ("paths", "repos_from", "discover", "evidence_files", "jobs", "executor", "strict")
    popped = [values.pop(name) for name in names]
    values["sources"] = TeamSources(*popped)
    return values


def _question(values: dict[str, Any]) -> dict[str, Any]:
    from analyzer.recommend.ask import Question  # the ranking machinery loads with the command

    popped = [values.pop(name) for name in ("needs", "service_file", "weights", "profiles_dir")]
    values["question"] = Question(*popped)
    return values


history_options = _building(_HISTORY_OPTIONS, _reading)
team_options = _building(_TEAM_OPTIONS, _sources)
needs_options = _building(_NEEDS_OPTIONS, _question)
