"""Solving game trees: subgame-perfect equilibria and the Nash equilibria of the reduced strategic
form, with each Nash equilibrium marked subgame perfect or not.

A Nash equilibrium of the strategic form can rest on a threat or a promise that would not be
carried out (Selten 1965; Osborne 2004, ch. 5): in the drawdown game, "the county refuses, and the
federal side would honor a deal with probability 2/3" is a Nash equilibrium only because the
promise is never tested. This module tells such equilibria apart from the subgame-perfect ones.
For a tree with imperfect information every Nash equilibrium is subgame perfect when the tree has
no proper subgame; otherwise the check is not made yet (``None``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import sympy as sp

from gametheory.model.tree import GameTree, TreeNode
from gametheory.solvers.backward_induction import SubgamePerfectEquilibrium, backward_induction
from gametheory.solvers.exact import EXACT_SIZE_LIMIT, exact_work
from gametheory.solvers.result import EquilibriumResult
from gametheory.solvers.strategic_form import (
    ReducedStrategy,
    _reachable_sets,
    reduced_strategic_form,
)
from gametheory.symbolic.conditions import Assumptions

__all__ = ["TreeSolution", "has_proper_subgame", "solve_tree"]


@dataclass(frozen=True)
class TreeSolution:
    """What :func:`solve_tree` found.

    Attributes
    ----------
    tree
        The (numeric) tree that was solved.
    spe
        Every pure subgame-perfect equilibrium (by backward induction).
    normal_form
        The Nash equilibria of the reduced strategic form (two-player trees), or ``None``.
    strategies
        The reduced strategies behind the strategic form's rows and columns.
    subgame_perfect
        For each Nash equilibrium of ``normal_form``: is it (the strategic form of) a subgame-perfect
        equilibrium?
    """

    tree: GameTree
    spe: tuple[SubgamePerfectEquilibrium, ...]
    normal_form: EquilibriumResult | None
    strategies: tuple[tuple[ReducedStrategy, ...], ...] | None
    subgame_perfect: tuple[bool | None, ...]
    diagnostics: tuple[str, ...] = field(default=())


def _spe_plans(
    tree: GameTree, spe: SubgamePerfectEquilibrium
) -> tuple[tuple[tuple[str, str], ...], ...]:
    by_set = {tree.node(h).infoset_key: a for h, a in spe.choices}
    plans = []
    for player in range(len(tree.players)):
        plan: dict[str, str] = {}
        order: list[str] = []
        while True:
            pending = next((k for k in _reachable_sets(tree, player, plan) if k not in plan), None)
            if pending is None:
                break
            plan[pending] = by_set[pending]
            order.append(pending)
        plans.append(tuple((k, plan[k]) for k in order))
    return tuple(plans)


def _behavior(
    strategies: tuple[ReducedStrategy, ...], mix: tuple[Fraction, ...]
) -> dict[str, dict[str, Fraction]]:
    """Kuhn's realisation-equivalent behaviour strategy where the mixed strategy reaches a set."""
    mass: dict[str, Fraction] = {}
    chosen: dict[str, dict[str, Fraction]] = {}
    for s, p in zip(strategies, mix, strict=True):
        if not p:
            continue
        for key, action in s.plan:
            mass[key] = mass.get(key, Fraction(0)) + p
            chosen.setdefault(key, {}).setdefault(action, Fraction(0))
            chosen[key][action] += p
    return {k: {a: q / mass[k] for a, q in acts.items()} for k, acts in chosen.items()}


def _sequentially_rational(tree: GameTree, behavior: dict[str, dict[str, Fraction]]) -> bool:
    """One-shot deviation check at every decision node (perfect-information trees)."""

    def value(node: TreeNode) -> tuple[sp.Expr, ...] | None:
        if node.kind == "terminal":
            return node.payoffs
        child_values = [value(tree.node(c)) for c in node.children]
        if any(v is None for v in child_values):
            return None
        if node.kind == "chance":
            return node.expected(child_values)  # type: ignore[arg-type]
        beta = behavior.get(node.infoset_key)
        if beta is None:
            return None
        mover = node.player or 0
        best = max(v[mover] for v in child_values)  # type: ignore[index]
        for action, v in zip(node.actions, child_values, strict=True):
            if beta.get(action, 0) and v[mover] != best:  # type: ignore[index]
                return None
        return tuple(
            sum(beta.get(a, 0) * v[i] for a, v in zip(node.actions, child_values, strict=True))  # type: ignore[index]
            for i in range(len(tree.players))
        )

    return value(tree.root) is not None


