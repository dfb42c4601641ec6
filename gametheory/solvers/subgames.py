"""Subgames of a game tree, and exact evaluation of behavior strategy profiles on it.

The building blocks of :mod:`gametheory.solvers.subgame_perfect` and
:mod:`gametheory.solvers.subgame_perfection` (definitions in :mod:`gametheory.solvers.trees`):
which nodes start a subgame (Selten 1965; Osborne 2004, §10.4), each subgame as a tree of its own
with its proper subgames collapsed to payoffs, and the expected payoffs, leaf probabilities and
Nash check of a behavior strategy profile (Kuhn 1953), all in exact ``Fraction`` arithmetic.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import sympy as sp

from gametheory.model.strategic_form import ReducedStrategy, reduced_strategies
from gametheory.model.tree import GameTree, History, TreeNode, history_text

__all__ = ["Behavior", "has_proper_subgame", "subgame_roots"]

#: Information set → action → probability (exact); actions with probability 0 may be left out.
Behavior = dict[str, dict[str, Fraction]]

_ONE = Fraction(1)


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


# -- subgames -----------------------------------------------------------------------------------
def subgame_roots(tree: GameTree) -> tuple[History, ...]:
    """The nodes that start a subgame, in preorder; the root ``()`` comes first.

    A node starts a subgame when it is a chance node or a singleton information set and every
    information set that meets its subtree lies inside it (see the module docstring).

    Examples
    --------
    >>> from gametheory.io import load_efg
    >>> subgame_roots(load_efg("tests/data/out_or_pennies.efg"))
    ((), ('In',))
    """
    closed = _closed(tree, {key: len(nodes) for key, nodes in tree.infosets.items()})
    return tuple(node.history for node in tree.preorder() if node.history in closed)


def _closed(tree: GameTree, total: dict[str, int]) -> set[History]:
    """Histories of the non-terminal nodes whose subtree holds each information set it meets."""
    out: set[History] = set()
    counts: dict[History, Counter[str]] = {}
    for node in reversed(list(tree.preorder())):
        count: Counter[str] = Counter()
        if node.kind == "decision":
            count[node.infoset_key] += 1
        for c in node.children:
            count.update(counts.pop(c))
        counts[node.history] = count
        if node.kind == "terminal":
            continue
        if node.kind == "decision" and total[node.infoset_key] > 1:
            continue
        if all(total[k] == v for k, v in count.items()):
            out.add(node.history)
    return out


def has_proper_subgame(tree: GameTree) -> bool:
    """True when some node below the root starts a subgame (see :func:`subgame_roots`)."""
    return len(subgame_roots(tree)) > 1


def _forest(tree: GameTree) -> tuple[tuple[History, ...], dict[History, list[History]]]:
    """The subgame roots in preorder, and each one's maximal proper subgames."""
    roots = subgame_roots(tree)
    as_set = set(roots)
    kids: dict[History, list[History]] = {r: [] for r in roots}
    for r in roots[1:]:
        parent = next(r[:k] for k in range(len(r) - 1, -1, -1) if r[:k] in as_set)
        kids[parent].append(r)
    return roots, kids


def _parent(roots: tuple[History, ...], r: History) -> History | None:
    as_set = set(roots)
    return next((r[:k] for k in range(len(r) - 1, -1, -1) if r[:k] in as_set), None)


def _subtree(
    tree: GameTree,
    start: History,
    leaves: dict[History, tuple[Fraction, ...]] | None = None,
    keep: tuple[int, ...] | None = None,
) -> GameTree:
    """The subgame at ``start`` as a tree of its own (histories relative to ``start``, information
    sets keep their names), its subgames at ``leaves`` replaced by terminal payoffs; with ``keep``,
    only those players (renumbered in that order)."""
    leaves = leaves or {}
    players = tree.players if keep is None else tuple(tree.players[i] for i in keep)
    index = {p: k for k, p in enumerate(keep)} if keep is not None else None

    def pay(values: tuple[sp.Expr, ...] | tuple[Fraction, ...]) -> tuple[sp.Expr | Fraction, ...]:
        return tuple(values) if keep is None else tuple(values[i] for i in keep)

    nodes: list[TreeNode] = []
    stack = [tree.node(start)]
    cut = len(start)
    while stack:
        node = stack.pop()
        h = node.history[cut:]
        if node.history in leaves and node.history != start:
            nodes.append(TreeNode(h, "terminal", payoffs=pay(leaves[node.history])))
            continue
        if node.kind == "terminal":
            nodes.append(TreeNode(h, "terminal", payoffs=pay(node.payoffs)))
            continue
        player = node.player
        if node.kind == "decision" and index is not None:
            player = index[node.player or 0]
        nodes.append(
            TreeNode(
                h,
                node.kind,
                player=player,
                actions=node.actions,
                probabilities=node.probabilities,
                infoset=node.infoset_key if node.kind == "decision" else None,
                label=node.label,
            )
        )
        stack.extend(tree.node(c) for c in node.children)
    return GameTree.from_nodes(players, nodes, title=tree.title)


