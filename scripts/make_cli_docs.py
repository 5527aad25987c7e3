"""Write docs/cli.md from the `--help` of every stackfit command, so the reference never drifts.

    python scripts/make_cli_docs.py [--output FILE]

tests/test_scripts.py checks that running it changes nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import click

from analyzer.cli import cli

PROJECT_DIR = Path(__file__).resolve().parent.parent
OUTPUT = PROJECT_DIR / "docs" / "cli.md"
WIDTH = 100  # the group's max_content_width


def _commands(group: click.Group, path: list[str]) -> list[tuple[list[str], click.Command]]:
    """Every command below GROUP, depth first in name order, the group itself first."""
    found: list[tuple[list[str], click.Command]] = [(path, group)]
    context = click.Context(group)
    for name in sorted(group.list_commands(context)):
        command = group.get_command(context, name)
        assert command is not None
        if isinstance(command, click.Group):
            found += _commands(command, [*path, name])
        else:
            found.append(([*path, name], command))
    return found


def _help(command: click.Command, path: list[str]) -> str:
    """COMMAND's help as `stackfit ... --help` prints it at WIDTH columns."""
    context = click.Context(cli, info_name="stackfit", terminal_width=WIDTH, **cli.context_settings)
    group: click.Command = cli
    for name in path[1:]:
        assert isinstance(group, click.Group)
        found = group.get_command(context, name)
        assert found is not None
        group = found
        context = click.Context(group, info_name=name, parent=context)
    return command.get_help(context)


def render() -> str:
    lines = [
        "# stackfit command reference",
        "",
        "Generated from `--help` by `scripts/make_cli_docs.py`; do not edit by hand.",
        "",
    ]
    for path, command in _commands(cli, ["stackfit"]):
        title = " ".join(path)
        lines += [f"## `{title}`", "", "```text", _help(command, path).rstrip(), "```", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    output = parser.parse_args().output
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(), encoding="utf-8")
    print(output)


if __name__ == "__main__":
    main()
