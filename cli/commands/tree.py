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
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="List every subgame-perfect equilibrium, not only one line per outcome.",
)
@click.option(
    "--width",
    default=None,
    metavar="LENGTH",
    help="TikZ: the width to fit the picture in (a TeX length: 12cm, 4.5in); default the "
    "A4/letter text width, 12.5cm (use about 11cm for a beamer slide).",
)
def tree(
    scenario: str,
    assignments: tuple[tuple[str, str], ...],
    fmt: str,
    symbolic: bool,
    show_all: bool,
    width: str | None,
) -> None:
    """Draw SCENARIO's game tree, with the subgame-perfect choices highlighted.

    Formats: a text outline, Graphviz DOT, a TikZ picture (plain tikz) or JSON. Parameters take
    their defaults unless given with --set; with --symbolic the others stay formulas and each
    SPE carries the condition under which it holds.
    """
    run_verb("tree", scenario, assignments, fmt, symbolic=symbolic, show_all=show_all, width=width)
