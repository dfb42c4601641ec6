"""Subgame-perfect equilibria of imperfect-information trees, by backward induction over the
subgames (definitions in :mod:`gametheory.solvers.trees`).

Each collapsed subgame, from the bottom up, has its two-player reduced strategic form solved by
the exact solver (or, when that form is large, through the sequence form), which lists every
extreme Nash equilibrium; each equilibrium's behavior strategies and expected payoffs replace the
subgame in its parent, and combinations branch like ties in backward induction.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import product

from gametheory.model.strategic_form import (
    ReducedStrategy,
    reduced_strategic_form,
    reduced_strategies,
)
from gametheory.model.tree import GameTree, History
from gametheory.solvers.dispatch import solve
from gametheory.solvers.exact import EXACT_SIZE_LIMIT, exact_work
from gametheory.solvers.result import EquilibriumResult
from gametheory.solvers.sequence_form import reduced_form_is_small, solve_sequence_form
from gametheory.solvers.spe import SubgamePerfectEquilibrium
from gametheory.solvers.subgames import (
    Behavior,
    _absent_minded,
    _behavior,
    _collapsed,
    _expected,
    _forest,
    _is_nash,
    _movers,
    _pure,
    _subtree,
    _where,
)
from gametheory.symbolic.conditions import Condition

__all__ = ["SPE_LIMIT", "subgame_perfect_equilibria"]

#: At most this many subgame-perfect equilibria are kept per subgame (combinations multiply).
SPE_LIMIT = 1000

#: A solved strategic form of the whole tree and the reduced strategies behind it.
WholeForm = tuple[EquilibriumResult, tuple[tuple[ReducedStrategy, ...], ...]]


@dataclass
class _Partial:
    behavior: Behavior
    payoffs: tuple[Fraction, ...]


def _solve_collapsed(
    tree: GameTree,
    r: History,
    leaves: dict[History, tuple[Fraction, ...]],
    notes: list[str],
    whole: WholeForm | None = None,
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
        payoffs=payoffs,
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
    [(('Out',), (Fraction(2, 1), Fraction(2, 1)))]
    >>> spe[0].distribution("2:1")
    {'Heads': Fraction(1, 2), 'Tails': Fraction(1, 2)}
    """
    return _subgame_perfect(tree)


def _subgame_perfect(
    tree: GameTree,
    whole: WholeForm | None = None,
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
