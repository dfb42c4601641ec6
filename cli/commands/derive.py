"""``fedlocal derive``: equilibrium conditions, closed forms and comparative statics."""

from __future__ import annotations

import click

from gametheory.cli.params import SCENARIO, domain_errors, format_option, set_option

__all__ = ["derive"]


@click.command()
@click.argument("scenario", type=SCENARIO)
@set_option
@format_option("table", "json", "latex")
@click.option("--explain", is_flag=True, help="Show the derivation step by step.")
def derive(
    scenario: str, assignments: tuple[tuple[str, str], ...], fmt: str, explain: bool
) -> None:
    """Derive SCENARIO's equilibria symbolically: conditions, regions, mixing formulas.

    Parameters given with --set are substituted; the others stay symbolic, known only through
    their domains and the scenario's assumptions. Comparative statics are evaluated at the
    defaults.
    """
    from gametheory import load_scenario
    from gametheory.report import derive_record, render
    from gametheory.symbolic import derive_scenario

    with domain_errors():
        sc = load_scenario(scenario)
        substituted = sc.values(dict(assignments), partial=True, label="--set")
        derivation = derive_scenario(sc, dict(assignments))
        click.echo(
            render(derive_record(derivation, sc, substituted, explain=explain), fmt), nl=False
        )
