"""`stackfit scan`: what the code is and does; the use case is code.scan.scan_path."""

from __future__ import annotations

from pathlib import Path

import click

from analyzer.cli.options import config_option
from analyzer.cli.options import exclude_option
from analyzer.cli.options import format_option
from analyzer.cli.options import jobs_option
from analyzer.cli.options import output_option
from analyzer.cli.options import quiet_option
from analyzer.cli.options import rev_option
from analyzer.cli.output import emit_table
from analyzer.cli.output import emit_text
from analyzer.cli.output import warn
from analyzer.cli.output import warned_on_screen
from analyzer.code.document import DEFAULT_MAX_FILE_BYTES

FORMATS = ("table", "json", "markdown")
MAX_FILE_BYTES_LIMIT = 1 << 31


@click.command()
@click.argument("path", default=".", type=click.Path(file_okay=True, dir_okay=True))
@format_option(FORMATS)
@output_option()
@rev_option("Revision whose tree to read.")
@exclude_option()
@click.option(
    "--max-file-bytes",
    type=click.IntRange(min=1, max=MAX_FILE_BYTES_LIMIT),
    default=DEFAULT_MAX_FILE_BYTES,
    show_default=True,
    help="Skip files larger than this.",
)
@jobs_option("Parser processes.")
@config_option("Read settings (exclude) from this file instead of the repository's own.")
@quiet_option
def scan(path: str, output_format: str, output: str | None, rev: str, exclude: tuple[str, ...],
         max_file_bytes: int, jobs: int | None, config_path: Path | None,
         quiet: bool) -> None:  # fmt: skip
    """What the code is and does: languages, frameworks, constructs and workload kinds.

    Reads the tree of REV (work trees and bare repositories alike) through git: manifests,
    tree-sitter imports and constructs, matched against stackfit's framework catalog.
    """
    from analyzer.cli.progress import watch
    from analyzer.code.scan import ScanSettings
    from analyzer.code.scan import scan_path

    settings = ScanSettings(exclude, max_file_bytes, jobs)
    evidence = scan_path(path, rev, config_path, settings, warn=warn, watch=watch(quiet))
    if output_format == "table":
        from analyzer.report.scan import terminal as scan_terminal

        shown = not warned_on_screen(output)
        emit_table(
            lambda console: scan_terminal.render(evidence, console, show_warnings=shown), output
        )
        return
    from analyzer.report.scan import text as scan_report

    render = scan_report.render_json if output_format == "json" else scan_report.render_markdown
    emit_text(render(evidence), output)
