"""Solving game trees: subgame-perfect equilibria and the Nash equilibria of the reduced strategic
form, with each Nash equilibrium marked subgame perfect or not.

A Nash equilibrium of the strategic form can rest on a threat or a promise that would not be
carried out (Selten 1965; Osborne 2004, ch. 5): in the drawdown game, "the county refuses, and the
federal side would honor a deal with probability 2/3" is a Nash equilibrium only because the
promise is never tested. This module tells such equilibria apart from the subgame-perfect ones.

Definitions
-----------
A *subgame* starts at a node ``r`` that is a chance node or a singleton information set and
whose subtree contains every node of each information set it meets (Selten 1965; Osborne 2004,
§10.4); the root starts the whole game, the others are *proper* subgames. The subgames nest, so
they form a tree of their own.

A *behavior strategy profile* maps each information set to a probability distribution over its
actions (here a ``dict`` of exact Fractions; Kuhn 1953). It is subgame perfect when it induces a
Nash equilibrium in every subgame; by the one-shot deviation argument for subgames (Fudenberg &
Tirole 1991, §3.2; Mas-Colell, Whinston & Green 1995, Prop. 9.B.3) that holds iff, in each
subgame with its own proper subgames replaced by the profile's payoffs there (the *collapsed*
subgame), no player gains by switching to another pure strategy.

Perfect-information trees are solved by :func:`~gametheory.solvers.backward_induction.
backward_induction`. Imperfect-information trees are solved by backward induction over the
subgames (:func:`subgame_perfect_equilibria`): each collapsed subgame, from the bottom up, has
its two-player reduced strategic form solved by the exact solver, which lists every *extreme*
Nash equilibrium; each equilibrium's behavior strategies and expected payoffs replace the subgame
in its parent, and combinations branch like ties in backward induction. Where a subgame's
equilibria form a continuum, only the SPE composed of its extreme equilibria are listed (the
diagnostics say which subgame).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import product

import sympy as sp

from gametheory.lp import linprog_exact
from gametheory.model.strategic_form import (
    ReducedStrategy,
    _reachable_sets,
    reduced_strategic_form,
    reduced_strategies,
)
from gametheory.model.tree import GameTree, History, TreeNode, history_text
from gametheory.solvers.backward_induction import SubgamePerfectEquilibrium, backward_induction
from gametheory.solvers.dispatch import solve
from gametheory.solvers.exact import EXACT_SIZE_LIMIT, exact_work
from gametheory.solvers.result import Equilibrium, EquilibriumResult
from gametheory.solvers.sequence_form import (
    reduced_form_is_small,
    reduced_form_size,
    solve_sequence_form,
)
from gametheory.symbolic.conditions import Assumptions, Condition

__all__ = [
    "SPE_LIMIT",
    "TreeSolution",
    "has_proper_subgame",
    "solve_tree",
    "subgame_perfect_equilibria",
    "subgame_roots",
    "tree_equilibria",
]

#: At most this many subgame-perfect equilibria are kept per subgame (combinations multiply).
SPE_LIMIT = 1000

#: Information set → action → probability (exact); actions with probability 0 may be left out.
Behavior = dict[str, dict[str, Fraction]]

_ONE = Fraction(1)


@dataclass(frozen=True)
class TreeSolution:
    """What :func:`solve_tree` found.

    Attributes
    ----------
    tree
        The (numeric) tree that was solved.
    spe
        Perfect information: every pure subgame-perfect equilibrium (by backward induction).
        Imperfect information: every SPE in behavior strategies composed of the extreme Nash
        equilibria of the collapsed subgames (:func:`subgame_perfect_equilibria`).
    normal_form
        The Nash equilibria of the reduced strategic form (two-player trees), or ``None``.
    strategies
        The reduced strategies behind the strategic form's rows and columns.
    subgame_perfect
        For each Nash equilibrium of ``normal_form``: is it (the strategic form of) a subgame-perfect
        equilibrium? ``None`` when that could not be decided (the diagnostics say why).
    diagnostics
        What the solver noticed: continua in subgames, subgames it could not solve, undecided marks.
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