def _where(r: History) -> str:
    return f"the subgame at {history_text(r)!r}" if r else "the whole game"


def _movers(tree: GameTree) -> list[int]:
    return sorted({n.player or 0 for n in tree.nodes if n.kind == "decision"})


# -- exact evaluation of behavior profiles ------------------------------------------------------
class _Unspecified(Exception):
    """The profile reaches, with positive probability, an information set it does not specify."""


def _frac(value: sp.Expr | Fraction) -> Fraction:
    if isinstance(value, Fraction):
        return value
    return Fraction(int(value.p), int(value.q))


def _weights(node: TreeNode, behavior: Behavior) -> list[Fraction]:
    """The probability of each action at a chance or decision node (``_Unspecified`` when
    ``behavior`` says nothing about the node's information set)."""
    if node.kind == "chance":
        return [_frac(p) for p in node.probabilities]
    dist = behavior.get(node.infoset_key)
    if dist is None:
        raise _Unspecified(node.infoset_key)
    return [dist.get(a, Fraction(0)) for a in node.actions]


def _expected(tree: GameTree, behavior: Behavior, start: History = ()) -> tuple[Fraction, ...]:
    """Each player's expected payoff from ``start`` under ``behavior``, exactly."""
    n = len(tree.players)

    def value(node: TreeNode) -> tuple[Fraction, ...]:
        if node.kind == "terminal":
            return tuple(_frac(u) for u in node.payoffs)
        weights = _weights(node, behavior)
        total = [Fraction(0)] * n
        for child, w in zip(node.children, weights, strict=True):
            if w:
                for i, v in enumerate(value(tree.node(child))):
                    total[i] += w * v
        return tuple(total)

    return value(tree.node(start))


def _pure(plan: tuple[tuple[str, str], ...]) -> Behavior:
    return {key: {action: _ONE} for key, action in plan}


def _is_nash(tree: GameTree, behavior: Behavior) -> bool:
    """No player gains by a pure deviation (enough: payoffs are multilinear in behavior)."""
    value = _expected(tree, behavior)
    for p in _movers(tree):
        for s in reduced_strategies(tree, p):
            if _expected(tree, {**behavior, **_pure(s.plan)})[p] > value[p]:
                return False
    return True


def _collapsed(
    tree: GameTree, kids: dict[History, list[History]], r: History, behavior: Behavior
) -> GameTree:
    leaves = {c: _expected(tree, behavior, c) for c in kids[r]}
    return _subtree(tree, r, leaves)


def _perfect_recall(tree: GameTree) -> bool:
    """Every node of an information set has the same own history (Kuhn 1953)."""
    seen: dict[str, tuple[tuple[str, str], ...]] = {}
    stack: list[tuple[TreeNode, dict[int, tuple[tuple[str, str], ...]]]] = [(tree.root, {})]
    while stack:
        node, own = stack.pop()
        if node.kind == "terminal":
            continue
        if node.kind == "decision":
            p = node.player or 0
            mine = own.get(p, ())
            if seen.setdefault(node.infoset_key, mine) != mine:
                return False
            for a, c in zip(node.actions, node.children, strict=True):
                stack.append((tree.node(c), {**own, p: (*mine, (node.infoset_key, a))}))
        else:
            stack.extend((tree.node(c), own) for c in node.children)
    return True


def _absent_minded(tree: GameTree) -> bool:
    """True when some information set holds a node and one of that node's successors."""
    for nodes in tree.infosets.values():
        histories = [n.history for n in nodes]
        for h in histories:
            if any(o != h and o[: len(h)] == h for o in histories):
                return True
    return False


def _reaches(tree: GameTree, strategy: ReducedStrategy, history: History) -> bool:
    """The strategy's own moves allow the node at ``history`` to be reached."""
    plan = dict(strategy.plan)
    for k in range(len(history)):
        node = tree.node(history[:k])
        mine = node.kind == "decision" and node.player == strategy.player
        if mine and plan.get(node.infoset_key) != history[k]:
            return False
    return True


def _leaves(tree: GameTree, behavior: Behavior) -> dict[History, Fraction]:
    """The probability of each terminal node under ``behavior``."""
    out: dict[History, Fraction] = {}
    stack: list[tuple[TreeNode, Fraction]] = [(tree.root, _ONE)]
    while stack:
        node, w = stack.pop()
        if node.kind == "terminal":
            out[node.history] = out.get(node.history, Fraction(0)) + w
            continue
        weights = _weights(node, behavior)
        stack.extend(
            (tree.node(c), w * q) for c, q in zip(node.children, weights, strict=True) if q
        )
    return out


def _others_reach(tree: GameTree, target: History, behavior: Behavior, player: int) -> Fraction:
    """The probability that chance and the other players' ``behavior`` lead to ``target``."""
    w = _ONE
    for k in range(len(target)):
        node = tree.node(target[:k])
        if node.kind == "chance":
            w *= _frac(node.probabilities[node.actions.index(target[k])])
        elif node.player != player:
            w *= behavior.get(node.infoset_key, {}).get(target[k], Fraction(0))
    return w
