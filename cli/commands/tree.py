"""``fedlocal tree``: draw a game tree (text, Graphviz DOT, TikZ, JSON) with its SPE path."""

from __future__ import annotations

import click

from gametheory.cli.params import SCENARIO, run_verb, set_option, verb_format_option

__all__ = ["tree"]


@click.command()
@click.argument("scenario", type=SCENARIO)
@set_option
@verb_format_option("tree")
@click.option(
    "--symbolic", is_flag=True, help="Keep the parameters symbolic (payoffs as formulas)."
)
def tree(scenario: str, assignments: tuple[tuple[str, str], ...], fmt: str, symbolic: bool) -> None:
    """Draw SCENARIO's game tree, with the subgame-perfect choices highlighted.

    Formats: a text outline, Graphviz DOT, a TikZ picture (plain tikz) or JSON. Parameters take
    their defaults unless given with --set; with --symbolic the others stay formulas and each
    SPE carries the condition under which it holds.
    """
    run_verb("tree", scenario, assignments, fmt, symbolic=symbolic)