# -- subgame-perfect equilibria of imperfect-information trees ----------------------------------
@dataclass
class _Partial:
    behavior: Behavior
    payoffs: tuple[Fraction, ...]


def _solve_collapsed(
    tree: GameTree,
    r: History,
    leaves: dict[History, tuple[Fraction, ...]],
    notes: list[str],
    whole: tuple[EquilibriumResult, tuple[tuple[ReducedStrategy, ...], ...]] | None = None,
) -> list[_Partial] | None:
    """The extreme Nash equilibria of the collapsed subgame at ``r`` (``None``: not solvable).

    ``whole`` is the solved strategic form of the whole tree, used when ``r`` is the root of a
    tree without proper subgames (the collapsed game is then the tree itself).
    """

    sub = _subtree(tree, r, leaves)
    where = _where(r)
    movers = _movers(sub)
    if not movers:
        return [_Partial({}, _expected(sub, {}))]
    if len(movers) == 1:
        p = movers[0]
        options = [(s, _expected(sub, _pure(s.plan))) for s in reduced_strategies(sub, p)]
        best = max(v[p] for _, v in options)
        return [_Partial(_pure(s.plan), v) for s, v in options if v[p] == best]
    if len(movers) > 2:
        names = ", ".join(tree.players[i] for i in movers)
        notes.append(
            f"{where} has {len(movers)} players who move ({names}): its strategic "
            "form is built for two, so the subgame-perfect equilibria are not computed"
        )
        return None
    if whole is not None:
        result, strategies = whole
        m, n = result.game.shape
    else:
        two = _subtree(tree, r, leaves, keep=(movers[0], movers[1]))
        if not reduced_form_is_small(two):
            return _sequence_form_partials(sub, two, where, notes)
        game, strategies = reduced_strategic_form(two)
        m, n = game.shape
        result = solve(game, "exact" if exact_work(m, n) <= EXACT_SIZE_LIMIT else "pure")
    if whole is None and result.method != "exact":
        notes.append(
            f"{where} has a {m}x{n} strategic form, above the exact method's limit: only its "
            "pure equilibria are used, so mixed SPE may be missing"
        )
    if any(not c.is_isolated for c in result.components):
        notes.append(
            f"the equilibria of {where} form a continuum: the SPE built from its extreme "
            "equilibria are listed"
        )
    out = []
    for eq in result.equilibria:
        behavior = {
            **_behavior(strategies[0], eq.strategies[0]),
            **_behavior(strategies[1], eq.strategies[1]),
        }
        out.append(_Partial(behavior, _expected(sub, behavior)))
    return out


def _sequence_form_partials(
    sub: GameTree, two: GameTree, where: str, notes: list[str]
) -> list[_Partial]:
    """The equilibria of a two-mover collapsed subgame whose reduced strategic form is large,
    through the sequence form (:mod:`gametheory.solvers.sequence_form`)."""
    found = solve_sequence_form(two)
    notes.append(
        f"{where}: the reduced strategic form is large, so the equilibria come from the sequence "
        f"form ({found.method})"
    )
    notes.extend(f"{where}: {d}" for d in found.diagnostics)
    out = []
    for eq in found.equilibria:
        behavior = {k: dict(d) for k, d in eq.behavior}
        out.append(_Partial(behavior, _expected(sub, behavior)))
    return out


