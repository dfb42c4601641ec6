"""Backward induction on numeric perfect-information trees in time linear in the tree.

:func:`~gametheory.solvers.backward_induction.backward_induction` handles symbolic payoffs and
lists every subgame-perfect equilibrium, branching at ties; on a numeric tree it builds a
condition object per node and plan. This module is its fast path for the common case: numeric
payoffs and chance probabilities and no ties at any decision node. Then the subgame-perfect
equilibrium is unique (Kuhn 1953; Osborne 2004, Prop. 5.2 and §5.5) and one pass from the leaves
up, in exact ``Fraction`` arithmetic, finds it: each node is visited once and each edge once.

When a payoff or probability is symbolic, or a mover is indifferent between two best actions,
:func:`unique_spe` returns ``None`` and the general algorithm is used.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from gametheory.model.tree import GameTree, TreeNode
from gametheory.solvers.spe import SubgamePerfectEquilibrium
from gametheory.symbolic.conditions import Condition

__all__ = ["unique_spe"]


class _NotNumeric(Exception):
    pass


def _number(value: sp.Expr) -> Fraction | int:
    """A sympy rational as an ``int`` (integers) or a ``Fraction``; ``_NotNumeric`` otherwise."""
    try:
        p, q = value.p, value.q
    except AttributeError:
        raise _NotNumeric from None
    return p if q == 1 else Fraction(p, q)


def unique_spe(tree: GameTree) -> SubgamePerfectEquilibrium | None:
    """The subgame-perfect equilibrium of a numeric perfect-information tree without ties, in
    one bottom-up pass (``None`` when the tree is symbolic or some mover has tied best actions,
    or has imperfect information).

    Examples
    --------
    The trust game (Kreps 1990): the trustee would abuse trust, so the trustor does not trust.

    >>> from gametheory.model.tree import TreeNode
    >>> tree = GameTree.from_nodes(("Trustor", "Trustee"), [
    ...     TreeNode((), "decision", player=0, actions=("Trust", "No trust")),
    ...     TreeNode(("No trust",), "terminal", payoffs=(0, 0)),
    ...     TreeNode(("Trust",), "decision", player=1, actions=("Honor", "Abuse")),
    ...     TreeNode(("Trust", "Honor"), "terminal", payoffs=(10, 10)),
    ...     TreeNode(("Trust", "Abuse"), "terminal", payoffs=(-5, 15))])
    >>> spe = unique_spe(tree)
    >>> spe.path, spe.payoffs, spe.choices
    (('No trust',), (Fraction(0, 1), Fraction(0, 1)), (((), 'No trust'), (('Trust',), 'Abuse')))
    """
    index = tree._index
    root = index[()]
    values: list[tuple[Fraction | int, ...]] = []  # a stack of subtree values
    chosen: list[str] = []  # the choice at each decision node, in preorder
    decisions: list[TreeNode] = []
    named: set[str] = set()
    stack: list[object] = [root]  # a node to enter, or (node, slot) to leave
    push, pop = stack.append, stack.pop
    try:
        while stack:
            item = pop()
            if type(item) is tuple:  # leave a decision or chance node: its children are done
                node, slot = item
                k = len(node.actions)
                kids = values[-k:]
                del values[-k:]
                if slot < 0:  # chance
                    probs = [_number(p) for p in node.probabilities]
                    values.append(
                        tuple(
                            sum(p * v[i] for p, v in zip(probs, kids, strict=True))
                            for i in range(len(kids[0]))
                        )
                    )
                    continue
                mover = node.player or 0
                best, top, tie = 0, kids[0][mover], False
                for j in range(1, k):
                    u = kids[j][mover]
                    if u > top:
                        best, top, tie = j, u, False
                    elif u == top:
                        tie = True
                if tie:
                    return None
                values.append(kids[best])
                chosen[slot] = node.actions[best]
                continue
            assert isinstance(item, TreeNode)
            node = item
            kind = node.kind
            if kind == "terminal":
                try:
                    values.append(
                        tuple([u.p if u.q == 1 else Fraction(u.p, u.q) for u in node.payoffs])
                    )
                except AttributeError:  # not a sympy rational
                    return None
                continue
            if kind == "decision":
                if node.infoset is not None:
                    if node.infoset in named:
                        return None  # an information set with two nodes: imperfect information
                    named.add(node.infoset)
                push((node, len(chosen)))
                chosen.append("")
                decisions.append(node)
            else:
                push((node, -1))
            h = node.history
            for a in reversed(node.actions):
                push(index[(*h, a)])
    except _NotNumeric:
        return None
    choices = tuple(zip((n.history for n in decisions), chosen, strict=True))
    choice = dict(choices)
    path: list[str] = []
    node = root
    while node.kind == "decision":
        a = choice[node.history]
        path.append(a)
        node = index[(*node.history, a)]
    return SubgamePerfectEquilibrium(
        choices=choices,
        payoffs=tuple(Fraction(u) for u in values[0]),
        condition=Condition.always(),
        path=tuple(path),
    )
