"""Games in extensive form (game trees), stored immutably and viewed as a networkx DiGraph.

Conventions
-----------
A node is identified by its *history*: the tuple of action labels from the root (the root is
``()``; in text, histories are written with ``/`` between labels, the root as ``""``). A node is

* a **decision** node of player ``player`` (an index into ``players``) with the labels of its
  actions, and an information set ``infoset`` (nodes sharing an information set belong to the
  same player and offer the same actions; by default each node is its own set);
* a **chance** node, with one probability (a formula) per action;
* a **terminal** node, with one payoff (a formula) per player.

Children are the histories extended by one action, in action order.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.limits import MAX_TREE_DEPTH
from gametheory.model.normal_form import exact_number

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["GameTree", "History", "TreeNode", "history_text"]

History = tuple[str, ...]


def history_text(history: History) -> str:
    """A history as text: ``"Cooperate/Honor"``; the root is ``""``.

    Examples
    --------
    >>> history_text(("Cooperate", "Honor")), history_text(())
    ('Cooperate/Honor', '')
    """
    return "/".join(history)


@dataclass(frozen=True)
class TreeNode:
    """One node of a game tree (see the module docstring)."""

    history: History
    kind: str  # "decision", "chance" or "terminal"
    player: int | None = None
    actions: tuple[str, ...] = ()
    probabilities: tuple[sp.Expr, ...] = ()
    payoffs: tuple[sp.Expr, ...] = ()
    infoset: str | None = None
    label: str = ""

    def __post_init__(self) -> None:
        if self.kind not in ("decision", "chance", "terminal"):
            raise ScenarioError(
                f"node kind must be decision, chance or terminal, got {self.kind!r}"
            )
        where = history_text(self.history) or "the root"
        if self.kind == "terminal":
            if self.actions or not self.payoffs:
                raise ScenarioError(f"terminal node {where!r} needs payoffs and no actions")
        elif not self.actions:
            raise ScenarioError(f"{self.kind} node {where!r} needs at least one action")
        if len(set(self.actions)) != len(self.actions):
            raise ScenarioError(f"node {where!r} has duplicate action labels {self.actions}")
        if self.kind == "chance" and len(self.probabilities) != len(self.actions):
            raise ScenarioError(f"chance node {where!r} needs one probability per action")
        if self.kind == "decision" and self.player is None:
            raise ScenarioError(f"decision node {where!r} needs a player")

    def expected(self, child_payoffs: Sequence[Sequence[sp.Expr]]) -> tuple[sp.Expr, ...]:
        """A chance node's expected payoffs, given each child's payoff vector (in action order).

        Examples
        --------
        >>> node = TreeNode(("Cut",), "chance", actions=("Upheld", "Blocked"),
        ...                 probabilities=(sp.Rational(1, 2), sp.Rational(1, 2)))
        >>> node.expected([(-2, 1), (0, 1)])
        (-1, 1)
        """
        pairs = list(zip(self.probabilities, child_payoffs, strict=True))
        return tuple(
            sp.expand(sum(p * v[i] for p, v in pairs)) for i in range(len(child_payoffs[0]))
        )

    @property
    def children(self) -> tuple[History, ...]:
        return tuple((*self.history, a) for a in self.actions)

    @property
    def infoset_key(self) -> str:
        """The information set's name (a singleton set is named after the history)."""
        return self.infoset if self.infoset is not None else f"@{history_text(self.history)}"