def _as_spe(
    tree: GameTree, behavior: Behavior, payoffs: tuple[Fraction, ...]
) -> SubgamePerfectEquilibrium:
    def pure_action(key: str) -> str | None:
        played = [a for a, p in behavior.get(key, {}).items() if p]
        return played[0] if len(played) == 1 else None

    decisions = [n for n in tree.preorder() if n.kind == "decision"]
    choices = tuple(
        (n.history, a) for n in decisions if (a := pure_action(n.infoset_key)) is not None
    )
    mixed = any(pure_action(k) is None for k in behavior)
    full: tuple[tuple[str, tuple[tuple[str, Fraction], ...]], ...] = ()
    if mixed:
        full = tuple(
            (key, tuple((a, behavior[key].get(a, Fraction(0))) for a in nodes[0].actions))
            for key, nodes in tree.infosets.items()
            if key in behavior
        )
    path: list[str] = []
    node = tree.root
    while node.kind == "decision" and (a := pure_action(node.infoset_key)) is not None:
        path.append(a)
        node = tree.node((*node.history, a))
    return SubgamePerfectEquilibrium(
        choices=choices,
        payoffs=tuple(sp.Rational(u.numerator, u.denominator) for u in payoffs),
        condition=Condition.always(),
        path=tuple(path),
        behavior=full,
    )


def subgame_perfect_equilibria(
    tree: GameTree,
) -> tuple[tuple[SubgamePerfectEquilibrium, ...], tuple[str, ...]]:
    """Subgame-perfect equilibria in behavior strategies, by backward induction over subgames.

    From the bottom of the subgame tree up, each collapsed subgame (its proper subgames replaced
    by their payoffs) is solved: a chance node by expected values, a single mover by its best
    pure plans (ties branch), two movers by the exact solver on the reduced strategic form, which
    lists every extreme Nash equilibrium, degenerate games included. Each equilibrium, converted
    to behavior strategies (Kuhn 1953), is combined with every combination of the proper
    subgames' solutions (Fudenberg & Tirole 1991, §3.2; Osborne 2004, §10.4). Every SPE obtained
    so is returned once, verified exactly subgame by subgame.

    When a subgame's equilibria form a continuum only the SPE built from its extreme equilibria
    are returned, and the diagnostics say so. Information sets that a player's own moves rule
    out inside a collapsed subgame are left unspecified: any behavior there completes the profile
    (it changes no one's payoff in any subgame).

    Parameters
    ----------
    tree
        A numeric tree (any information structure; perfect information gives the pure SPE of
        backward induction and their mixtures' extreme points at ties).

    Returns
    -------
    spe, diagnostics
        The equilibria (pure ones first) and what was noticed: continua, subgames with more than
        two movers (then no SPE is returned), subgames too large for the exact method, more than
        :data:`SPE_LIMIT` equilibria.

    References
    ----------
    Selten, R. (1965), "Spieltheoretische Behandlung eines Oligopolmodells mit Nachfrageträgheit".
    Fudenberg, D. & Tirole, J. (1991), *Game Theory*, MIT Press, §3.2.
    Osborne, M. J. (2004), *An Introduction to Game Theory*, Oxford University Press, ch. 10.

    Examples
    --------
    Player 1 stays out, (2, 2), or enters a game of matching pennies worth (0, 0) in its unique
    equilibrium; so player 1 stays out (Osborne 2004, ch. 10):

    >>> from gametheory.io import load_efg
    >>> spe, notes = subgame_perfect_equilibria(load_efg("tests/data/out_or_pennies.efg"))
    >>> [(e.path, e.payoffs) for e in spe]
    [(('Out',), (2, 2))]
    >>> spe[0].distribution("2:1")
    {'Heads': Fraction(1, 2), 'Tails': Fraction(1, 2)}
    """
    return _subgame_perfect(tree)


