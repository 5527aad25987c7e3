"""`stackfit cache`: the commit cache's own commands."""

from __future__ import annotations

import click


@click.group()
def cache() -> None:
    """The commit cache that makes repeated runs read only new commits."""


@cache.command("clear")
def cache_clear() -> None:
    """Delete every cached commit (all repositories); the next run reads git in full."""
    from analyzer.history.cache import cache_dir
    from analyzer.history.cache import clear_cache

    folder = cache_dir()
    removed = clear_cache(folder)
    click.echo(f"stackfit: removed {removed} cache files from {folder}")
