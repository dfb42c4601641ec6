"""The ``fedlocal`` command: a thin layer over the gametheory library."""

from __future__ import annotations

import click

from gametheory.cli.commands.compare import compare
from gametheory.cli.commands.derive import derive
from gametheory.cli.commands.export import export
from gametheory.cli.commands.games import games, show, validate
from gametheory.cli.commands.plot import plot
from gametheory.cli.commands.repeated import repeated
from gametheory.cli.commands.solve import solve
from gametheory.cli.commands.sweep import sweep
from gametheory.cli.commands.tree import tree

__all__ = ["cli"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="fedlocal", prog_name="fedlocal")
def cli() -> None:
    """fedlocal: federal-local cooperation as games.

    Exact equilibria of bundled scenarios (`fedlocal games`) or your own scenario files.
    """


for command in (games, show, solve, derive, tree, repeated, compare, sweep, plot, export, validate):
    cli.add_command(command)