def _subgame_perfect(
    tree: GameTree,
    whole: tuple[EquilibriumResult, tuple[tuple[ReducedStrategy, ...], ...]] | None = None,
) -> tuple[tuple[SubgamePerfectEquilibrium, ...], tuple[str, ...]]:
    notes: list[str] = []
    if _absent_minded(tree):
        return (), (
            "an information set holds a node and one of its successors (absent-mindedness, "
            "imperfect recall): subgame-perfect equilibria are not computed",
        )
    roots, kids = _forest(tree)
    if len(roots) > 1:
        whole = None
    solved: dict[History, list[_Partial]] = {}
    for r in reversed(roots):
        cache: dict[tuple[tuple[Fraction, ...], ...], list[_Partial] | None] = {}
        out: list[_Partial] = []
        for combo in product(*(solved[c] for c in kids[r])):
            values = tuple(part.payoffs for part in combo)
            if values not in cache:
                cache[values] = _solve_collapsed(
                    tree, r, dict(zip(kids[r], values, strict=True)), notes, whole
                )
            local = cache[values]
            if local is None:
                return (), tuple(dict.fromkeys(notes))
            for here in local:
                behavior: Behavior = dict(here.behavior)
                for part in combo:
                    behavior.update(part.behavior)
                out.append(_Partial(behavior, here.payoffs))
            if len(out) >= SPE_LIMIT:
                notes.append(
                    f"more than {SPE_LIMIT} subgame-perfect equilibria in {_where(r)}: only the "
                    f"first {SPE_LIMIT} are kept"
                )
                out = out[:SPE_LIMIT]
                break
        solved[r] = out
    found: dict[
        tuple[tuple[str, tuple[tuple[str, Fraction], ...]], ...], SubgamePerfectEquilibrium
    ] = {}
    for part in solved[()]:
        key = tuple(
            sorted(
                (k, tuple(sorted((a, p) for a, p in d.items() if p)))
                for k, d in part.behavior.items()
            )
        )
        if key in found:
            continue
        if not all(
            _is_nash(_collapsed(tree, kids, r, part.behavior), part.behavior) for r in roots
        ):
            notes.append("a candidate failed the exact subgame-perfection check and was dropped")
            continue
        found[key] = _as_spe(tree, part.behavior, part.payoffs)
    spe = sorted(found.values(), key=lambda e: not e.pure)
    return tuple(spe), tuple(dict.fromkeys(notes))


# -- marking the Nash equilibria of the whole strategic form ------------------------------------
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


def _completions(
    tree: GameTree,
    kids: dict[History, list[History]],
    r: History,
    absent: int,
    behavior: Behavior,
    fixed: dict[History, tuple[Fraction, ...]],
) -> tuple[Fraction, Fraction, Fraction] | None:
    """Can player ``absent``'s moves in the subgame at ``r`` (which its own moves rule out) be
    completed so that, with the other player's given ``behavior``, every subgame inside is in
    Nash equilibrium? ``None`` if not; else ``absent``'s value there (its best-reply value, the
    same for every such completion) and the least and largest value of the other player.

    Bottom-up: each proper subgame ``c`` is a leaf with payoffs ``(v_c, w_c)``, ``w_c`` free in
    ``[lo_c, hi_c]``. Over the mixed best replies ``x`` of ``absent`` in the collapsed subgame,
    the other player's payoffs are linear in ``x`` and in ``z_c = r_c(x) w_c`` (``r_c`` the
    probability that ``x`` heads for ``c``), with ``lo_c r_c <= z_c <= hi_c r_c``: the Nash
    condition of the other player is a system of linear inequalities, and its least and
    largest value are exact LPs (:func:`gametheory.lp.linprog_exact`). A subgame that both
    players' moves rule out has its payoffs in ``fixed`` (one of its own SPE's).
    """
    other = 1 - absent
    values: dict[History, tuple[Fraction, Fraction, Fraction]] = {}
    for c in kids[r]:
        if c in fixed:
            values[c] = (fixed[c][absent], fixed[c][other], fixed[c][other])
            continue
        got = _completions(tree, kids, c, absent, behavior, fixed)
        if got is None:
            return None
        values[c] = got
    rel = {c[len(r) :]: c for c in kids[r]}
    sub = _subtree(tree, r, {c: (Fraction(0), Fraction(0)) for c in kids[r]})

    def payoff(leaf: History, who: int) -> Fraction:
        return _frac(sub.node(leaf).payoffs[who])

    own = reduced_strategies(sub, absent)
    theirs = reduced_strategies(sub, other)
    worth = []
    for s in own:
        dist = _leaves(sub, {**behavior, **_pure(s.plan)})
        worth.append(
            sum(
                (
                    p * (values[rel[h]][0] if h in rel else payoff(h, absent))
                    for h, p in dist.items()
                ),
                Fraction(0),
            )
        )
    best = max(worth)
    replies = [own[k] for k, v in enumerate(worth) if v == best]
    kid_list = list(rel)

    def row(others: Behavior) -> list[Fraction]:
        """Coefficients of the other player's payoff in (x_s for s in replies, y_c for c)."""
        coef = []
        for s in replies:
            dist = _leaves(sub, {**others, **_pure(s.plan)})
            part = sum((p * payoff(h, other) for h, p in dist.items() if h not in rel), Fraction(0))
            # z_c = lo_c r_c + y_c: the lo_c r_c part is linear in x.
            for h in kid_list:
                if _reaches(sub, ReducedStrategy(absent, s.plan), h):
                    part += _others_reach(sub, h, others, absent) * values[rel[h]][1]
            coef.append(part)
        return coef + [_others_reach(sub, h, others, absent) for h in kid_list]

    target = row(behavior)
    a_ub = [[u - v for u, v in zip(row(_pure(t.plan)), target, strict=True)] for t in theirs]
    for k, h in enumerate(kid_list):  # y_c <= (hi_c - lo_c) r_c
        lo, hi = values[rel[h]][1:]
        line = [
            -(hi - lo) if _reaches(sub, ReducedStrategy(absent, s.plan), h) else Fraction(0)
            for s in replies
        ]
        line += [_ONE if j == k else Fraction(0) for j in range(len(kid_list))]
        a_ub.append(line)
    a_eq = [[_ONE] * len(replies) + [Fraction(0)] * len(kid_list)]
    bounds = []
    for maximize in (False, True):
        res = linprog_exact(
            target, A_ub=a_ub, b_ub=[0] * len(a_ub), A_eq=a_eq, b_eq=[1], maximize=maximize
        )
        if res.status != "optimal" or res.value is None:
            return None
        bounds.append(res.value)
    return best, bounds[0], bounds[1]


