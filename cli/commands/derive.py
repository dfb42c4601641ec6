"""``fedlocal derive``: equilibrium conditions, closed forms and comparative statics."""

from __future__ import annotations

import click

from gametheory.cli.params import SCENARIO, run_verb, set_option, verb_format_option

__all__ = ["derive"]


@click.command()
@click.argument("scenario", type=SCENARIO)
@set_option
@verb_format_option("derive")
@click.option("--explain", is_flag=True, help="Show the derivation step by step.")
def derive(
    scenario: str, assignments: tuple[tuple[str, str], ...], fmt: str, explain: bool
) -> None:
    """Derive SCENARIO's equilibria symbolically: conditions, regions, mixing formulas.

    Parameters given with --set are substituted; the others stay symbolic, known only through
    their domains and the scenario's assumptions. Comparative statics are evaluated at the
    defaults.
    """
    run_verb("derive", scenario, assignments, fmt, explain=explain)
