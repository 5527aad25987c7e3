"""`stackfit mine`: the map step's evidence file; the use case is team.gather.mine_evidence."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from analyzer.cli.options import history_options
from analyzer.cli.options import output_option
from analyzer.cli.options import quiet_option
from analyzer.cli.options import team_options
from analyzer.cli.output import emit_text
from analyzer.cli.output import warn
from analyzer.config import Reading
from analyzer.team.sources import TeamSources


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(file_okay=True, dir_okay=True))
@output_option("Write the evidence file here (e.g. evidence.json) instead of standard output.")
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
def mine(output: str | None, scan: bool, profiles_dir: Path | None, quiet: bool,
         reading: Reading, sources: TeamSources) -> None:  # fmt: skip
    """The map step: write repositories' evidence (counts, no source text) as one JSON file.

    `stackfit merge` combines evidence files; `skills`, `recommend` and `report` read them
    with --evidence. Run it wherever the repositories are: one CI job per repository, say.
    """
    from analyzer.cli.progress import watch
    from analyzer.recommend.rank import CodeReader
    from analyzer.team.evidence_files import dumps
    from analyzer.team.gather import mine_evidence

    if not sources.paths:
        sources = replace(sources, paths=(".",))
    read_code = CodeReader(profiles_dir, scan=scan)
    mined = mine_evidence(sources, reading, read_code=read_code, warn=warn, watch=watch(quiet))
    emit_text(dumps(mined), output)