def _mark(
    tree: GameTree,
    roots: tuple[History, ...],
    kids: dict[History, list[History]],
    strategies: tuple[tuple[ReducedStrategy, ...], ...],
    eq: Equilibrium,
) -> tuple[bool | None, str | None]:
    behavior = {
        **_behavior(strategies[0], eq.strategies[0]),
        **_behavior(strategies[1], eq.strategies[1]),
    }
    support = [
        [s for s, p in zip(side, mix, strict=True) if p]
        for side, mix in zip(strategies, eq.strategies, strict=True)
    ]
    absent = {
        r: frozenset(i for i in (0, 1) if not any(_reaches(tree, s, r) for s in support[i]))
        for r in roots
    }
    undecided: str | None = None
    for r in roots:
        gone = absent[r]
        where = history_text(r) or "the root"
        if not gone:
            try:
                ok = _is_nash(_subtree(tree, r), behavior)
            except _Unspecified:  # pragma: no cover - only without perfect recall, checked before
                return None, f"the behavior in the subgame at {where!r} is not fully determined"
            if not ok:
                return False, None
            continue
        if len(gone) == 2:
            continue  # nobody reaches it by a unilateral deviation; it has an SPE of its own
        parent = _parent(roots, r)
        if parent is not None and absent[parent] == gone:
            continue  # decided at the largest such subgame
        inner = [x for x in roots if x != r and x[: len(r)] == r]
        both = [
            x for x in inner if len(absent[x]) == 2 and len(absent[_parent(roots, x) or ()]) == 1
        ]
        options: list[list[tuple[Fraction, ...]]] = []
        complete = True
        for x in both:  # subgames nobody's moves allow: try each of their own SPE's payoffs
            found, notes = subgame_perfect_equilibria(_subtree(tree, x))
            complete = complete and not notes
            options.append(list(dict.fromkeys(tuple(_frac(u) for u in e.payoffs) for e in found)))
        if not any(
            _completions(
                tree, kids, r, next(iter(gone)), behavior, dict(zip(both, pick, strict=True))
            )
            is not None
            for pick in product(*options)
        ):
            if not complete:
                undecided = (
                    f"{tree.players[next(iter(gone))]}'s own moves rule out the subgame at "
                    f"{where!r}, and a subgame inside it that both players' moves rule out has a "
                    "continuum of equilibria: whether the moves there can be completed "
                    "subgame-perfectly is not decided"
                )
                continue
            return False, None
    return (None, undecided) if undecided else (True, None)


