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
    from gametheory.exceptions import UnsupportedGameError
    from gametheory.report import derive_record, render
    from gametheory.solvers.outcomes import spe_outcomes
    from gametheory.symbolic import derive_scenario

    with domain_errors():
        sc = load_scenario(scenario)
        substituted = sc.values(dict(assignments), partial=True, label="--set")
        if sc.model is not None and sc.game is None:
            from gametheory.cli.commands.solve import render_model
            from gametheory.models import model_module

            kind, model = sc.model
            module = model_module(kind)
            if not hasattr(module, "derive"):
                raise UnsupportedGameError(
                    f"{sc.name!r} is a {kind} model without symbolic derivations; "
                    f"`fedlocal solve {sc.name}` gives its results"
                )
            record = module.derive(sc, model, dict(assignments))
            click.echo(
                module.render(record) if fmt == "table" else render_model(record, fmt), nl=False
            )
            return
        if sc.game is None:
            raise UnsupportedGameError(
                f"{sc.name!r} is a {len(sc.tree.players) if sc.tree else 0}-player tree without a strategic "
                f"form: `fedlocal tree {sc.name} --symbolic` gives its subgame-perfect equilibria and "
                "the conditions under which each holds"
            )
        derivation = derive_scenario(sc, dict(assignments))
        outcomes = ()
        if sc.tree is not None and sc.tree.perfect_information:
            outcomes = spe_outcomes(sc.tree.subs(substituted), derivation.assumptions)
        record = derive_record(derivation, sc, substituted, explain=explain, outcomes=outcomes)
        click.echo(render(record, fmt), nl=False)
