"""``fedlocal plot``: a region map, an outcome against a parameter, the regime comparison, or a
cascade on its network."""

from __future__ import annotations

import click

from gametheory.cli.params import SCENARIO, domain_errors, set_option

__all__ = ["plot"]


@click.command()
@click.argument("scenario", type=SCENARIO)
@click.option(
    "--x",
    "x",
    default="delta",
    show_default=True,
    metavar="NAME",
    help="The parameter on the horizontal axis.",
)
@click.option("--y", "y", metavar="NAME", help="The parameter on the vertical axis (a map).")
@click.option(
    "--what",
    type=click.Choice(["regime", "equilibrium", "threshold", "payoff", "payoff-set", "cascade"]),
    help="regime: a map over --x and --y with exact boundaries (the default with --y); "
    "equilibrium: a strategic game's derived regions over --x and --y, by their equilibria; "
    "threshold: the best self-enforcing term against --x (the default without --y); "
    "payoff: the regime comparison at one point as a chart; "
    "payoff-set: the exact SPE payoff sets, nested, at the --delta values; "
    "cascade: a [network] model's cascade on its graph, nodes coloured by adoption round.",
)
@set_option
@click.option(
    "--delta",
    "deltas",
    multiple=True,
    metavar="VALUE",
    help="A discount factor for --what payoff-set (repeatable; default 1/4, 1/2, 3/4, 9/10).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    metavar="FILE.png|svg|pdf",
    help="The picture to write.",
)
def plot(
    scenario: str,
    x: str,
    y: str | None,
    what: str | None,
    assignments: tuple[tuple[str, str], ...],
    deltas: tuple[str, ...],
    output: str,
) -> None:
    """Draw SCENARIO: the regime map over --x and --y, an outcome against --x, or the regimes."""
    with domain_errors():
        # Imported on use, for start-up speed.
        from pathlib import Path

        # Imported on use, for start-up speed.
        from gametheory import plot as plots
        from gametheory.exceptions import GameTheoryError
        from gametheory.scenario import load_scenario

        suffix = Path(output).suffix.lower()
        if suffix not in (".png", ".svg", ".pdf"):
            raise GameTheoryError(f"-o {output}: expected a .png, .svg or .pdf file")
        what = what or ("regime" if y else "threshold")
        sc = load_scenario(scenario)
        values = dict(assignments)
        if what == "regime":
            if not y:
                raise GameTheoryError("--what regime draws a map: give --y NAME too")
            fig = plots.regime_map(sc, x, y, values)
        elif what == "equilibrium":
            if not y:
                raise GameTheoryError("--what equilibrium draws a map: give --y NAME too")
            fig = plots.equilibrium_map(sc, x, y, values)
        elif what == "threshold":
            fig = plots.threshold_plot(sc, x, values)
        elif what == "cascade":
            fig = plots.cascade_plot(sc, values)
        elif what == "payoff-set":
            fig = plots.payoff_sets(sc, deltas or ("1/4", "1/2", "3/4", "9/10"), values)
        else:
            fig = plots.regime_chart(sc, values)
        fig.savefig(output, dpi=150)
        click.echo(f"wrote {output}")
