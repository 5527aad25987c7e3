"""`stackfit merge`: combine evidence files; the use case is team.evidence_files.merge_noting."""

from __future__ import annotations

from pathlib import Path

import click

from analyzer.cli.options import output_option
from analyzer.cli.output import emit_text


@click.command()
@click.argument(
    "evidence_files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path)
)
@output_option("Write the merged evidence file here instead of standard output.")
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
    emit_text(dumps(merged), output)
