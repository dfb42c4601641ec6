"""The sequence form's data, realization plans as behaviour strategies, and their exact check.

These are the pieces that building the sequence form and solving it share:
:mod:`gametheory.solvers.sequence_form` (the sequence form of a tree and the entry point
:func:`~gametheory.solvers.sequence_form.solve_sequence_form`) and
:mod:`gametheory.solvers.sequence_lcp` (Lemke's algorithm and vertex enumeration) both import
them from here. See :mod:`gametheory.solvers.sequence_form` for the definitions and references.

Every equilibrium is verified exactly in the tree before it is returned
(:func:`verify_behavior`): the realization plans become behaviour strategies, each player's
expected payoff is computed by walking the tree, and each player's best-response value against
the other's behaviour is computed by a second walk (a maximum over the player's own information
sets, bottom up); the two must be equal for both players.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from gametheory.exceptions import UnsupportedGameError
from gametheory.model.tree import GameTree, TreeNode

__all__ = [
    "Behavior",
    "SequenceForm",
    "SequenceFormEquilibrium",
    "behavior_of",
    "best_response_values",
    "verify_behavior",
]

_ZERO = Fraction(0)
_ONE = Fraction(1)

#: Information set → action → probability.
Behavior = dict[str, dict[str, Fraction]]


def _frac(value: object) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    p, q = getattr(value, "p", None), getattr(value, "q", None)
    if not isinstance(p, int) or not isinstance(q, int):
        raise UnsupportedGameError(
            f"the sequence form needs rational payoffs and probabilities, got {value!r}"
        )
    return Fraction(p, q)


# -- the sequence form ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SequenceForm:
    """The sequence form of a two-player tree with perfect recall (see the module docstring).

    Attributes
    ----------
    tree
        The numeric tree.
    sequences
        For each player, its sequences: ``None`` for the empty one, then ``(infoset, action)``
        in preorder of the information sets (the last pair of the sequence).
    infosets
        For each player, its information sets in preorder.
    parent
        For each player, information set → index of the sequence that leads to it.
    payoffs
        ``(A, B)`` as sparse dicts ``(σ index, τ index) → Fraction`` (unshifted).
    """

    tree: GameTree
    sequences: tuple[tuple[tuple[str, str] | None, ...], tuple[tuple[str, str] | None, ...]]
    infosets: tuple[tuple[str, ...], tuple[str, ...]]
    parent: tuple[dict[str, int], dict[str, int]]
    payoffs: tuple[dict[tuple[int, int], Fraction], dict[tuple[int, int], Fraction]]
    actions: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def sizes(self) -> tuple[int, int]:
        """The number of sequences of each player."""
        return len(self.sequences[0]), len(self.sequences[1])

    def index(self, player: int) -> dict[tuple[str, str] | None, int]:
        """Sequence → its index, for ``player``."""
        return {s: k for k, s in enumerate(self.sequences[player])}

    def constraints(self, player: int) -> list[dict[int, int]]:
        """The rows of ``E`` (player 0) or ``F`` (player 1), sparse: the root row, then one row
        per information set, ``-x(σ_h) + Σ_a x(σ_h a) = 0``."""
        idx = self.index(player)
        rows: list[dict[int, int]] = [{0: 1}]
        for h in self.infosets[player]:
            row = {self.parent[player][h]: -1}
            for a in self.actions[h]:
                row[idx[(h, a)]] = 1
            rows.append(row)
        return rows


# -- behaviour strategies and their exact verification in the tree ------------------------------
def behavior_of(sf: SequenceForm, player: int, plan: tuple[Fraction, ...]) -> Behavior:
    """The behaviour strategy of a realization plan at the information sets it reaches
    (``β(h, a) = x(σ_h a) / x(σ_h)``; sets with ``x(σ_h) = 0`` are left out)."""
    idx = sf.index(player)
    out: Behavior = {}
    for h in sf.infosets[player]:
        mass = plan[sf.parent[player][h]]
        if mass:
            out[h] = {a: plan[idx[(h, a)]] / mass for a in sf.actions[h]}
    return out


def _complete(tree: GameTree, behavior: Behavior) -> Behavior:
    """Fill the information sets ``behavior`` leaves out with their first action."""
    full = dict(behavior)
    for key, nodes in tree.infosets.items():
        full.setdefault(key, {nodes[0].actions[0]: _ONE})
    return full


def best_response_values(
    tree: GameTree, behavior: Behavior
) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
    """Each player's expected payoff under ``behavior`` and its best-response value against the
    others' behaviour, by walking the tree (exact).

    The best-response value of player ``i`` is a maximum over ``i``'s own information sets from
    the bottom up: every leaf adds (chance and the others' probability of reaching it) × ``i``'s
    payoff to the value of ``i``'s own last sequence, and an information set is worth its best
    action. With perfect recall this is the value of ``i``'s best pure strategy.

    Examples
    --------
    >>> from gametheory.io import load_efg
    >>> tree = load_efg("tests/data/out_or_pennies.efg")
    >>> half = {"Heads": Fraction(1, 2), "Tails": Fraction(1, 2)}
    >>> best_response_values(tree, {"1:1": {"In": Fraction(1)}, "1:2": half, "2:1": half})
    ((Fraction(0, 1), Fraction(0, 1)), (Fraction(2, 1), Fraction(0, 1)))
    """
    full = _complete(tree, behavior)
    n = len(tree.players)
    value = [_ZERO] * n
    best = []
    # expected payoffs
    stack: list[tuple[TreeNode, Fraction]] = [(tree.root, _ONE)]
    while stack:
        node, w = stack.pop()
        if node.kind == "terminal":
            for i in range(n):
                value[i] += w * _frac(node.payoffs[i])
            continue
        for c, q in zip(node.children, _weights(node, full), strict=True):
            if q:
                stack.append((tree.node(c), w * q))
    for i in range(n):
        # own sequence = (history of i's last decision node, action); leaves and sets hang below
        leaf_value: dict[object, Fraction] = {}
        sets_below: dict[object, set[str]] = {}
        set_parent: dict[str, object] = {}
        stack2: list[tuple[TreeNode, Fraction, object]] = [(tree.root, _ONE, None)]
        while stack2:
            node, w, own = stack2.pop()
            if node.kind == "terminal":
                leaf_value[own] = leaf_value.get(own, _ZERO) + w * _frac(node.payoffs[i])
                continue
            if node.kind == "decision" and node.player == i:
                h = node.infoset_key
                set_parent.setdefault(h, own)
                sets_below.setdefault(own, set()).add(h)
                for a, c in zip(node.actions, node.children, strict=True):
                    stack2.append((tree.node(c), w, (h, a)))
                continue
            for c, q in zip(node.children, _weights(node, full), strict=True):
                if q:
                    stack2.append((tree.node(c), w * q, own))
        best.append(_own_best(tree, leaf_value, sets_below))
    return tuple(value), tuple(best)


def _own_best(
    tree: GameTree, leaf_value: dict[object, Fraction], sets_below: dict[object, set[str]]
) -> Fraction:
    """The best-response value from the empty sequence: each own sequence is worth its leaves plus,
    for each information set right after it, the best of that set's actions (iterative post-order
    over the own sequences)."""
    memo: dict[object, Fraction] = {}
    todo: list[tuple[object, bool]] = [(None, False)]
    while todo:
        s, ready = todo.pop()
        if s in memo:
            continue
        below = sets_below.get(s, set())
        if not ready:
            todo.append((s, True))
            todo.extend(((h, a), False) for h in below for a in tree.infosets[h][0].actions)
            continue
        total = leaf_value.get(s, _ZERO)
        for h in below:
            total += max(memo[(h, a)] for a in tree.infosets[h][0].actions)
        memo[s] = total
    return memo[None]


def _weights(node: TreeNode, behavior: Behavior) -> list[Fraction]:
    if node.kind == "chance":
        return [_frac(p) for p in node.probabilities]
    dist = behavior[node.infoset_key]
    return [dist.get(a, _ZERO) for a in node.actions]


def verify_behavior(tree: GameTree, behavior: Behavior) -> bool:
    """True when ``behavior`` (completed arbitrarily where it is silent) is a Nash equilibrium:
    no player's best-response value exceeds its payoff (:func:`best_response_values`).

    Examples
    --------
    >>> from gametheory.io import load_efg
    >>> tree = load_efg("tests/data/out_or_pennies.efg")
    >>> half = {"Heads": Fraction(1, 2), "Tails": Fraction(1, 2)}
    >>> verify_behavior(tree, {"1:1": {"Out": Fraction(1)}, "2:1": half})
    True
    >>> verify_behavior(tree, {"1:1": {"In": Fraction(1)}, "1:2": half, "2:1": half})
    False
    """
    value, best = best_response_values(tree, behavior)
    return all(b == v for b, v in zip(best, value, strict=True))


# -- equilibria ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SequenceFormEquilibrium:
    """A Nash equilibrium of the tree, from the sequence form.

    Attributes
    ----------
    plans
        Each player's realization plan (one exact probability per sequence).
    behavior
        Behaviour strategies at the information sets each player's own moves reach.
    payoffs
        Each player's expected payoff.
    """

    plans: tuple[tuple[Fraction, ...], tuple[Fraction, ...]]
    behavior: tuple[tuple[str, tuple[tuple[str, Fraction], ...]], ...]
    payoffs: tuple[Fraction, Fraction]

    def distribution(self, infoset: str) -> dict[str, Fraction]:
        """The probability of each action at ``infoset``."""
        return dict(dict(self.behavior)[infoset])


def _shifted(sf: SequenceForm) -> tuple[dict[tuple[int, int], Fraction], ...]:
    """Payoff matrices of the tree with every leaf payoff lowered below zero."""
    tree = sf.tree
    out = []
    for i in (0, 1):
        top = max(_frac(n.payoffs[i]) for n in tree.nodes if n.kind == "terminal")
        shift = top + 1
        # every leaf adds w * u; the shift subtracts w * shift at the same (σ, τ): redo the walk
        mat = dict(sf.payoffs[i])
        for key, w in _leaf_weights(sf).items():
            mat[key] = mat.get(key, _ZERO) - w * shift
        out.append(mat)
    return tuple(out)


def _leaf_weights(sf: SequenceForm) -> dict[tuple[int, int], Fraction]:
    """(σ, τ) → the sum of chance probabilities of the leaves they lead to."""
    tree = sf.tree
    idx = (sf.index(0), sf.index(1))
    out: dict[tuple[int, int], Fraction] = {}
    stack: list[tuple[TreeNode, int, int, Fraction]] = [(tree.root, 0, 0, _ONE)]
    while stack:
        node, s0, s1, w = stack.pop()
        if node.kind == "terminal":
            out[(s0, s1)] = out.get((s0, s1), _ZERO) + w
            continue
        if node.kind == "chance":
            for c, p in zip(node.children, node.probabilities, strict=True):
                if _frac(p):
                    stack.append((tree.node(c), s0, s1, w * _frac(p)))
            continue
        i = node.player or 0
        for a, c in zip(node.actions, node.children, strict=True):
            k = idx[i][(node.infoset_key, a)]
            stack.append((tree.node(c), k, s1, w) if i == 0 else (tree.node(c), s0, k, w))
    return out


def _equilibrium(
    sf: SequenceForm, x: tuple[Fraction, ...], y: tuple[Fraction, ...]
) -> SequenceFormEquilibrium | None:
    """The equilibrium with realization plans ``x, y``, if it verifies exactly in the tree."""
    for player, plan in ((0, x), (1, y)):
        for r, row in enumerate(sf.constraints(player)):
            total = sum((c * plan[s] for s, c in row.items()), _ZERO)
            if total != (1 if r == 0 else 0):
                return None
        if any(v < 0 for v in plan):
            return None
    behavior = {**behavior_of(sf, 0, x), **behavior_of(sf, 1, y)}
    value, best = best_response_values(sf.tree, behavior)
    if any(b != v for b, v in zip(best, value, strict=True)):
        return None
    order = [k for k in sf.tree.infosets if k in behavior]
    return SequenceFormEquilibrium(
        plans=(x, y),
        behavior=tuple((k, tuple(behavior[k].items())) for k in order),
        payoffs=(value[0], value[1]),
    )
