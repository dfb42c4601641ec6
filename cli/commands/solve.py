"""``fedlocal solve``: verified Nash equilibria of a scenario or a Gambit game."""

from __future__ import annotations

import click

from gametheory.cli.params import SCENARIO, domain_errors, format_option, set_option
from gametheory.solvers import SOLVERS

__all__ = ["solve"]


def render_model(record: dict[str, object], fmt: str) -> str:
    """JSON for a model's record; other formats are for finite games only."""
    import json

    from gametheory.exceptions import UnsupportedGameError

    if fmt != "json":
        raise UnsupportedGameError(
            f"--format {fmt} is for finite games; a {record.get('model')} model has table and json"
        )
    from gametheory.limits import json_ready

    return json.dumps(json_ready(record), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


@click.command()
@click.argument("scenario", type=SCENARIO)
@set_option
@click.option(
    "--method",
    type=click.Choice(sorted(SOLVERS)),
    default="auto",
    show_default=True,
    help="Solver: exact enumeration, or one of nashpy's algorithms verified exactly.",
)
@format_option("table", "json", "csv", "latex")
def solve(scenario: str, assignments: tuple[tuple[str, str], ...], method: str, fmt: str) -> None:
    """Find every Nash equilibrium of SCENARIO, verified in exact arithmetic.

    Parameters take their defaults unless given with --set. SCENARIO is a bundled name (see
    `fedlocal games`) or a .toml, .nfg or .efg path.
    """
    import warnings

    from gametheory import load_scenario
    from gametheory import solve as solve_game
    from gametheory.exceptions import DegenerateGameWarning
    from gametheory.report import render, solve_record

    with domain_errors():
        sc = load_scenario(scenario)
        values = sc.values(dict(assignments), label="--set")
        with warnings.catch_warnings():
            # The same finding is in the result's diagnostics, which the report prints.
            warnings.simplefilter("ignore", DegenerateGameWarning)
            if sc.model is not None and sc.game is None:
                from gametheory.models import model_module

                kind, model = sc.model
                module = model_module(kind)
                record = module.solve(sc, model, values)
                click.echo(
                    module.render(record) if fmt == "table" else render_model(record, fmt),
                    nl=False,
                )
                return
            if sc.tree is not None:
                from gametheory.report.trees import tree_solve_record
                from gametheory.solvers.trees import solve_tree

                game_tree = sc.tree.subs(values)
                game_tree.check_probabilities()
                record = tree_solve_record(solve_tree(game_tree, method=method), sc, values)
            else:
                record = solve_record(
                    solve_game(sc.normal_form.subs(values), method=method), sc, values
                )
        click.echo(render(record, fmt), nl=False)
