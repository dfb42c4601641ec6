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

from dataclasses import dataclass
from fractions import Fraction

from gametheory.exceptions import UnsupportedGameError
from gametheory.model.tree import GameTree, TreeNode
from gametheory.solvers.exact import EXACT_SIZE_LIMIT, exact_work
from gametheory.solvers.sequence_lcp import (
    SEQUENCE_VERTEX_LIMIT,
    sequence_form_vertices,
    solve_lemke,
)
from gametheory.solvers.sequence_plans import (
    SequenceForm,
    SequenceFormEquilibrium,
    _frac,
    behavior_of,
    best_response_values,
    verify_behavior,
)

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

_ZERO = Fraction(0)
_ONE = Fraction(1)


# -- the sequence form ---------------------------------------------------------------------------
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
    try:
        m, n = reduced_form_size(tree)
    except UnsupportedGameError:
        return True
    if m * n > REDUCED_FORM_CELLS:
        return False
    return tree.perfect_information or exact_work(m, n) <= EXACT_SIZE_LIMIT


# -- equilibria ----------------------------------------------------------------------------------
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
