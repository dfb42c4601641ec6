"""The reduced strategic (normal) form of a two-player game tree.

A *reduced* pure strategy of player ``i`` specifies an action only at the information sets that
``i``'s own earlier choices do not rule out (Osborne & Rubinstein 1994, §6.1; Gambit's "reduced
normal form"): strategies that differ only where the player never gets to move are one strategy.
Its label lists the chosen actions in the order of the information sets (``"Cooperate"``,
``"Enter/Fight"``). Payoffs are expected values over chance moves, exact or symbolic.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import sympy as sp

from gametheory.exceptions import UnsupportedGameError
from gametheory.model.normal_form import NormalFormGame
from gametheory.model.tree import GameTree, TreeNode

__all__ = [
    "ReducedStrategy",
    "reduced_strategic_form",
    "reduced_strategies",
    "tree_of_strategic_form",
]


@dataclass(frozen=True)
class ReducedStrategy:
    """A reduced pure strategy: ``(information set, action)`` pairs in preorder, and its label."""

    player: int
    plan: tuple[tuple[str, str], ...]

    @property
    def label(self) -> str:
        return "/".join(a for _, a in self.plan) or "(no move)"

    def action_at(self, infoset: str) -> str | None:
        return dict(self.plan).get(infoset)


def _reachable_sets(tree: GameTree, player: int, plan: dict[str, str]) -> Iterator[str]:
    """The player's information sets, in preorder, that the plan so far does not rule out."""
    seen: set[str] = set()
    stack = [tree.root]
    while stack:
        node = stack.pop()
        if node.kind == "terminal":
            continue
        children = [tree.node(c) for c in node.children]
        if node.kind == "decision" and node.player == player:
            key = node.infoset_key
            if key not in seen:
                seen.add(key)
                yield key
            if key in plan:
                stack.append(tree.node((*node.history, plan[key])))
                continue
            # Not yet decided: nothing below is reachable until the plan says how to get there.
            continue
        stack.extend(reversed(children))


def reduced_strategies(tree: GameTree, player: int) -> tuple[ReducedStrategy, ...]:
    """All reduced pure strategies of ``player``, in lexicographic order of the actions."""
    actions = {key: nodes[0].actions for key, nodes in tree.infosets.items()}
    out: list[ReducedStrategy] = []

    def expand(plan: dict[str, str], order: list[str]) -> None:
        pending = next((k for k in _reachable_sets(tree, player, plan) if k not in plan), None)
        if pending is None:
            out.append(ReducedStrategy(player, tuple((k, plan[k]) for k in order)))
            return
        for action in actions[pending]:
            expand({**plan, pending: action}, [*order, pending])

    expand({}, [])
    return tuple(out)


def _value(
    tree: GameTree, node: TreeNode, plans: tuple[ReducedStrategy, ...]
) -> tuple[sp.Expr, ...]:
    if node.kind == "terminal":
        return node.payoffs
    if node.kind == "chance":
        return node.expected([_value(tree, tree.node(c), plans) for c in node.children])
    action = plans[node.player or 0].action_at(node.infoset_key)
    if action is None:  # pragma: no cover - reduced strategies decide every reachable set
        raise AssertionError(f"no action at {node.infoset_key}")
    return _value(tree, tree.node((*node.history, action)), plans)


def reduced_strategic_form(
    tree: GameTree,
) -> tuple[NormalFormGame, tuple[tuple[ReducedStrategy, ...], ...]]:
    """The reduced strategic form of a two-player tree, and each player's reduced strategies.

    Examples
    --------
    >>> from gametheory.model.tree import TreeNode
    >>> tree = GameTree.from_nodes(("Trustor", "Trustee"), [
    ...     TreeNode((), "decision", player=0, actions=("Trust", "No trust")),
    ...     TreeNode(("No trust",), "terminal", payoffs=(0, 0)),
    ...     TreeNode(("Trust",), "decision", player=1, actions=("Honor", "Abuse")),
    ...     TreeNode(("Trust", "Honor"), "terminal", payoffs=(10, 10)),
    ...     TreeNode(("Trust", "Abuse"), "terminal", payoffs=(-5, 15))])
    >>> game, _ = reduced_strategic_form(tree)
    >>> game.actions, game.payoffs[0].tolist()
    ((('Trust', 'No trust'), ('Honor', 'Abuse')), [[10, -5], [0, 0]])
    """
    if len(tree.players) != 2:
        raise UnsupportedGameError(
            f"the strategic form is built for two players; this tree has {len(tree.players)} "
            "(its subgame-perfect equilibria are still computed by backward induction)"
        )
    strategies = (reduced_strategies(tree, 0), reduced_strategies(tree, 1))
    rows, cols = strategies
    a = [[sp.S.Zero] * len(cols) for _ in rows]
    b = [[sp.S.Zero] * len(cols) for _ in rows]
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            a[i][j], b[i][j] = _value(tree, tree.root, (r, c))
    labels = tuple(tuple(_unique([s.label for s in side])) for side in strategies)
    game = NormalFormGame(
        players=(tree.players[0], tree.players[1]),
        actions=(labels[0], labels[1]),
        payoffs=(sp.ImmutableMatrix(a), sp.ImmutableMatrix(b)),
        title=tree.title,
    )
    return game, strategies


def _unique(labels: list[str]) -> list[str]:
    """Make labels distinct (two reduced strategies may list the same actions at other sets)."""
    out: list[str] = []
    for label in labels:
        candidate, k = label, 2
        while candidate in out:
            candidate, k = f"{label} ({k})", k + 1
        out.append(candidate)
    return out


def tree_of_strategic_form(game: NormalFormGame) -> GameTree:
    """A strategic-form game as a tree: the row player moves, then the column player moves
    without seeing that move (one information set), as Gambit draws a simultaneous game.

    Examples
    --------
    >>> g = NormalFormGame.from_matrices([[1, 0], [0, 1]], [[1, 0], [0, 1]], actions=(("A", "B"), ("a", "b")))
    >>> tree = tree_of_strategic_form(g)
    >>> tree.node(("B", "a")).payoffs, tree.perfect_information
    ((0, 0), False)
    """
    nodes = [TreeNode((), "decision", player=0, actions=game.actions[0])]
    for i, row in enumerate(game.actions[0]):
        nodes.append(
            TreeNode((row,), "decision", player=1, actions=game.actions[1], infoset="column")
        )
        for j, col in enumerate(game.actions[1]):
            nodes.append(TreeNode((row, col), "terminal", payoffs=game.payoff_profile(i, j)))
    return GameTree.from_nodes(game.players, nodes, title=game.title)
