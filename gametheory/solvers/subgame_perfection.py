"""Which Nash equilibria of a tree's reduced strategic form are subgame perfect.

A Nash equilibrium of the strategic form can rest on a threat or a promise that would not be
carried out (Selten 1965; Osborne 2004, ch. 5). With perfect information an equilibrium is
compared with the backward-induction SPE and checked for sequential rationality; with imperfect
information and proper subgames, subgame by subgame, by exact linear programs
(:func:`_mark_all`). Definitions in :mod:`gametheory.solvers.trees`.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import sympy as sp

from gametheory.lp import linprog_exact
from gametheory.model.strategic_form import ReducedStrategy, _reachable_sets, reduced_strategies
from gametheory.model.tree import GameTree, History, TreeNode, history_text
from gametheory.solvers.result import Equilibrium
from gametheory.solvers.spe import SubgamePerfectEquilibrium
from gametheory.solvers.subgame_perfect import subgame_perfect_equilibria
from gametheory.solvers.subgames import (
    _ONE,
    Behavior,
    _behavior,
    _forest,
    _frac,
    _is_nash,
    _leaves,
    _others_reach,
    _parent,
    _perfect_recall,
    _pure,
    _reaches,
    _subtree,
    _Unspecified,
)

__all__: list[str] = []


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


def _mark_perfect_information(
    tree: GameTree,
    spe: tuple[SubgamePerfectEquilibrium, ...],
    strategies: tuple[tuple[ReducedStrategy, ...], ...],
    equilibria: tuple[Equilibrium, ...],
) -> list[bool | None]:
    """Decide, for each Nash equilibrium of the reduced strategic form of a perfect-information
    tree, whether it is subgame perfect: a pure one is when its plans are those of a
    backward-induction SPE; a mixed one when its behavior strategies, completed by an SPE where
    they leave a node out, pass the one-shot deviation check at every decision node."""
    flags: list[bool | None] = []
    spe_plans = {_spe_plans(tree, e) for e in spe}
    for eq in equilibria:
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
    return flags
