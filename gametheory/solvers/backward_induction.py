"""Backward induction on perfect-information game trees: every pure subgame-perfect equilibrium.

Working from the leaves up (Kuhn 1953; Osborne 2004, §5.5), each node gets the set of *plans*
for its subtree: a choice at every decision node below, the expected payoffs, and the condition
on the parameters under which the plan is subgame perfect there. At a decision node every
combination of the children's plans is paired with each action that is weakly best for the mover
given those plans; ties therefore branch, and every SPE is reported. Chance nodes take expected
values. Conditions are conjunctions of ``u_i(a) - u_i(b) >= 0`` atoms, simplified under the
assumptions (numeric trees: every condition is decided, so the result is plain backward
induction; symbolic trees: the result says under which parameter values each SPE holds).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import sympy as sp

from gametheory.exceptions import UnsupportedGameError
from gametheory.model.tree import GameTree, History, TreeNode
from gametheory.solvers.backward_numeric import unique_spe
from gametheory.solvers.spe import SubgamePerfectEquilibrium
from gametheory.symbolic.conditions import Assumptions, Atom, Condition

__all__ = ["SubgamePerfectEquilibrium", "backward_induction"]


@dataclass(frozen=True)
class _Plan:
    choices: tuple[tuple[History, str], ...]
    payoffs: tuple[sp.Expr, ...]
    condition: Condition


def _solve(tree: GameTree, node: TreeNode, known: Assumptions) -> list[_Plan]:
    if node.kind == "terminal":
        return [_Plan((), node.payoffs, Condition.always())]
    child_plans = [_solve(tree, tree.node(c), known) for c in node.children]
    plans: list[_Plan] = []
    for combo in product(*child_plans):
        base = Condition.always()
        for plan in combo:
            base = base & plan.condition
        below = tuple(choice for plan in combo for choice in plan.choices)
        if node.kind == "chance":
            payoffs = node.expected([plan.payoffs for plan in combo])
            condition = base.simplify(known)
            if not condition.is_never:
                plans.append(_Plan(below, payoffs, condition))
            continue
        mover = node.player or 0
        for k, (action, plan) in enumerate(zip(node.actions, combo, strict=True)):
            best = Condition.all_of(
                Atom(sp.expand(plan.payoffs[mover] - other.payoffs[mover]), ">=")
                for j, other in enumerate(combo)
                if j != k
            )
            condition = (base & best).simplify(known)
            if not condition.is_never:
                plans.append(_Plan(((node.history, action), *below), plan.payoffs, condition))
    return plans


def _path(tree: GameTree, choices: dict[History, str]) -> tuple[str, ...]:
    node = tree.root
    path: list[str] = []
    while node.kind == "decision":
        action = choices[node.history]
        path.append(action)
        node = tree.node((*node.history, action))
    return tuple(path)


def backward_induction(
    tree: GameTree, assumptions: Assumptions | None = None
) -> tuple[SubgamePerfectEquilibrium, ...]:
    """All pure subgame-perfect equilibria of a perfect-information tree.

    Parameters
    ----------
    tree
        A game tree in which every information set is a single node.
    assumptions
        What is known about the parameters of a symbolic tree.

    Raises
    ------
    UnsupportedGameError
        For a tree with imperfect information (see :func:`gametheory.solvers.trees.solve_tree`).

    Examples
    --------
    The trust game (Kreps 1990): the trustee abuses trust, so the trustor does not trust.

    >>> from gametheory.model.tree import GameTree, TreeNode
    >>> tree = GameTree.from_nodes(("Trustor", "Trustee"), [
    ...     TreeNode((), "decision", player=0, actions=("Trust", "No trust")),
    ...     TreeNode(("No trust",), "terminal", payoffs=(0, 0)),
    ...     TreeNode(("Trust",), "decision", player=1, actions=("Honor", "Abuse")),
    ...     TreeNode(("Trust", "Honor"), "terminal", payoffs=(10, 10)),
    ...     TreeNode(("Trust", "Abuse"), "terminal", payoffs=(-5, 15))])
    >>> [(e.path, e.payoffs) for e in backward_induction(tree)]
    [(('No trust',), (Fraction(0, 1), Fraction(0, 1)))]
    """
    fast = unique_spe(tree)  # numeric, no ties: one linear pass (None otherwise)
    if fast is not None:
        return (fast,)
    if not tree.perfect_information:
        raise UnsupportedGameError("backward induction needs perfect information; use solve_tree")
    known = assumptions or Assumptions()
    order = {n.history: k for k, n in enumerate(tree.preorder())}
    out = []
    for plan in _solve(tree, tree.root, known):
        choices = tuple(sorted(plan.choices, key=lambda c: order[c[0]]))
        out.append(
            SubgamePerfectEquilibrium(
                choices=choices,
                payoffs=tuple(sp.simplify(u) for u in plan.payoffs),
                condition=plan.condition,
                path=_path(tree, dict(choices)),
            )
        )
    return tuple(out)
