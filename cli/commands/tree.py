"""``fedlocal tree``: draw a game tree (text, Graphviz DOT, TikZ, JSON) with its SPE path."""

from __future__ import annotations

import click

from gametheory.cli.params import SCENARIO, domain_errors, set_option

__all__ = ["tree"]


@click.command()
@click.argument("scenario", type=SCENARIO)
@set_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "dot", "tikz", "json"]),
    default="text",
    show_default=True,
    help="text outline, Graphviz DOT, a TikZ picture (plain tikz) or JSON.",
)
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

    Parameters take their defaults unless given with --set; with --symbolic the others stay
    formulas and each SPE carries the condition under which it holds.
    """
    from gametheory import load_scenario
    from gametheory.exceptions import UnsupportedGameError
    from gametheory.report.trees import render_tree, tree_record
    from gametheory.solvers.backward_induction import SubgamePerfectEquilibrium, backward_induction
    from gametheory.solvers.outcomes import spe_outcomes
    from gametheory.symbolic import scenario_assumptions

    with domain_errors():
        sc = load_scenario(scenario)
        if sc.tree is None:
            what = f"a {sc.model[0]} model" if sc.model is not None else "a strategic-form game"
            raise UnsupportedGameError(f"scenario {sc.name!r} has no game tree (it is {what})")
        values = sc.values(dict(assignments), partial=symbolic, label="--set")
        game_tree = sc.tree.subs(values)
        game_tree.check_probabilities()
        known = scenario_assumptions(sc, values)
        spe: tuple[SubgamePerfectEquilibrium, ...] = ()
        outcomes = None
        if game_tree.perfect_information:
            # Grouped during backward induction: a symbolic tree's SPE are not enumerated
            # unless --all asks for them.
            outcomes = spe_outcomes(game_tree, known)
            if show_all or game_tree.is_numeric:
                spe = backward_induction(game_tree, known)
        record = tree_record(
            game_tree, sc, spe, outcomes=outcomes, known=known, show_all=show_all, width=width
        )
        click.echo(render_tree(record, fmt), nl=False)