@dataclass(frozen=True)
class GameTree:
    """A finite game tree with symbolic payoffs and chance probabilities.

    Build one with :meth:`from_nodes` (or from a scenario's ``[tree]`` section); the constructor
    checks that the nodes form a tree rooted at ``()``, that information sets are consistent and
    that every player index is valid. Immutable and hashable.

    Examples
    --------
    >>> tree = GameTree.from_nodes(
    ...     ("L", "F"),
    ...     [TreeNode((), "decision", player=0, actions=("Refuse", "Cooperate")),
    ...      TreeNode(("Refuse",), "terminal", payoffs=(-4, 3)),
    ...      TreeNode(("Cooperate",), "decision", player=1, actions=("Honor", "Renege")),
    ...      TreeNode(("Cooperate", "Honor"), "terminal", payoffs=(-2, 3)),
    ...      TreeNode(("Cooperate", "Renege"), "terminal", payoffs=(-5, 4))])
    >>> tree.graph.number_of_nodes(), tree.node(("Cooperate",)).actions
    (5, ('Honor', 'Renege'))
    """

    players: tuple[str, ...]
    nodes: tuple[TreeNode, ...]
    title: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        by_history: dict[History, TreeNode] = {}
        for node in self.nodes:
            if node.history in by_history:
                raise ScenarioError(f"two nodes share the history {history_text(node.history)!r}")
            by_history[node.history] = node
        if () not in by_history:
            raise ScenarioError("the tree has no root (the node with the empty history)")
        reachable: set[History] = {()}
        stack: list[History] = [()]
        while stack:
            node = by_history[stack.pop()]
            for child in node.children:
                if child not in by_history:
                    parent = history_text(node.history) or "the root"
                    raise ScenarioError(
                        f"node {history_text(child)!r} is missing (a child of {parent!r})"
                    )
                reachable.add(child)
                stack.append(child)

        depth = max(len(h) for h in by_history)
        if depth > MAX_TREE_DEPTH:
            raise ScenarioError(
                f"the tree is {depth} levels deep; at most {MAX_TREE_DEPTH} are supported "
                "(see docs/reference/limits.md)"
            )
        orphans = set(by_history) - reachable
        if orphans:
            raise ScenarioError(
                f"not a tree: node {history_text(min(orphans))!r} is not reachable from the root"
            )
        n = len(self.players)
        for node in self.nodes:
            if node.kind == "decision" and not (0 <= (node.player or 0) < n):
                raise ScenarioError(
                    f"node {history_text(node.history)!r} names player {node.player}, but there are {n}"
                )
            if node.kind == "terminal" and len(node.payoffs) != n:
                raise ScenarioError(
                    f"terminal {history_text(node.history)!r} has {len(node.payoffs)} payoffs for {n} players"
                )
        sets: dict[str, TreeNode] = {}
        for node in self.nodes:
            if node.kind != "decision":
                continue
            first = sets.setdefault(node.infoset_key, node)
            if first.player != node.player:
                raise ScenarioError(
                    f"information set {node.infoset_key!r} mixes players "
                    f"{self.players[first.player or 0]!r} and {self.players[node.player or 0]!r}"
                )
            if first.actions != node.actions:
                raise ScenarioError(
                    f"information set {node.infoset_key!r} offers different actions at "
                    f"{history_text(first.history)!r} {first.actions} and {history_text(node.history)!r} {node.actions}"
                )

    @classmethod
    def from_nodes(
        cls,
        players: tuple[str, ...] | list[str],
        nodes: list[TreeNode] | tuple[TreeNode, ...],
        *,
        title: str = "",
    ) -> GameTree:
        """Build a tree from its nodes (any order); payoffs and probabilities are made exact."""
        exact = tuple(
            TreeNode(
                history=tuple(n.history),
                kind=n.kind,
                player=n.player,
                actions=tuple(n.actions),
                probabilities=tuple(exact_number(p) for p in n.probabilities),
                payoffs=tuple(exact_number(u) for u in n.payoffs),
                infoset=n.infoset,
                label=n.label,
            )
            for n in nodes
        )
        return cls(
            tuple(players),
            tuple(sorted(exact, key=lambda n: (len(n.history), n.history))),
            title=title,
        )

    # -- access ----------------------------------------------------------------------------------
    @cached_property
    def _index(self) -> dict[History, TreeNode]:
        return {n.history: n for n in self.nodes}

    def node(self, history: History) -> TreeNode:
        """The node at ``history`` (a tuple of action labels)."""
        try:
            return self._index[tuple(history)]
        except KeyError:
            raise ScenarioError(f"the tree has no node {history_text(tuple(history))!r}") from None

    @property
    def root(self) -> TreeNode:
        return self._index[()]

    def preorder(self, start: History = ()) -> Iterator[TreeNode]:
        """Nodes in depth-first order, children in action order."""
        stack = [self.node(start)]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(self.node(c) for c in reversed(node.children))

    @cached_property
    def graph(self) -> nx.DiGraph:
        """The tree as a frozen ``networkx.DiGraph``: nodes are histories with the node's fields
        as attributes; edges carry ``action`` (and ``probability`` below chance nodes)."""
        # Imported on use, for start-up speed: loading a tree needs no networkx.
        import networkx as nx

        g = nx.DiGraph()
        for node in self.nodes:
            g.add_node(
                node.history,
                kind=node.kind,
                player=node.player,
                infoset=node.infoset_key,
                payoffs=node.payoffs,
            )
            for k, (action, child) in enumerate(zip(node.actions, node.children, strict=True)):
                attrs: dict[str, Any] = {"action": action}
                if node.kind == "chance":
                    attrs["probability"] = node.probabilities[k]
                g.add_edge(node.history, child, **attrs)
        return nx.freeze(g)

    @cached_property
    def infosets(self) -> dict[str, tuple[TreeNode, ...]]:
        """Information set name → its decision nodes, in preorder."""
        out: dict[str, list[TreeNode]] = {}
        for node in self.preorder():
            if node.kind == "decision":
                out.setdefault(node.infoset_key, []).append(node)
        return {k: tuple(v) for k, v in out.items()}

    @property
    def perfect_information(self) -> bool:
        """True when every information set is a single node."""
        return all(len(nodes) == 1 for nodes in self.infosets.values())

    @cached_property
    def free_symbols(self) -> frozenset[sp.Symbol]:
        syms: set[sp.Symbol] = set()
        for node in self.nodes:
            for e in (*node.payoffs, *node.probabilities):
                syms |= e.free_symbols
        return frozenset(syms)

    @property
    def is_numeric(self) -> bool:
        return not self.free_symbols

    def subs(self, values: Mapping[sp.Symbol, Any]) -> GameTree:
        """Substitute exact values for parameter symbols."""
        mapping = {s: exact_number(v) for s, v in values.items()}
        nodes = tuple(
            TreeNode(
                history=n.history,
                kind=n.kind,
                player=n.player,
                actions=n.actions,
                probabilities=tuple(p.xreplace(mapping) for p in n.probabilities),
                payoffs=tuple(u.xreplace(mapping) for u in n.payoffs),
                infoset=n.infoset,
                label=n.label,
            )
            for n in self.nodes
        )
        return GameTree(self.players, nodes, title=self.title)

    def check_probabilities(self) -> None:
        """Every chance node's probabilities are in [0, 1] and sum to 1 (numeric trees)."""
        for node in self.nodes:
            if node.kind != "chance":
                continue
            where = history_text(node.history) or "the root"
            total = sp.simplify(sum(node.probabilities))
            if total.free_symbols:
                continue
            if total != 1:
                raise ScenarioError(
                    f"the probabilities at chance node {where!r} sum to {total}, not 1"
                )
            for action, p in zip(node.actions, node.probabilities, strict=True):
                if not p.free_symbols and not (0 <= p <= 1):
                    raise ScenarioError(
                        f"probability {p} of {action!r} at chance node {where!r} is not in [0, 1]"
                    )
