"""The ``fedlocal`` command: a thin layer over the gametheory library."""

from __future__ import annotations

import click

from gametheory.cli.commands.compare import compare
from gametheory.cli.commands.derive import derive
from gametheory.cli.commands.exercise import exercise
from gametheory.cli.commands.export import export
from gametheory.cli.commands.fit import fit
from gametheory.cli.commands.games import games, show, validate
from gametheory.cli.commands.handout import handout
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
    _allow_long_integers()


def _allow_long_integers() -> None:
    """Let every printer (sympy's included) write integers as long as fedlocal's own limits allow.

    Python refuses to convert integers of more than 4,300 digits to text, as a guard against
    slow conversions of untrusted input. fedlocal bounds its numbers itself (docs/reference/
    limits.md), so the command raises Python's limit to just above its own largest number.
    """
    # Imported on use, for start-up speed.
    import sys

    # Imported on use, for start-up speed.
    from gametheory.limit_values import MAX_VALUE_DIGITS

    if hasattr(sys, "set_int_max_str_digits"):
        current = sys.get_int_max_str_digits()
        if current and current < 2 * MAX_VALUE_DIGITS:
            sys.set_int_max_str_digits(2 * MAX_VALUE_DIGITS)


for command in (games, show, solve, derive, tree, repeated, compare, sweep, plot, export, validate):
    cli.add_command(command)
cli.add_command(handout)
cli.add_command(exercise)
cli.add_command(fit)

if __name__ == "__main__":  # python -m gametheory.cli.main
    cli()