def _mark_all(
    tree: GameTree,
    strategies: tuple[tuple[ReducedStrategy, ...], ...],
    equilibria: tuple[Equilibrium, ...],
) -> tuple[list[bool | None], list[str]]:
    """Decide, for each Nash equilibrium of the reduced strategic form, whether it is subgame
    perfect (imperfect information with proper subgames).

    An equilibrium (mixed strategies over reduced strategies) is converted to Kuhn's behavior
    strategies. A reduced strategy leaves out the information sets that the player's own moves
    rule out; an equilibrium is subgame perfect iff *some* completion there makes a Nash
    equilibrium in every subgame. Where the completion matters is decided subgame by subgame:

    * a subgame that every player's own moves allow: the behavior is fully specified where it
      matters; the Nash condition is checked exactly against every pure deviation;
    * a subgame that every player's moves rule out: nobody reaches it by a unilateral deviation,
      and any of its own SPE (one exists, with perfect recall) completes the profile;
    * a subgame ruled out by one player's moves only (take the largest such): that player's
      behavior there is free, the other's is given. Bottom-up over the subgames inside it, the
      free player must best-reply (its value is then fixed) and the other's behavior must be a
      best reply to it; each inner subgame contributes its fixed value for the free player and
      an interval of values for the other, and the condition is an exact LP
      (:func:`_completions`). Subgames inside it that both players' moves rule out take each of
      their own SPE's payoffs in turn; if one of them has a continuum of equilibria and no
      choice works, the question is left open (``None``, with a diagnostic).

    The completions in disjoint subgames do not interact (a subgame ruled out by a player's own
    moves is reached only by that player's deviations, which do not depend on its completion),
    so these decisions combine.

    A tree without perfect recall is not decided (``None``): Kuhn's equivalence is needed.
    """
    if not _perfect_recall(tree):
        return [None] * len(equilibria), [
            "the tree does not have perfect recall: subgame perfection of the strategic form's "
            "equilibria is not decided"
        ]
    roots, kids = _forest(tree)
    flags: list[bool | None] = []
    notes: list[str] = []
    for k, eq in enumerate(equilibria):
        flag, note = _mark(tree, roots, kids, strategies, eq)
        flags.append(flag)
        if note:
            notes.append(f"equilibrium {k}: {note}")
    return flags, notes


def _absent_minded(tree: GameTree) -> bool:
    """True when some information set holds a node and one of that node's successors."""
    for nodes in tree.infosets.values():
        histories = [n.history for n in nodes]
        for h in histories:
            if any(o != h and o[: len(h)] == h for o in histories):
                return True
    return False


def tree_equilibria(
    tree: GameTree, assumptions: Assumptions | None = None
) -> tuple[SubgamePerfectEquilibrium, ...]:
    """The subgame-perfect equilibria ``fedlocal tree`` draws.

    Backward induction with perfect information (symbolic trees too, each SPE with the
    condition under which it holds); for a numeric tree with imperfect information, the SPE in
    behavior strategies (:func:`subgame_perfect_equilibria`); none for a symbolic tree with
    imperfect information.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> sc = load_scenario("trust_game")
    >>> [e.path for e in tree_equilibria(sc.tree.subs(sc.values()))]
    [('No trust',)]
    """
    if tree.perfect_information:
        return backward_induction(tree, assumptions)
    if tree.is_numeric:
        return subgame_perfect_equilibria(tree)[0]
    return ()


