"""The command line: the click group, option factories, output writing, progress. No work here."""

from analyzer.cli.main import main as main
