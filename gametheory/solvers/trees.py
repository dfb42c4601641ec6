"""Solving game trees: subgame-perfect equilibria and the Nash equilibria of the reduced strategic
form, with each Nash equilibrium marked subgame perfect or not.

A Nash equilibrium of the strategic form can rest on a threat or a promise that would not be
carried out (Selten 1965; Osborne 2004, ch. 5): in the drawdown game, "the county refuses, and the
federal side would honor a deal with probability 2/3" is a Nash equilibrium only because the
promise is never tested. This module tells such equilibria apart from the subgame-perfect ones.

Definitions
-----------
A *subgame* starts at a node ``r`` that is a chance node or a singleton information set and
whose subtree contains every node of each information set it meets (Selten 1965; Osborne 2004,
§10.4); the root starts the whole game, the others are *proper* subgames. The subgames nest, so
they form a tree of their own.

A *behavior strategy profile* maps each information set to a probability distribution over its
actions (here a ``dict`` of exact Fractions; Kuhn 1953). It is subgame perfect when it induces a
Nash equilibrium in every subgame; by the one-shot deviation argument for subgames (Fudenberg &
Tirole 1991, §3.2; Mas-Colell, Whinston & Green 1995, Prop. 9.B.3) that holds iff, in each
subgame with its own proper subgames replaced by the profile's payoffs there (the *collapsed*
subgame), no player gains by switching to another pure strategy.

Perfect-information trees are solved by :func:`~gametheory.solvers.backward_induction.
backward_induction`. Imperfect-information trees are solved by backward induction over the
subgames (:func:`subgame_perfect_equilibria`): each collapsed subgame, from the bottom up, has
its two-player reduced strategic form solved by the exact solver, which lists every *extreme*
Nash equilibrium; each equilibrium's behavior strategies and expected payoffs replace the subgame
in its parent, and combinations branch like ties in backward induction. Where a subgame's
equilibria form a continuum, only the SPE composed of its extreme equilibria are listed (the
diagnostics say which subgame).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gametheory.model.strategic_form import ReducedStrategy, reduced_strategic_form
from gametheory.model.tree import GameTree
from gametheory.solvers.backward_induction import SubgamePerfectEquilibrium, backward_induction
from gametheory.solvers.dispatch import solve
from gametheory.solvers.exact import EXACT_SIZE_LIMIT, exact_work
from gametheory.solvers.result import EquilibriumResult
from gametheory.solvers.sequence_form import reduced_form_is_small, reduced_form_size
from gametheory.solvers.subgame_perfect import (
    SPE_LIMIT,
    WholeForm,
    _subgame_perfect,
    subgame_perfect_equilibria,
)
from gametheory.solvers.subgame_perfection import _mark_all, _mark_perfect_information
from gametheory.solvers.subgames import has_proper_subgame, subgame_roots
from gametheory.symbolic.conditions import Assumptions

__all__ = [
    "SPE_LIMIT",
    "TreeSolution",
    "has_proper_subgame",
    "solve_tree",
    "subgame_perfect_equilibria",
    "subgame_roots",
    "tree_equilibria",
]


@dataclass(frozen=True)
class TreeSolution:
    """What :func:`solve_tree` found.

    Attributes
    ----------
    tree
        The (numeric) tree that was solved.
    spe
        Perfect information: every pure subgame-perfect equilibrium (by backward induction).
        Imperfect information: every SPE in behavior strategies composed of the extreme Nash
        equilibria of the collapsed subgames (:func:`subgame_perfect_equilibria`).
    normal_form
        The Nash equilibria of the reduced strategic form (two-player trees), or ``None``.
    strategies
        The reduced strategies behind the strategic form's rows and columns.
    subgame_perfect
        For each Nash equilibrium of ``normal_form``: is it (the strategic form of) a subgame-perfect
        equilibrium? ``None`` when that could not be decided (the diagnostics say why).
    diagnostics
        What the solver noticed: continua in subgames, subgames it could not solve, undecided marks.
    """

    tree: GameTree
    spe: tuple[SubgamePerfectEquilibrium, ...]
    normal_form: EquilibriumResult | None
    strategies: tuple[tuple[ReducedStrategy, ...], ...] | None
    subgame_perfect: tuple[bool | None, ...]
    diagnostics: tuple[str, ...] = field(default=())


def tree_equilibria(
    tree: GameTree, assumptions: Assumptions | None = None
) -> tuple[SubgamePerfectEquilibrium, ...]:
    """The subgame-perfect equilibria ``fedlocal tree`` draws.

    Backward induction with perfect information (symbolic trees too, each SPE with the
    condition under which it holds); for a numeric tree with imperfect information, the SPE in
    behavior strategies (:func:`subgame_perfect_equilibria`); none for a symbolic tree with
    imperfect information.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> sc = load_scenario("trust_game")
    >>> [e.path for e in tree_equilibria(sc.tree.subs(sc.values()))]
    [('No trust',)]
    """
    if tree.perfect_information:
        return backward_induction(tree, assumptions)
    if tree.is_numeric:
        return subgame_perfect_equilibria(tree)[0]
    return ()


def solve_tree(
    tree: GameTree, *, method: str = "auto", assumptions: Assumptions | None = None
) -> TreeSolution:
    """Subgame-perfect equilibria of a tree and the Nash equilibria of its reduced strategic form.

    Perfect information: the SPE come from backward induction; imperfect information (a numeric
    tree): from :func:`subgame_perfect_equilibria`. For a two-player numeric tree the reduced
    strategic form is solved with ``method`` and each of its equilibria is marked subgame perfect
    or not (:attr:`TreeSolution.subgame_perfect`; ``None`` where undecided).

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> sc = load_scenario("trust_game")
    >>> sol = solve_tree(sc.tree.subs(sc.values()))
    >>> [e.path for e in sol.spe], sol.subgame_perfect
    ([('No trust',)], (True, False))
    """

    diagnostics: list[str] = []
    spe: tuple[SubgamePerfectEquilibrium, ...] = ()
    subgames = has_proper_subgame(tree)
    two = len(tree.players) == 2 and tree.is_numeric
    result: EquilibriumResult | None = None
    strategies: tuple[tuple[ReducedStrategy, ...], ...] | None = None
    if two and not reduced_form_is_small(tree):
        two = False
        m, n = reduced_form_size(tree)
        diagnostics.append(
            f"the reduced strategic form would be {m}x{n}: it is not built; the Nash equilibria "
            "come from the sequence form (Koller, Megiddo & von Stengel 1996)"
        )
    if two:
        game, strategies = reduced_strategic_form(tree)
        m, n = game.shape
        if method == "auto" and exact_work(m, n) > EXACT_SIZE_LIMIT:
            method = "pure"
            diagnostics.append(
                f"the reduced strategic form is {m}x{n}, above the exact method's limit: its pure "
                "equilibria are listed (all of them), mixed ones are not computed"
            )
        result = solve(game, method)
    if tree.perfect_information:
        spe = backward_induction(tree, assumptions)
    elif not tree.is_numeric:
        diagnostics.append(
            "imperfect information on a symbolic tree: give every parameter a value to compute "
            "the subgame-perfect equilibria"
        )
    else:
        # Without proper subgames the only collapsed subgame is the tree: reuse its solution.
        whole: WholeForm | None = None
        if (
            result is not None
            and strategies is not None
            and not subgames
            and (result.method == "exact" or "exact method's limit" in str(diagnostics))
        ):
            whole = (result, strategies)
        spe, notes = _subgame_perfect(tree, whole)
        if subgames:
            diagnostics.append(
                "imperfect information: subgame-perfect equilibria by backward induction over the "
                "proper subgames, each subgame's strategic form solved exactly; the SPE built from "
                "the subgames' extreme equilibria are listed, in behavior strategies"
            )
        else:
            diagnostics.append(
                "imperfect information and no proper subgame: every Nash equilibrium of the "
                "strategic form is subgame perfect"
            )
        diagnostics.extend(n for n in notes if n not in diagnostics)
    if result is None or strategies is None:
        if len(tree.players) != 2:
            diagnostics.append(f"{len(tree.players)} players: no strategic form is built")
        return TreeSolution(tree, spe, None, None, (), tuple(diagnostics))
    flags: list[bool | None] = []
    if not tree.perfect_information:
        if subgames:
            flags, mark_notes = _mark_all(tree, strategies, result.equilibria)
            diagnostics.extend(mark_notes)
        else:
            flags = [True for _ in result.equilibria]
        return TreeSolution(tree, spe, result, strategies, tuple(flags), tuple(diagnostics))
    flags = _mark_perfect_information(tree, spe, strategies, result.equilibria)
    return TreeSolution(tree, spe, result, strategies, tuple(flags), tuple(diagnostics))
