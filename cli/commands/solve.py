"""``fedlocal solve``: verified Nash equilibria of a scenario or a Gambit game."""

from __future__ import annotations

import click

from gametheory.cli.params import SCENARIO, run_verb, set_option, verb_format_option

__all__ = ["solve"]

#: The solver names (kept in step with gametheory.solvers.SOLVERS by a test; listed here so
#: that the command line starts without importing the solvers).
METHODS = (
    "auto",
    "exact",
    "exact_bases",
    "gambit-enumpoly",
    "lemke_howson",
    "pure",
    "support_enumeration",
    "vertex_enumeration",
)


@click.command()
@click.argument("scenario", type=SCENARIO)
@set_option
@click.option(
    "--method",
    type=click.Choice(METHODS),
    default="auto",
    show_default=True,
    help="Solver for games and trees: exact enumeration, or one of nashpy's algorithms "
    "verified exactly; games of three or more players take auto, exact, pure or "
    "gambit-enumpoly (pygambit, when installed).",
)
@verb_format_option("solve")
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="Trees: list every equilibrium, not only one line per outcome (path and payoffs).",
)
def solve(
    scenario: str,
    assignments: tuple[tuple[str, str], ...],
    method: str,
    fmt: str,
    show_all: bool,
) -> None:
    """Find every Nash equilibrium of SCENARIO, verified in exact arithmetic.

    Parameters take their defaults unless given with --set. SCENARIO is a bundled name (see
    `fedlocal games`) or a .toml, .nfg or .efg path. Model scenarios print their own results
    (table or json).
    """
    run_verb("solve", scenario, assignments, fmt, method=method, show_all=show_all)