def solve_tree(
    tree: GameTree, *, method: str = "auto", assumptions: Assumptions | None = None
) -> TreeSolution:
    """Subgame-perfect equilibria of a tree and the Nash equilibria of its reduced strategic form.

    Perfect information: the SPE come from backward induction; imperfect information (a numeric
    tree): from :func:`subgame_perfect_equilibria`. For a two-player numeric tree the reduced
    strategic form is solved with ``method`` and each of its equilibria is marked subgame perfect
    or not (:attr:`TreeSolution.subgame_perfect`; ``None`` where undecided).

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> sc = load_scenario("trust_game")
    >>> sol = solve_tree(sc.tree.subs(sc.values()))
    >>> [e.path for e in sol.spe], sol.subgame_perfect
    ([('No trust',)], (True, False))
    """

    diagnostics: list[str] = []
    spe: tuple[SubgamePerfectEquilibrium, ...] = ()
    subgames = has_proper_subgame(tree)
    two = len(tree.players) == 2 and tree.is_numeric
    result: EquilibriumResult | None = None
    strategies: tuple[tuple[ReducedStrategy, ...], ...] | None = None
    if two and not reduced_form_is_small(tree):
        two = False
        m, n = reduced_form_size(tree)
        diagnostics.append(
            f"the reduced strategic form would be {m}x{n}: it is not built; the Nash equilibria "
            "come from the sequence form (Koller, Megiddo & von Stengel 1996)"
        )
    if two:
        game, strategies = reduced_strategic_form(tree)
        m, n = game.shape
        if method == "auto" and exact_work(m, n) > EXACT_SIZE_LIMIT:
            method = "pure"
            diagnostics.append(
                f"the reduced strategic form is {m}x{n}, above the exact method's limit: its pure "
                "equilibria are listed (all of them), mixed ones are not computed"
            )
        result = solve(game, method)
    if tree.perfect_information:
        spe = backward_induction(tree, assumptions)
    elif not tree.is_numeric:
        diagnostics.append(
            "imperfect information on a symbolic tree: give every parameter a value to compute "
            "the subgame-perfect equilibria"
        )
    else:
        # Without proper subgames the only collapsed subgame is the tree: reuse its solution.
        whole: tuple[EquilibriumResult, tuple[tuple[ReducedStrategy, ...], ...]] | None = None
        if (
            result is not None
            and strategies is not None
            and not subgames
            and (result.method == "exact" or "exact method's limit" in str(diagnostics))
        ):
            whole = (result, strategies)
        spe, notes = _subgame_perfect(tree, whole)
        if subgames:
            diagnostics.append(
                "imperfect information: subgame-perfect equilibria by backward induction over the "
                "proper subgames, each subgame's strategic form solved exactly; the SPE built from "
                "the subgames' extreme equilibria are listed, in behavior strategies"
            )
        else:
            diagnostics.append(
                "imperfect information and no proper subgame: every Nash equilibrium of the "
                "strategic form is subgame perfect"
            )
        diagnostics.extend(n for n in notes if n not in diagnostics)
    if result is None or strategies is None:
        if len(tree.players) != 2:
            diagnostics.append(f"{len(tree.players)} players: no strategic form is built")
        return TreeSolution(tree, spe, None, None, (), tuple(diagnostics))
    flags: list[bool | None] = []
    if not tree.perfect_information:
        if subgames:
            flags, mark_notes = _mark_all(tree, strategies, result.equilibria)
            diagnostics.extend(mark_notes)
        else:
            flags = [True for _ in result.equilibria]
        return TreeSolution(tree, spe, result, strategies, tuple(flags), tuple(diagnostics))
    spe_plans = {_spe_plans(tree, e) for e in spe}
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
            if _sequentially_rational(tree, filled):
                ok = True
                break
        flags.append(ok)
    return TreeSolution(tree, spe, result, strategies, tuple(flags), tuple(diagnostics))