def has_proper_subgame(tree: GameTree) -> bool:
    """True when some node below the root starts a subgame: it is a chance node or a singleton
    information set, and every information set that meets its subtree lies inside it."""
    below: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for node in reversed(list(tree.preorder())):
        below[node.history] = {node.history}.union(*(below[c] for c in node.children))
    for node in tree.preorder():
        if not node.history or node.kind == "terminal":
            continue
        if node.kind == "decision" and len(tree.infosets[node.infoset_key]) > 1:
            continue
        inside = below[node.history]
        if all(
            all(m.history in inside for m in tree.infosets[tree.node(h).infoset_key])
            for h in inside
            if tree.node(h).kind == "decision"
        ):
            return True
    return False


def solve_tree(
    tree: GameTree, *, method: str = "auto", assumptions: Assumptions | None = None
) -> TreeSolution:
    """Subgame-perfect equilibria of a tree and the Nash equilibria of its reduced strategic form.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> sc = load_scenario("trust_game")
    >>> sol = solve_tree(sc.tree.subs(sc.values()))
    >>> [e.path for e in sol.spe], sol.subgame_perfect
    ([('No trust',)], (True, False))
    """
    from gametheory.solvers import solve

    diagnostics: list[str] = []
    spe: tuple[SubgamePerfectEquilibrium, ...] = ()
    subgames = has_proper_subgame(tree)
    if tree.perfect_information:
        spe = backward_induction(tree, assumptions)
    elif subgames:
        diagnostics.append(
            "imperfect information with proper subgames: subgame-perfect equilibria are not "
            "computed yet; the strategic form's Nash equilibria are listed, unmarked"
        )
    else:
        diagnostics.append(
            "imperfect information and no proper subgame: every Nash equilibrium of the strategic "
            "form is subgame perfect"
        )
    if len(tree.players) != 2 or not tree.is_numeric:
        if len(tree.players) != 2:
            diagnostics.append(f"{len(tree.players)} players: no strategic form is built")
        return TreeSolution(tree, spe, None, None, (), tuple(diagnostics))
    game, strategies = reduced_strategic_form(tree)
    m, n = game.shape
    if method == "auto" and exact_work(m, n) > EXACT_SIZE_LIMIT:
        method = "pure"
        diagnostics.append(
            f"the reduced strategic form is {m}x{n}, above the exact method's limit: its pure "
            "equilibria are listed (all of them), mixed ones are not computed"
        )
    result = solve(game, method)
    spe_plans = {_spe_plans(tree, e) for e in spe}
    flags: list[bool | None] = []
    if not tree.perfect_information:
        flags = [None if subgames else True for _ in result.equilibria]
        return TreeSolution(tree, spe, result, strategies, tuple(flags), tuple(diagnostics))
    for eq in result.equilibria:
        if eq.pure:
            i, j = eq.pure_profile() or (0, 0)
            flags.append((strategies[0][i].plan, strategies[1][j].plan) in spe_plans)
            continue
        behavior = {
            **_behavior(strategies[0], eq.strategies[0]),
            **_behavior(strategies[1], eq.strategies[1]),
        }
        ok = False
        for candidate in spe or (None,):
            filled = dict(behavior)
            if candidate is not None:
                for h, a in candidate.choices:
                    filled.setdefault(tree.node(h).infoset_key, {a: Fraction(1)})
            if tree.perfect_information and _sequentially_rational(tree, filled):
                ok = True
                break
        flags.append(ok)
    return TreeSolution(tree, spe, result, strategies, tuple(flags), tuple(diagnostics))
