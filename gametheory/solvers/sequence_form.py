"""Nash equilibria of two-player game trees through the sequence form, in exact arithmetic.

The reduced strategic form of a tree can be exponentially larger than the tree: a player with
``k`` information sets of two actions each, all reachable together, has ``2**k`` reduced
strategies. The *sequence form* (Koller, Megiddo & von Stengel 1996; von Stengel 1996) is linear
in the tree, and its linear complementarity problem (LCP) has the Nash equilibria of the tree
(in behaviour strategies, by Kuhn's theorem) as solutions.

Definitions
-----------
A *sequence* of player ``i`` is the list of ``i``'s own (information set, action) pairs on the
path to a node; with perfect recall it is the same at every node of an information set, and it
is identified by its last pair (the empty sequence is ``∅``). A *realization plan* ``x`` of
player 1 gives each sequence the probability that player 1's own moves play it:
``x(∅) = 1`` and ``x(σ_h) = Σ_a x(σ_h a)`` at every information set ``h`` (``σ_h`` the sequence
leading to ``h``), written ``E x = e``, ``x ≥ 0``; likewise ``F y = f`` for player 2. The payoff
matrices have one entry per pair of sequences: ``A[σ, τ]`` is the sum, over the leaves that
``σ`` and ``τ`` lead to, of the chance probability times player 1's payoff; expected payoffs
are ``xᵀ A y`` and ``xᵀ B y``.

``(x, y)`` is a Nash equilibrium iff, for some vectors ``p, q`` (free),

    x ≥ 0, E x = e,   Eᵀ p − A y ≥ 0,   xᵀ (Eᵀ p − A y) = 0,
    y ≥ 0, F y = f,   Fᵀ q − Bᵀ x ≥ 0,  yᵀ (Fᵀ q − Bᵀ x) = 0,

(Koller, Megiddo & von Stengel 1996, Theorem 3.2; by LP duality each realization plan is a best
response to the other). With ``p = p′ − p″`` and ``q = q′ − q″`` this is a standard LCP, solved
here by Lemke's algorithm with a lexicographic ratio test, every pivot in ``Fraction`` arithmetic
(KMvS 1996, §4; payoffs are first shifted below zero, which changes no equilibrium because the
leaves' realization probabilities sum to 1). Each covering vector ``d > 0`` starts a different
path; :func:`solve_sequence_form` runs ``d = 1`` and then ``starts - 1`` seeded random positive
integer vectors, and keeps the distinct equilibria found.

For small trees :func:`sequence_form_vertices` enumerates *every* extreme equilibrium: the
complementary vertex pairs of the two best-response polyhedra
``{(x, q): E x = e, x ≥ 0, Fᵀ q ≥ Bᵀ x}`` and ``{(y, p): F y = f, y ≥ 0, Eᵀ p ≥ A y}``, as
the vertex enumeration of bimatrix games does with the strategic form (von Stengel 2002, §3.5;
the sequence-form analogue in von Stengel 1996, §4).

Every equilibrium is verified exactly in the tree before it is returned
(:func:`verify_behavior`): the realization plans become behaviour strategies, each player's
expected payoff is computed by walking the tree, and each player's best-response value against
the other's behaviour is computed by a second walk (a maximum over the player's own information
sets, bottom up); the two must be equal for both players.

References
----------
Koller, D., Megiddo, N. & von Stengel, B. (1996), "Efficient computation of equilibria for
extensive two-person games", *Games and Economic Behavior* 14, 247–259.
von Stengel, B. (1996), "Efficient computation of behavior strategies", *Games and Economic
Behavior* 14, 220–246.
von Stengel, B. (2002), "Computing equilibria for two-person games", *Handbook of Game Theory*
vol. 3, ch. 45, Elsevier.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations
from math import comb

from gametheory.exceptions import GameTheoryError, UnsupportedGameError
from gametheory.model.tree import GameTree, TreeNode

__all__ = [
    "REDUCED_FORM_CELLS",
    "SEQUENCE_VERTEX_LIMIT",
    "SequenceForm",
    "SequenceFormEquilibrium",
    "SequenceFormResult",
    "best_response_values",
    "reduced_form_is_small",
    "reduced_form_size",
    "sequence_form",
    "sequence_form_vertices",
    "solve_sequence_form",
    "tracing_lemke",
    "verify_behavior",
]

#: The reduced strategic form of a tree is built only up to this many cells.
REDUCED_FORM_CELLS = 25_000

#: The vertex enumeration tries at most this many candidate bases per player.
SEQUENCE_VERTEX_LIMIT = 1_500

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


def sequence_form(tree: GameTree) -> SequenceForm:
    """The sequence form of a numeric two-player tree with perfect recall, in one pass over the
    tree (its size is linear in the tree).

    Raises
    ------
    UnsupportedGameError
        If the tree does not have two players, is symbolic, or lacks perfect recall (then
        realization plans do not describe behaviour; Kuhn 1953).

    Examples
    --------
    Matching pennies after an outside option (Osborne 2004, ch. 10): player 1 has the
    sequences ∅, Out, In, In·Heads, In·Tails; player 2 has ∅, Heads, Tails.

    >>> from gametheory.io import load_efg
    >>> sf = sequence_form(load_efg("tests/data/out_or_pennies.efg"))
    >>> sf.sizes, sf.sequences[1]
    ((5, 3), (None, ('2:1', 'Heads'), ('2:1', 'Tails')))
    """
    if len(tree.players) != 2:
        raise UnsupportedGameError(
            f"the sequence form is built for two players; this tree has {len(tree.players)}"
        )
    return _build(tree, payoffs=True)


def _build(tree: GameTree, *, payoffs: bool) -> SequenceForm:
    if len(tree.players) != 2:
        raise UnsupportedGameError(
            f"the sequence form is built for two players; this tree has {len(tree.players)}"
        )
    if payoffs and not tree.is_numeric:
        raise UnsupportedGameError(
            "the sequence form needs a numeric tree: give every parameter a value"
        )
    seqs: tuple[list[tuple[str, str] | None], list[tuple[str, str] | None]] = ([None], [None])
    index: tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]] = ({}, {})
    order: tuple[list[str], list[str]] = ([], [])
    parent: tuple[dict[str, int], dict[str, int]] = ({}, {})
    actions: dict[str, tuple[str, ...]] = {}
    pay: tuple[dict[tuple[int, int], Fraction], dict[tuple[int, int], Fraction]] = ({}, {})
    stack: list[tuple[TreeNode, int, int, Fraction]] = [(tree.root, 0, 0, _ONE)]
    while stack:
        node, s0, s1, w = stack.pop()
        if node.kind == "terminal":
            if not payoffs:
                continue
            key = (s0, s1)
            for i in (0, 1):
                value = w * _frac(node.payoffs[i])
                if value or key in pay[i]:
                    pay[i][key] = pay[i].get(key, _ZERO) + value
            continue
        children = [tree.node(c) for c in node.children]
        if node.kind == "chance":
            for child, prob in reversed(list(zip(children, node.probabilities, strict=True))):
                p = _frac(prob) if payoffs else _ONE
                if p:
                    stack.append((child, s0, s1, w * p))
            continue
        i = node.player or 0
        h = node.infoset_key
        own = (s0, s1)[i]
        if h not in parent[i]:
            parent[i][h] = own
            order[i].append(h)
            actions[h] = node.actions
            for a in node.actions:
                index[i][(h, a)] = len(seqs[i])
                seqs[i].append((h, a))
        elif parent[i][h] != own:
            raise UnsupportedGameError(
                f"information set {h!r} is reached after different own moves of "
                f"{tree.players[i]!r}: the tree does not have perfect recall, and the sequence "
                "form needs it"
            )
        for a, child in reversed(list(zip(node.actions, children, strict=True))):
            k = index[i][(h, a)]
            stack.append((child, k, s1, w) if i == 0 else (child, s0, k, w))
    return SequenceForm(
        tree=tree,
        sequences=(tuple(seqs[0]), tuple(seqs[1])),
        infosets=(tuple(order[0]), tuple(order[1])),
        parent=parent,
        payoffs=pay,
        actions=actions,
    )


def reduced_form_size(tree: GameTree) -> tuple[int, ...]:
    """The number of reduced pure strategies of each player, counted without listing them.

    A player's reduced strategies below one of its sequences choose one action at each of the
    information sets that the sequence leads to directly, and a reduced strategy below that
    action: ``N(σ) = Π_h Σ_a N(σ_h a)`` over the sets ``h`` with ``σ_h = σ``. With perfect recall
    this counts the strategies of :func:`~gametheory.solvers.strategic_form.reduced_strategies`.

    Examples
    --------
    >>> from gametheory.io import load_efg
    >>> reduced_form_size(load_efg("tests/data/out_or_pennies.efg"))
    (3, 2)
    """
    sf = _build(tree, payoffs=False)
    out = []
    for i in (0, 1):
        below: dict[int, list[str]] = {}
        for h in sf.infosets[i]:
            below.setdefault(sf.parent[i][h], []).append(h)
        idx = sf.index(i)
        count: dict[int, int] = {}
        for k in range(len(sf.sequences[i]) - 1, -1, -1):  # children come after parents
            n = 1
            for h in below.get(k, []):
                n *= sum(count[idx[(h, a)]] for a in sf.actions[h])
            count[k] = n
        out.append(count[0])
    return tuple(out)


def reduced_form_is_small(tree: GameTree) -> bool:
    """True when the reduced strategic form of a two-player tree is worth building: at most
    :data:`REDUCED_FORM_CELLS` cells and, with imperfect information, within the exact method's
    limit (a perfect-information tree's large form still gives all its pure equilibria). A tree
    without perfect recall counts as small (only the strategic form solves it).

    Examples
    --------
    >>> from gametheory.io import load_efg
    >>> reduced_form_is_small(load_efg("tests/data/out_or_pennies.efg"))
    True
    """
    from gametheory.solvers.exact import EXACT_SIZE_LIMIT, exact_work

    try:
        m, n = reduced_form_size(tree)
    except UnsupportedGameError:
        return True
    if m * n > REDUCED_FORM_CELLS:
        return False
    return tree.perfect_information or exact_work(m, n) <= EXACT_SIZE_LIMIT


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


# -- Lemke's algorithm ---------------------------------------------------------------------------
class _Ray(GameTheoryError):
    """Lemke's algorithm ended on a secondary ray."""


def _plan_of(sf: SequenceForm, player: int, behavior: Behavior) -> list[Fraction]:
    """The realization plan of a behaviour strategy (every set specified)."""
    plan = [_ONE] + [_ZERO] * (len(sf.sequences[player]) - 1)
    idx = sf.index(player)
    for h in sf.infosets[player]:  # preorder: the parent sequence comes first
        mass = plan[sf.parent[player][h]]
        for a in sf.actions[h]:
            plan[idx[(h, a)]] = mass * behavior[h][a]
    return plan


def _pure_best_reply(sf: SequenceForm, player: int, values: list[Fraction]) -> set[int]:
    """The sequences of a pure best reply at *every* information set (ties: first action), when
    sequence ``σ`` earns ``values[σ]`` directly (``(A ȳ)_σ``)."""
    idx = sf.index(player)
    below: dict[int, list[str]] = {}
    for h in sf.infosets[player]:
        below.setdefault(sf.parent[player][h], []).append(h)
    worth: dict[int, Fraction] = {}
    chosen: set[int] = {0}
    for k in range(len(sf.sequences[player]) - 1, -1, -1):
        total = values[k]
        for h in below.get(k, []):
            options = [idx[(h, a)] for a in sf.actions[h]]
            best = max(options, key=lambda o: (worth[o], -o))
            total += worth[best]
        worth[k] = total
    for h in sf.infosets[player]:
        options = [idx[(h, a)] for a in sf.actions[h]]
        chosen.add(max(options, key=lambda o: (worth[o], -o)))
    return chosen


def tracing_lemke(
    sf: SequenceForm, priors: tuple[Behavior, Behavior], *, max_pivots: int = 100_000
) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
    """One equilibrium's realization plans, by Lemke's algorithm on the sequence-form LCP started
    from a pair of completely mixed behaviour strategies ``priors`` (von Stengel, van den Elzen &
    Talman 2002): every pivot is exact.

    The augmented system, with ``z0`` going from 1 to 0 and ``x̄, ȳ`` the priors' plans, is

        Eᵀ p − A y − z0 A ȳ ≥ 0 ⟂ x ≥ 0,   E x + z0 e = e,
        Fᵀ q − Bᵀ x − z0 Bᵀ x̄ ≥ 0 ⟂ y ≥ 0,  F y + z0 f = f:

    each player's (scaled) plan best-responds to the other's plan mixed with the prior. At
    ``z0 = 1`` the basis is a pure best reply to each prior; Lemke's algorithm follows the
    almost-complementary path until ``z0`` leaves the basis. Ties in the ratio test are broken
    lexicographically, so degenerate trees do not cycle. Payoffs are shifted below zero first.

    Raises
    ------
    GameTheoryError
        If the path ends on a ray or exceeds ``max_pivots`` (neither happens for a tree with
        perfect recall, von Stengel, van den Elzen & Talman 2002, Theorem 4.1; reported rather
        than assumed).
    """
    a, b = _shifted(sf)
    n1, n2 = sf.sizes
    e_rows, f_rows = sf.constraints(0), sf.constraints(1)
    k1, k2 = len(e_rows), len(f_rows)
    xbar, ybar = _plan_of(sf, 0, priors[0]), _plan_of(sf, 1, priors[1])
    ay = [_ZERO] * n1  # A ybar
    bx = [_ZERO] * n2  # B^T xbar
    for (s, j), v in a.items():
        ay[s] += v * ybar[j]
    for (s, j), v in b.items():
        bx[j] += v * xbar[s]
    rows_n = n1 + n2 + k1 + k2
    W1, W2, X, Y = 0, n1, n1 + n2, 2 * n1 + n2
    P = 2 * (n1 + n2)
    Q = P + k1
    Z0 = Q + k2
    ID = Z0 + 1
    width = ID + rows_n + 1
    t: list[list[Fraction]] = [[_ZERO] * width for _ in range(rows_n)]
    for i in range(rows_n):
        t[i][ID + i] = _ONE
    for i in range(n1):
        t[i][W1 + i] = _ONE
        t[i][Z0] = ay[i]
    for (s, tt), v in a.items():
        t[s][Y + tt] += v
    for j in range(n2):
        t[n1 + j][W2 + j] = _ONE
        t[n1 + j][Z0] = bx[j]
    for (s, tt), v in b.items():
        t[n1 + tt][X + s] += v
    for r, row in enumerate(e_rows):
        for s, c in row.items():
            t[s][P + r] -= c
            t[n1 + n2 + r][X + s] = Fraction(c)
    for r, row in enumerate(f_rows):
        for j, c in row.items():
            t[n1 + j][Q + r] -= c
            t[n1 + n2 + k1 + r][Y + j] = Fraction(c)
    t[n1 + n2][Z0] = _ONE
    t[n1 + n2][-1] = _ONE
    t[n1 + n2 + k1][Z0] = _ONE
    t[n1 + n2 + k1][-1] = _ONE
    basis: list[int] = [-1] * rows_n

    def pivot(r: int, col: int) -> None:
        prow = t[r]
        pv = prow[col]
        if pv != 1:
            inv = 1 / pv
            prow[:] = [v * inv if v else v for v in prow]
        nz = [k for k, v in enumerate(prow) if v]
        for i2 in range(rows_n):
            row = t[i2]
            f = row[col]
            if i2 != r and f:
                for k in nz:
                    row[k] -= f * prow[k]
        basis[r] = col

    chosen_x = _pure_best_reply(sf, 0, ay)  # w = Eᵀp − Aȳ ≥ 0: a best reply to ȳ
    chosen_y = _pure_best_reply(sf, 1, bx)
    initial = (
        [W1 + i for i in range(n1) if i not in chosen_x]
        + [W2 + j for j in range(n2) if j not in chosen_y]
        + [Z0]
        + [X + i for i in sorted(chosen_x) if i != 0]
        + [Y + j for j in sorted(chosen_y)]
        + [P + r for r in range(k1)]
        + [Q + r for r in range(k2)]
    )
    for col in initial:
        row_of = next((i for i in range(rows_n) if basis[i] < 0 and t[i][col]), None)
        if row_of is None:  # pragma: no cover - the initial basis is nonsingular
            raise GameTheoryError("the initial basis of the sequence-form LCP is singular")
        pivot(row_of, col)
    free = set(range(P, Z0))

    def complement(var: int) -> int:
        return var + (n1 + n2) if var < X else var - (n1 + n2)

    entering = X  # x(∅): its complement w(∅) is nonbasic at the start
    seen: set[tuple[int, frozenset[int]]] = set()
    for _ in range(max_pivots):
        state = (entering, frozenset(basis))
        if state in seen:  # pragma: no cover - the lexicographic rule prevents it
            raise GameTheoryError("Lemke's algorithm cycled (a degenerate path)")
        seen.add(state)
        cands = [i for i in range(rows_n) if basis[i] not in free and t[i][entering] > 0]
        if not cands:
            raise _Ray("Lemke's algorithm ended on a secondary ray")
        best = min(t[i][-1] / t[i][entering] for i in cands)
        tied = [i for i in cands if t[i][-1] / t[i][entering] == best]
        z0_row = [i for i in tied if basis[i] == Z0]
        if z0_row:
            r = z0_row[0]
        elif len(tied) == 1:
            r = tied[0]
        else:
            r = min(
                tied,
                key=lambda i: tuple(t[i][ID + k] / t[i][entering] for k in range(rows_n)),
            )
        leaving = basis[r]
        pivot(r, entering)
        if leaving == Z0:
            z = [_ZERO] * (n1 + n2)
            for i, var in enumerate(basis):
                if X <= var < P:
                    z[var - X] = t[i][-1]
            return tuple(z[:n1]), tuple(z[n1:])
        entering = complement(leaving)
    raise GameTheoryError(f"Lemke's algorithm did not finish in {max_pivots} pivots")


def _prior(sf: SequenceForm, player: int, rng: random.Random | None) -> Behavior:
    """The uniform behaviour strategy, or (with ``rng``) random completely mixed weights."""
    out: Behavior = {}
    for h in sf.infosets[player]:
        acts = sf.actions[h]
        weights = [Fraction(rng.randint(1, 9)) if rng else _ONE for _ in acts]
        total = sum(weights)
        out[h] = {a: w / total for a, w in zip(acts, weights, strict=True)}
    return out


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


@dataclass(frozen=True)
class SequenceFormResult:
    """What :func:`solve_sequence_form` found: verified equilibria, and how.

    ``complete`` is True when ``equilibria`` holds every extreme equilibrium (vertex enumeration);
    otherwise they are those Lemke's algorithm reached from ``starts`` covering vectors.
    """

    sequence_form: SequenceForm
    equilibria: tuple[SequenceFormEquilibrium, ...]
    method: str
    complete: bool
    exact: bool = True
    parameters: tuple[tuple[str, object], ...] = ()
    diagnostics: tuple[str, ...] = ()


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


def solve_lemke(
    sf: SequenceForm, *, starts: int = 1, seed: int | None = 0
) -> tuple[list[SequenceFormEquilibrium], list[str]]:
    """Equilibria found by :func:`tracing_lemke` from ``starts`` pairs of priors (uniform, then
    seeded random completely mixed ones); each is verified exactly."""
    rng = random.Random(seed)
    found: dict[tuple[tuple[Fraction, ...], tuple[Fraction, ...]], SequenceFormEquilibrium] = {}
    notes: list[str] = []
    for k in range(starts):
        gen = rng if k else None
        priors = (_prior(sf, 0, gen), _prior(sf, 1, gen))
        try:
            x, y = tracing_lemke(sf, priors)
        except GameTheoryError as err:
            notes.append(f"start {k}: {err}")
            continue
        if (x, y) in found:
            continue
        eq = _equilibrium(sf, x, y)
        if eq is None:
            notes.append(f"start {k}: the LCP solution failed the exact check and was dropped")
            continue
        found[(x, y)] = eq
    return list(found.values()), notes


# -- vertex enumeration --------------------------------------------------------------------------
def _solve_square(rows: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """The unique solution of a square linear system, or None when it is singular."""
    n = len(rows)
    a = [[*list(r), v] for r, v in zip(rows, rhs, strict=True)]
    for col in range(n):
        piv = next((r for r in range(col, n) if a[r][col]), None)
        if piv is None:
            return None
        a[col], a[piv] = a[piv], a[col]
        pv = a[col][col]
        a[col] = [v / pv for v in a[col]]
        for r in range(n):
            if r != col and a[r][col]:
                f = a[r][col]
                a[r] = [u - f * w for u, w in zip(a[r], a[col], strict=True)]
    return [a[r][n] for r in range(n)]


def _vertices(
    own_rows: list[dict[int, int]],
    other_rows: list[dict[int, int]],
    pay: dict[tuple[int, int], Fraction],
    n_own: int,
    n_other: int,
    transpose: bool,
) -> list[tuple[tuple[Fraction, ...], frozenset[int]]]:
    """Vertices of ``{(x, u): E x = e, x ≥ 0, Fᵀ u ≥ Pᵀ x}`` (``P`` is ``pay`` with the own
    sequence first) with their labels: own sequences with ``x = 0`` (labels ``0..n_own-1``) and
    the other's sequences whose inequality is tight (``n_own + τ``)."""
    k_own, k_other = len(own_rows), len(other_rows)
    dim = n_own + k_other
    free = dim - k_own  # tight inequalities needed
    # inequality τ: sum_r F[r][τ] u_r - sum_σ P[σ, τ] x_σ >= 0
    ineq: list[list[Fraction]] = []
    for t in range(n_other):
        row = [_ZERO] * dim
        for (s1, s2), v in pay.items():
            s, tt = (s2, s1) if transpose else (s1, s2)
            if tt == t:
                row[s] -= v
        for r, frow in enumerate(other_rows):
            if t in frow:
                row[n_own + r] += frow[t]
        ineq.append(row)
    eqs = []
    for r, erow in enumerate(own_rows):
        row = [_ZERO] * dim
        for s, c in erow.items():
            row[s] = Fraction(c)
        eqs.append((row, _ONE if r == 0 else _ZERO))
    out = []
    for tight in combinations(range(n_own + n_other), free):
        rows = [r for r, _ in eqs]
        rhs = [v for _, v in eqs]
        for lab in tight:
            if lab < n_own:
                row = [_ZERO] * dim
                row[lab] = _ONE
                rows.append(row)
            else:
                rows.append(ineq[lab - n_own])
            rhs.append(_ZERO)
        sol = _solve_square(rows, rhs)
        if sol is None:
            continue
        x = sol[:n_own]
        if any(v < 0 for v in x):
            continue
        slack = [sum((c * s for c, s in zip(row, sol, strict=True)), _ZERO) for row in ineq]
        if any(v < 0 for v in slack):
            continue
        labels = frozenset(
            [s for s in range(n_own) if not x[s]]
            + [n_own + t for t in range(n_other) if not slack[t]]
        )
        out.append((tuple(x), labels))
    return list(dict.fromkeys(out))


def sequence_form_vertices(
    sf: SequenceForm, *, limit: int = SEQUENCE_VERTEX_LIMIT
) -> list[SequenceFormEquilibrium] | None:
    """Every extreme Nash equilibrium, by enumerating the vertices of both best-response
    polyhedra and keeping the complementary pairs (module docstring); ``None`` when a player's
    candidate bases exceed ``limit``.

    Examples
    --------
    >>> from gametheory.io import load_efg
    >>> sf = sequence_form(load_efg("tests/data/out_or_pennies.efg"))
    >>> sorted(e.distribution("2:1")["Heads"] for e in sequence_form_vertices(sf))
    [Fraction(0, 1), Fraction(1, 2), Fraction(1, 1)]
    """
    n1, n2 = sf.sizes
    e_rows, f_rows = sf.constraints(0), sf.constraints(1)
    k1, k2 = len(e_rows), len(f_rows)
    if comb(n1 + n2, n1 + k2 - k1) > limit or comb(n1 + n2, n2 + k1 - k2) > limit:
        return None
    a, b = sf.payoffs
    px = _vertices(e_rows, f_rows, b, n1, n2, transpose=False)
    # for player 2, the own sequence is the second index of A
    qy = _vertices(f_rows, e_rows, a, n2, n1, transpose=True)
    out: dict[tuple[tuple[Fraction, ...], ...], SequenceFormEquilibrium] = {}
    everything = frozenset(range(n1 + n2))
    for x, lx in px:
        for y, ly in qy:
            # relabel player 2's polyhedron into player 1's numbering
            ly1 = frozenset((lab + n1) if lab < n2 else (lab - n2) for lab in ly)
            if lx | ly1 == everything and (x, y) not in out:
                eq = _equilibrium(sf, x, y)
                if eq is not None:
                    out[(x, y)] = eq
    return list(out.values())


def solve_sequence_form(
    tree: GameTree,
    *,
    method: str = "auto",
    starts: int = 8,
    seed: int | None = 0,
    vertex_limit: int = SEQUENCE_VERTEX_LIMIT,
) -> SequenceFormResult:
    """Nash equilibria of a two-player tree through its sequence form, verified exactly.

    Parameters
    ----------
    tree
        A numeric two-player tree with perfect recall.
    method
        ``"vertex"``: every extreme equilibrium by vertex enumeration (small trees only);
        ``"lemke"``: Lemke's algorithm from ``starts`` covering vectors; ``"auto"``: vertex
        enumeration when the candidate bases are at most ``vertex_limit``, else Lemke.
    starts, seed
        How many covering vectors Lemke's algorithm starts from, and the seed of the random ones.

    Raises
    ------
    ValueError
        For an unknown ``method`` (the message lists the valid ones).
    UnsupportedGameError
        See :func:`sequence_form`.

    Examples
    --------
    >>> from gametheory.io import load_efg
    >>> res = solve_sequence_form(load_efg("tests/data/out_or_pennies.efg"), method="lemke")
    >>> [(e.payoffs, e.distribution("1:1")) for e in res.equilibria]
    [((Fraction(2, 1), Fraction(2, 1)), {'Out': Fraction(1, 1), 'In': Fraction(0, 1)})]
    """
    methods = ("auto", "lemke", "vertex")
    if method not in methods:
        raise ValueError(f"unknown method {method!r}; valid: {', '.join(methods)}")
    sf = sequence_form(tree)
    notes: list[str] = []
    params: tuple[tuple[str, object], ...] = (("starts", starts), ("seed", seed))
    if method in ("auto", "vertex"):
        found = sequence_form_vertices(sf, limit=vertex_limit)
        if found is not None:
            return SequenceFormResult(sf, tuple(found), "sequence-form vertex enumeration", True)
        if method == "vertex":
            raise UnsupportedGameError(
                f"the sequence form has {sf.sizes[0]}x{sf.sizes[1]} sequences: more than "
                f"{vertex_limit} candidate bases; use method='lemke'"
            )
        notes.append(
            f"the sequence form ({sf.sizes[0]}x{sf.sizes[1]} sequences) is too large for vertex "
            f"enumeration: the equilibria Lemke's algorithm reaches from {starts} starting "
            "points are listed, not necessarily all"
        )
    eqs, more = solve_lemke(sf, starts=starts, seed=seed)
    return SequenceFormResult(
        sf, tuple(eqs), "sequence-form Lemke", False, parameters=params, diagnostics=(*notes, *more)
    )
