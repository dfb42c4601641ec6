r"""Weak renegotiation-proofness of automaton strategies, exactly in the discount factor.

Conventions
-----------
A subgame-perfect equilibrium given by two automata is **weakly renegotiation-proof** (Farrell &
Maskin 1989; also Bernheim & Ray 1989) when no continuation it prescribes, after any history, is
*strictly* Pareto-dominated by another of its continuations: at no two reachable joint states
:math:`s, t` do both players have :math:`V_i(s) > V_i(t)`. Otherwise, when play reaches
:math:`t` the two sides would agree to restart at :math:`s`, and the punishment in :math:`t`
is not credible.

Grim trigger in the prisoner's dilemma is never weakly renegotiation-proof: the punishment
state, worth :math:`(P, P)`, is dominated by cooperation, worth :math:`(R, R)`, at every
discount factor. The penance strategy (van Damme 1989), in which the deviator cooperates for a
round while the other punishes, has continuations that are not Pareto-ranked, so it is weakly
renegotiation-proof exactly where it is subgame perfect.

:func:`check_renegotiation_proof` computes every continuation value as an exact rational
function of the discount factor (:mod:`gametheory.repeated.deviation`), the set where each pair
of states is *not* strictly ranked (a finite union of intervals with exact endpoints), and
intersects it with the subgame-perfect set.

References
----------
.. [FM1989] J. Farrell and E. Maskin, "Renegotiation in repeated games", *Games and Economic
   Behavior* 1(4), 1989, 327-360.
.. [BR1989] B. D. Bernheim and D. Ray, "Collective dynamic consistency in repeated games",
   *Games and Economic Behavior* 1(4), 1989, 295-326.
.. [vD1989] E. van Damme, "Renegotiation-proof equilibria in repeated prisoners' dilemma",
   *Journal of Economic Theory* 47(1), 1989, 206-217.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

import sympy as sp

from gametheory.exceptions import UnsupportedGameError
from gametheory.repeated._joint import _Joint
from gametheory.repeated.automata import Automaton
from gametheory.repeated.delta_sets import DeltaSet, intersect, nonnegative_set, strict_sign
from gametheory.repeated.deviation import StrategyCheck, check_strategies, delta_assumptions
from gametheory.repeated.game import RepeatedGame
from gametheory.symbolic.conditions import Assumptions

__all__ = ["CONCEPT", "check_renegotiation_proof", "complement", "pareto_pairs"]

#: The concept's name, beside ``"spe"`` and ``"nash"``.
CONCEPT = "renegotiation-proof"


def complement(s: DeltaSet) -> DeltaSet:
    """The complement of a delta set inside ``(0, 1)``.

    Examples
    --------
    >>> complement(DeltaSet.at_least(sp.Rational(1, 2))).describe()
    'delta < 1/2'
    >>> complement(DeltaSet.nothing()).describe()
    'always'
    """
    out = []
    lo, lc = sp.Integer(0), False
    for a, b, ac, bc in s.intervals:
        if a != lo or (lc and not ac):
            if not (a == lo and (ac or not lc)):
                out.append((lo, a, lc, not ac))
        elif not ac and lc:
            out.append((lo, lo, True, True))
        lo, lc = b, not bc
    if lo != 1:
        out.append((lo, sp.Integer(1), lc, False))
    out = [iv for iv in out if iv[0] != iv[1] or (iv[2] and iv[3])]
    return DeltaSet(tuple(out))


def _positive(expr: sp.Expr, delta: sp.Symbol) -> DeltaSet:
    """Where ``expr > 0``: the complement of ``-expr >= 0``."""
    return complement(nonnegative_set(-expr, delta))


def pareto_pairs(
    game: RepeatedGame, strategies: tuple[Automaton, Automaton]
) -> list[
    tuple[tuple[str, str], tuple[str, str], tuple[sp.Expr, sp.Expr], tuple[sp.Expr, sp.Expr]]
]:
    """Every ordered pair of reachable joint states with their exact continuation values.

    Examples
    --------
    >>> from gametheory.model import NormalFormGame
    >>> from gametheory.repeated.automata import grim_trigger
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   actions=(("C", "D"), ("C", "D")))
    >>> grim = grim_trigger("C", "D", "C")
    >>> [(s, t, vs, vt) for s, t, vs, vt in pareto_pairs(RepeatedGame.common(pd), (grim, grim))
    ...  if s == ("cooperate", "cooperate") and t == ("punish", "punish")]
    [(('cooperate', 'cooperate'), ('punish', 'punish'), (3, 3), (1, 1))]
    """
    joint = _Joint(game, strategies)
    start = (strategies[0].initial, strategies[1].initial)
    states = joint.reachable(start)
    values = {s: (sp.cancel(joint.value(s, 0)), sp.cancel(joint.value(s, 1))) for s in states}
    return [(s, t, values[s], values[t]) for s, t in itertools.permutations(states, 2)]


def check_renegotiation_proof(
    game: RepeatedGame,
    strategies: tuple[Automaton, Automaton],
    *,
    known: Assumptions | None = None,
) -> StrategyCheck:
    """For which discount factors two automata form a weakly renegotiation-proof equilibrium.

    Returns a :class:`~gametheory.repeated.deviation.StrategyCheck` with ``concept`` set to
    ``"renegotiation-proof"``: the subgame-perfect incentive constraints, and verdicts
    intersected with the set where no two reachable continuations are strictly Pareto-ranked.
    With symbolic payoffs the Pareto comparison is decided at the signs the closed forms have for
    every delta (a pair ranked at every delta: ``never``; never ranked: the SPE condition);
    when it changes with delta the check needs numeric payoffs.

    Examples
    --------
    Grim trigger in the prisoner's dilemma 5/3/1/0 is subgame perfect from 1/2 but never
    weakly renegotiation-proof; penance is, from (T - R)/(R - S) = 2/3 (van Damme 1989):

    >>> from gametheory.model import NormalFormGame
    >>> from gametheory.repeated.automata import grim_trigger, penance
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   actions=(("C", "D"), ("C", "D")))
    >>> g = RepeatedGame.common(pd)
    >>> grim = grim_trigger("C", "D", "C")
    >>> check_renegotiation_proof(g, (grim, grim)).joint.describe()
    'never'
    >>> p = penance("C", "D", "C", "D")
    >>> check_renegotiation_proof(g, (p, p)).joint.describe()
    'delta >= 2/3'
    """
    if game.horizon is not None:
        raise UnsupportedGameError(
            "weak renegotiation-proofness is checked for infinitely repeated games"
        )
    spe = check_strategies(game, strategies, concept="spe", known=known)
    symbol = game.delta_symbol
    notes: list[str] = []
    pareto_sets: list[DeltaSet] = []
    verdict_bool: bool | None = None
    undecided = False
    names = game.stage.players
    for s, t, vs, vt in pareto_pairs(game, strategies):
        diffs = [sp.cancel(vs[k] - vt[k]) for k in (0, 1)]
        free = set().union(*(d.free_symbols for d in diffs))
        if not free and symbol is None:
            ranked = all(bool(d > 0) for d in diffs)
            if ranked:
                verdict_bool = False
                notes.append(_ranked_note(s, t, vs, vt, names, "at this discount factor"))
            continue
        if symbol is not None and free <= {symbol}:
            dominated = (
                _positive(diffs[0], symbol) & _positive(diffs[1], symbol)
                if free
                else (DeltaSet.everything() if all(d > 0 for d in diffs) else DeltaSet.nothing())
            )
            if not dominated.is_empty:
                when = (
                    "at every delta" if dominated.is_everything else f"for {dominated.describe()}"
                )
                notes.append(_ranked_note(s, t, vs, vt, names, when))
            pareto_sets.append(complement(dominated))
            continue
        signs = [_sign(d, known, symbol) for d in diffs]
        if -1 in signs:
            continue  # one of them always loses by moving to s: never ranked
        if signs == [1, 1]:
            verdict_bool = False
            notes.append(_ranked_note(s, t, vs, vt, names, "for all parameter values"))
            continue
        undecided = True
    joint: Any
    per: list[Any]
    if undecided:
        notes.append(
            "the continuation values still depend on the parameters: give them values to "
            "decide the Pareto ranking (weak renegotiation-proofness is checked at the values)"
        )
        joint, per = None, [None, None]
    elif verdict_bool is False:
        never = DeltaSet.nothing() if isinstance(spe.joint, DeltaSet) else False
        joint, per = never, [never, never]
    else:
        pareto = intersect(pareto_sets) if pareto_sets else DeltaSet.everything()
        joint = _meet(spe.joint, pareto)
        per = [_meet(v, pareto) for v in spe.per_player]
    return replace(
        spe,
        concept=CONCEPT,
        per_player=(per[0], per[1]),
        joint=joint,
        method="one-shot deviation and Pareto ranking of continuations",
        diagnostics=tuple(spe.diagnostics) + tuple(dict.fromkeys(notes)),
    )


def _sign(expr: sp.Expr, known: Assumptions | None, delta: sp.Symbol | None) -> int | None:
    """The strict sign of a rational function for every delta in (0, 1), factor by factor."""

    base = delta_assumptions(known or Assumptions(), [delta] if delta is not None else [])
    sign = 1
    num, den = sp.fraction(sp.factor(expr))
    for part in (num, den):
        coeff, factors = sp.factor_list(part)
        if coeff < 0:
            sign = -sign
        for f, power in factors:
            fs = strict_sign(f, base)
            if fs is None:
                return None
            if power % 2 and fs < 0:
                sign = -sign
    return sign


def _meet(v: Any, pareto: DeltaSet) -> Any:
    if isinstance(v, DeltaSet):
        return v & pareto
    if isinstance(v, bool):  # numeric discount factors: a plain yes or no
        if pareto.is_everything:
            return v
        return DeltaSet.everything() & pareto if v else DeltaSet.nothing()
    return None if pareto.is_everything is False else v


def _ranked_note(
    s: tuple[str, str],
    t: tuple[str, str],
    vs: tuple[sp.Expr, sp.Expr],
    vt: tuple[sp.Expr, sp.Expr],
    names: tuple[str, ...],
    when: str,
) -> str:
    return (
        f"continuation ({', '.join(t)}) is strictly Pareto-dominated by ({', '.join(s)}) {when} "
        f"(values ({sp.factor(vt[0])}, {sp.factor(vt[1])}) against ({sp.factor(vs[0])}, "
        f"{sp.factor(vs[1])}) for {names[0]}, {names[1]}): the players would renegotiate out of it"
    )
