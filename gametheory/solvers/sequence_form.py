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

(Koller, Megiddo & von Stengel 1996; by LP duality each realization plan is a best response to
the other, ``p`` and ``q`` being the dual variables). This mixed LCP (free ``p, q``, equations
for the plans) is solved by Lemke's algorithm started from a pair of completely mixed behaviour
strategies, the *priors* (von Stengel, van den Elzen & Talman 2002; see
:func:`~gametheory.solvers.sequence_lcp.tracing_lemke`), with a lexicographic ratio test and every
pivot in ``Fraction`` arithmetic; payoffs are first shifted below zero, which changes no
equilibrium because the leaves' realization probabilities sum to 1. Different priors can lead to
different equilibria: :func:`solve_sequence_form` starts from the uniform priors and then from
``starts - 1`` seeded random ones, and keeps the distinct equilibria found.

For small trees :func:`~gametheory.solvers.sequence_lcp.sequence_form_vertices` enumerates every
*extreme* equilibrium: the complementary vertex pairs of the two best-response polyhedra
``{(x, q): E x = e, x ≥ 0, Fᵀ q ≥ Bᵀ x}`` and ``{(y, p): F y = f, y ≥ 0, Eᵀ p ≥ A y}``, as
the vertex enumeration of bimatrix games does with the strategic form (von Stengel 2002, §3.5).
A vertex pair may lie inside a segment of equilibria, so the list can hold more than the extreme
points of the set of equilibria; every equilibrium is a convex combination of listed ones that
share complementary labels.

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
von Stengel, B., van den Elzen, A. & Talman, D. (2002), "Computing normal form perfect equilibria
for extensive two-person games", *Econometrica* 70, 693–715.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from gametheory.exceptions import UnsupportedGameError
from gametheory.model.tree import GameTree, TreeNode

__all__ = [
    "REDUCED_FORM_CELLS",
    "SEQUENCE_VERTEX_LIMIT",
    "SequenceForm",
    "SequenceFormEquilibrium",
    "SequenceFormResult",
    "behavior_of",
    "best_response_values",
    "reduced_form_is_small",
    "reduced_form_size",
    "sequence_form",
    "solve_sequence_form",
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
    this counts the strategies of :func:`~gametheory.model.strategic_form.reduced_strategies`.

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
    otherwise they are those Lemke's algorithm reached from ``starts`` pairs of priors.
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
        ``"lemke"``: Lemke's algorithm from ``starts`` pairs of priors; ``"auto"``: vertex
        enumeration when the candidate bases are at most ``vertex_limit``, else Lemke.
    starts, seed
        How many pairs of priors Lemke's algorithm starts from (uniform first), and the seed of
        the random ones.

    Raises
    ------
    ValueError
        For an unknown ``method`` (the message lists the valid ones).
    UnsupportedGameError
        See :func:`sequence_form`.

    Examples
    --------
    >>> from gametheory.io import load_efg

    Player 1 takes the outside option; from different priors, player 2's (untested) threat in
    matching pennies differs:

    >>> res = solve_sequence_form(load_efg("tests/data/out_or_pennies.efg"), method="lemke")
    >>> {e.payoffs for e in res.equilibria}, {e.distribution("1:1")["Out"] for e in res.equilibria}
    ({(Fraction(2, 1), Fraction(2, 1))}, {Fraction(1, 1)})
    >>> sorted(e.distribution("2:1")["Heads"] for e in res.equilibria)
    [Fraction(0, 1), Fraction(1, 2), Fraction(1, 1)]
    """
    from gametheory.solvers.sequence_lcp import sequence_form_vertices, solve_lemke

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
