"""Exact equilibrium checks for pairs of automaton strategies, as conditions on delta.

Two automata define a joint automaton whose states are pairs of their states. From a joint state
the play is deterministic, so it runs into a cycle: a prefix of ``m`` rounds, then a cycle of
``L`` rounds repeated for ever. A player's normalised value is

    V = (1 - d) * sum_{t<m} d**t u_t  +  d**m * sum_{t<L} d**t u_{m+t} / (1 + d + ... + d**(L-1)),

a rational function of the discount factor ``d`` and the payoff parameters, computed exactly.

**Subgame perfection.** By the one-shot deviation principle (with discounting and bounded
payoffs; Mailath & Samuelson 2006, Prop. 2.2.1) the pair is a subgame-perfect equilibrium iff at
every joint state reachable after *any* history, no player gains by deviating for one round and
conforming afterwards:

    V_i(s) >= (1 - d_i) u_i(a_i', a_-i(s)) + d_i V_i(next(s, a_i', a_-i(s)))   for every a_i'.

**Nash equilibrium.** Against the other's automaton a deviator faces a Markov decision problem
over the other's states, solved by a stationary deterministic policy (Puterman 1994, Thm. 6.2.10).
The pair is a Nash equilibrium iff no such policy beats the prescribed play from the start,
so each policy gives one constraint.

Each constraint ``slack >= 0`` is then solved for the discount factor exactly
(:mod:`gametheory.repeated.delta_sets`). In a finitely repeated game the same one-shot deviation
conditions are checked at every round with the rounds remaining.

References
----------
G. J. Mailath and L. Samuelson, *Repeated Games and Reputations*, Oxford UP, 2006, ch. 2.
M. L. Puterman, *Markov Decision Processes*, Wiley, 1994.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from gametheory.exceptions import InputTypeError, ScenarioError, UnsupportedGameError
from gametheory.repeated._joint import State, _Joint, _policy_value, _u, _undominated
from gametheory.repeated.automata import Automaton
from gametheory.repeated.delta_sets import (
    Bound,
    DeltaSet,
    SymbolicDeltaCondition,
    conjunction,
    in_terms_of,
    intersect,
    nonnegative_set,
    symbolic_condition,
)
from gametheory.repeated.game import RepeatedGame
from gametheory.symbolic.conditions import Assumptions, Atom, Condition

__all__ = [
    "CONCEPTS",
    "IncentiveConstraint",
    "StrategyCheck",
    "check_strategies",
    "delta_assumptions",
    "path_values",
]

#: The equilibrium concepts :func:`check_strategies` decides.
CONCEPTS = ("spe", "nash")

#: Stand-ins for discount factors written in parameters (not valid scenario names).
_OWN = (sp.Symbol("_delta0", positive=True), sp.Symbol("_delta1", positive=True))

#: The most deviation policies enumerated for a Nash check.
MAX_POLICIES = 20_000

Verdict = DeltaSet | SymbolicDeltaCondition | bool


@dataclass(frozen=True)
class IncentiveConstraint:
    """One incentive constraint: ``slack >= 0`` must hold.

    Attributes
    ----------
    player
        The deviating player (0 = row).
    state
        The joint state (row automaton's state, column automaton's state) where it applies.
    deviation
        The deviation: an action label (one-shot), or a policy over the other's states (Nash).
    on_path
        True when the state is reached on the equilibrium path.
    slack
        Conforming value minus deviation value (normalised), a rational function of delta.
    rounds_left
        In a finitely repeated game, the rounds left including the current one.
    """

    player: int
    state: State
    deviation: str
    on_path: bool
    slack: sp.Expr
    rounds_left: int | None = None


@dataclass(frozen=True)
class StrategyCheck:
    """Whether a pair of automata is an equilibrium, and for which discount factors.

    Attributes
    ----------
    game
        The repeated game.
    strategies
        The row and column players' automata.
    concept
        ``"spe"`` (subgame perfect) or ``"nash"``.
    constraints
        Every incentive constraint checked (duplicates removed).
    path, cycle
        The equilibrium path: the joint states of the prefix, then of the cycle repeated for ever.
    values
        Each player's normalised payoff on the equilibrium path.
    per_player
        For each player, where their constraints hold: a :class:`DeltaSet` of their discount
        factor (numeric payoffs), a :class:`SymbolicDeltaCondition` (symbolic payoffs), or a
        ``bool`` when everything is a number.
    joint
        Where both players' constraints hold: a set of the common discount factor, or of the
        symbol both discount factors are functions of (``delta`` for ``delta`` and
        ``delta*(1 - rho)``); ``None`` when the discount factors are unrelated symbols (then
        both ``per_player`` must hold).
    diagnostics
        Notes on how the check was made.
    """

    game: RepeatedGame
    strategies: tuple[Automaton, Automaton]
    concept: str
    constraints: tuple[IncentiveConstraint, ...]
    path: tuple[State, ...]
    cycle: tuple[State, ...]
    values: tuple[sp.Expr, sp.Expr]
    per_player: tuple[Verdict, Verdict]
    joint: Verdict | None
    method: str = "one-shot deviation"
    exact: bool = True
    diagnostics: tuple[str, ...] = field(default=())

    @property
    def holds(self) -> bool | None:
        """True/False when the answer is a plain yes or no (numeric discount factors)."""
        verdicts = [self.joint] if self.joint is not None else list(self.per_player)
        if all(isinstance(v, bool) for v in verdicts):
            return all(bool(v) for v in verdicts)
        return None

    @property
    def threshold(self) -> sp.Expr | None:
        """The critical common discount factor when the set is ``delta >= threshold``."""
        return self.joint.threshold if isinstance(self.joint, DeltaSet) else None

    def holds_at(self, delta: Any) -> bool:
        """Exact answer at a common numeric discount factor (numeric payoffs)."""
        if not isinstance(self.joint, DeltaSet):
            raise UnsupportedGameError(
                "holds_at needs numeric payoffs and a common symbolic discount factor"
            )
        return self.joint.contains(delta)


def _deviations(joint: _Joint, s: State, player: int) -> Iterable[tuple[str, tuple[int, int]]]:
    prof = joint.profile(s)
    for k, label in enumerate(joint.labels[player]):
        if k != prof[player]:
            dev = (k, prof[1]) if player == 0 else (prof[0], k)
            yield label, dev


def _spe_constraints(joint: _Joint, on_path: set[State]) -> list[IncentiveConstraint]:
    game = joint.game
    start = (joint.pair[0].initial, joint.pair[1].initial)
    out: list[IncentiveConstraint] = []
    if game.horizon is None:
        for s in joint.reachable(start):
            for i in (0, 1):
                d = game.delta[i]
                conform = joint.value(s, i)
                for label, dev in _deviations(joint, s, i):
                    deviate = (1 - d) * _u(game, i, dev) + d * joint.value(joint.step(s, dev), i)
                    out.append(
                        IncentiveConstraint(i, s, label, s in on_path, sp.cancel(conform - deviate))
                    )
        return out
    memo: dict[Any, sp.Expr] = {}
    layer = [start]
    shape = game.stage.shape
    for k in range(game.horizon):
        left = game.horizon - k
        for s in layer:
            for i in (0, 1):
                d = game.delta[i]
                conform = joint.finite_value(s, i, left, memo)
                for label, dev in _deviations(joint, s, i):
                    deviate = (1 - d) * _u(game, i, dev) + d * joint.finite_value(
                        joint.step(s, dev), i, left - 1, memo
                    )
                    out.append(
                        IncentiveConstraint(
                            i, s, label, s in on_path, sp.cancel(conform - deviate), left
                        )
                    )
        nxt: list[State] = []
        for s in layer:
            for prof in itertools.product(range(shape[0]), range(shape[1])):
                t = joint.step(s, prof)
                if t not in nxt:
                    nxt.append(t)
        layer = nxt
    return out


def _nash_constraints(joint: _Joint) -> list[IncentiveConstraint]:
    game = joint.game
    start = (joint.pair[0].initial, joint.pair[1].initial)
    out: list[IncentiveConstraint] = []
    for i in (0, 1):
        other = joint.pair[1 - i]
        own_labels = game.stage.actions[i]
        states, todo = [other.initial], [other.initial]
        while todo:
            q = todo.pop()
            for a in own_labels:
                t = other.next_state(q, other.play(q), a)
                if t not in states:
                    states.append(t)
                    todo.append(t)
        options = [_undominated(game, i, other, q) for q in states]
        count = math.prod(len(o) for o in options)
        if count > MAX_POLICIES:
            raise UnsupportedGameError(
                f"a Nash check against {other.name!r} would enumerate {count} deviation "
                f"policies (more than {MAX_POLICIES}); check subgame perfection instead"
            )
        conform = joint.value(start, i)
        for choice in itertools.product(*options):
            policy = dict(zip(states, choice, strict=True))
            slack = sp.cancel(conform - _policy_value(game, i, other, policy, other.initial))
            text = ", ".join(f"{own_labels[a]} in {q}" for q, a in policy.items())
            out.append(IncentiveConstraint(i, start, text, True, slack))
    return out


def _verdict(slacks: list[sp.Expr], delta: sp.Symbol | None, known: Assumptions) -> Verdict:
    """Where ``slacks >= 0`` hold: a yes/no, a :class:`DeltaSet` of ``delta`` (the symbol the
    discount factors depend on) or a symbolic condition."""
    free = set().union(*(s.free_symbols for s in slacks)) if slacks else set()
    if not free:
        holds = all(bool(s >= 0) for s in slacks)
        if delta is None:
            return holds
        return DeltaSet.everything() if holds else DeltaSet.nothing()  # for every delta
    if delta is not None and free <= {delta}:
        return intersect(nonnegative_set(s, delta) for s in slacks)
    symbol = delta if delta is not None else sp.Dummy("delta", positive=True)
    return symbolic_condition(slacks, symbol, known)


def _as_condition(v: Verdict) -> SymbolicDeltaCondition | bool | None:
    """A verdict as a symbolic condition (a set of one interval becomes bounds), or ``None``."""
    if isinstance(v, bool | SymbolicDeltaCondition):
        return v
    if v.is_empty:
        return False
    if v.is_everything:
        return True
    if len(v.intervals) != 1:
        return None
    lo, hi, _, _ = v.intervals[0]
    bounds = ([Bound(">=", lo)] if lo != 0 else []) + ([Bound("<=", hi)] if hi != 1 else [])
    return SymbolicDeltaCondition(tuple(bounds), Condition.always(), ())


def _restate(v: Verdict, own: sp.Symbol, expr: sp.Expr) -> Verdict:
    """A verdict about a player's own discount factor ``own``, restated for ``own = expr``."""
    cond = _as_condition(v)
    if isinstance(cond, SymbolicDeltaCondition):
        return in_terms_of(cond, own, expr)
    if isinstance(cond, bool):
        return cond
    return v  # several intervals: kept as a set of the player's own discount factor


def _dedupe(constraints: list[IncentiveConstraint]) -> list[IncentiveConstraint]:
    seen: set[tuple[int, sp.Expr]] = set()
    out = []
    for c in constraints:
        key = (c.player, c.slack)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def check_strategies(
    game: RepeatedGame,
    strategies: tuple[Automaton, Automaton],
    *,
    concept: str = "spe",
    known: Assumptions | None = None,
    delta: sp.Symbol | None = None,
) -> StrategyCheck:
    """Decide for which discount factors two automata form an equilibrium, exactly.

    Parameters
    ----------
    game
        The repeated game; payoffs and discount factors may be symbolic.
    strategies
        The row player's and the column player's automata (labels must fit the stage game).
    concept
        ``"spe"`` (one-shot deviations at every reachable state) or ``"nash"`` (deviation
        policies from the start; infinite horizon only).
    known
        What is known about the parameters (their domains and the scenario's assumptions), used
        to decide signs in symbolic conditions.
    delta
        The symbol the answers are sets of (default :attr:`RepeatedGame.delta_symbol`). When the
        players' discount factors are different functions of it (``delta`` and
        ``delta*(1 - rho)``), each player's verdict and the joint one are sets of ``delta``.

    Returns
    -------
    StrategyCheck

    Examples
    --------
    Grim trigger in the prisoner's dilemma 5/3/1/0 is subgame perfect iff
    ``delta >= (T - R)/(T - P) = 1/2`` (Friedman 1971):

    >>> from gametheory.model import NormalFormGame
    >>> from gametheory.repeated.automata import grim_trigger, tit_for_tat
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   actions=(("C", "D"), ("C", "D")))
    >>> g = RepeatedGame.common(pd)
    >>> grim = grim_trigger("C", "D", "C")
    >>> check_strategies(g, (grim, grim)).joint.describe()
    'delta >= 1/2'

    Tit-for-tat is a Nash equilibrium from 2/3 on, but never subgame perfect at these payoffs
    (Axelrod 1984; docs/explanation/models-and-sources.md):

    >>> tft = tit_for_tat("C", "D", "C")
    >>> check_strategies(g, (tft, tft), concept="nash").joint.describe()
    'delta >= 2/3'
    >>> check_strategies(g, (tft, tft)).joint.describe()
    'never'
    """
    _check_input(game, strategies, concept)
    symbol = _common_symbol(game, delta)
    own = _own_discounts(game, symbol)
    work = (
        game
        if not own
        else RepeatedGame(
            game.stage, (own.get(0, game.delta[0]), own.get(1, game.delta[1])), game.horizon
        )
    )
    back = {w: game.delta[i] for i, w in own.items()}
    joint = _Joint(work, (strategies[0], strategies[1]))
    prefix, cycle, values = _play(joint, game.horizon)
    diagnostics: list[str] = []
    constraints = _dedupe(_constraints(joint, concept, set(prefix) | set(cycle)))
    base = known or Assumptions()
    if symbol is not None:
        base = delta_assumptions(base, [symbol])
    per = _per_player(game, constraints, own, symbol, base)
    joint_verdict = _joint_verdict(game, work, constraints, own, per, symbol, base)
    if own:
        constraints = [
            IncentiveConstraint(
                c.player,
                c.state,
                c.deviation,
                c.on_path,
                sp.cancel(c.slack.xreplace(back)),
                c.rounds_left,
            )
            for c in constraints
        ]
        values = tuple(sp.cancel(v.xreplace(back)) for v in values)
    if game.horizon is not None:
        diagnostics.append(
            f"finite horizon of {game.horizon} rounds: one-shot deviations checked at every "
            "round with the rounds left"
        )
    return StrategyCheck(
        game=game,
        strategies=(strategies[0], strategies[1]),
        concept=concept,
        constraints=tuple(constraints),
        path=prefix,
        cycle=cycle,
        values=(values[0], values[1]),
        per_player=(per[0], per[1]),
        joint=joint_verdict,
        method="one-shot deviation" if concept == "spe" else "deviation policies",
        diagnostics=tuple(diagnostics),
    )


def _check_input(game: RepeatedGame, strategies: tuple[Automaton, Automaton], concept: str) -> None:
    """Refuse an unknown concept, a game that is not repeated, or automata that do not fit."""
    if concept not in CONCEPTS:
        raise ScenarioError(f"unknown concept {concept!r}; expected one of: {', '.join(CONCEPTS)}")
    if not isinstance(game, RepeatedGame):
        raise InputTypeError(f"game must be a RepeatedGame, not {type(game).__name__}")
    for k, automaton in enumerate(strategies):
        automaton.check(game.stage, k)


def _common_symbol(game: RepeatedGame, delta: sp.Symbol | None) -> sp.Symbol | None:
    """The symbol every discount factor is written in, or ``None`` when there is none."""
    symbol = delta if delta is not None else game.delta_symbol
    if symbol is not None and not all(
        d.is_number or symbol in sp.sympify(d).free_symbols for d in game.delta
    ):
        symbol = None  # a discount factor that is a symbol of its own: no common scale
    return symbol


def _own_discounts(game: RepeatedGame, symbol: sp.Symbol | None) -> dict[int, sp.Symbol]:
    """Stand-in symbols for the discount factors written in parameters.

    A discount factor written in parameters (delta*(1 - rho), rho symbolic) is solved for as
    a symbol of its own, then restated: "delta*(1 - rho) >= g/(a + g - p)".
    """
    own: dict[int, sp.Symbol] = {}
    for i, d in enumerate(game.delta):
        if not d.is_number and not isinstance(d, sp.Symbol) and d.free_symbols - {symbol}:
            own[i] = own[0] if i == 1 and game.is_common and 0 in own else _OWN[i]
    return own


def _play(
    joint: _Joint, horizon: int | None
) -> tuple[tuple[State, ...], tuple[State, ...], tuple[sp.Expr, ...]]:
    """The path of play from the start (prefix and cycle) and each player's value of it."""
    start = (joint.pair[0].initial, joint.pair[1].initial)
    prefix, cycle = joint.orbit(start)
    if horizon is not None:
        states = [start]
        for _ in range(horizon - 1):
            states.append(joint.step(states[-1], joint.profile(states[-1])))
        prefix, cycle = tuple(states), ()
        values = tuple(joint.finite_value(start, i, horizon, {}) for i in (0, 1))
    else:
        values = tuple(sp.cancel(joint.value(start, i)) for i in (0, 1))
    return prefix, cycle, values


def _constraints(joint: _Joint, concept: str, on_path: set[State]) -> list[IncentiveConstraint]:
    """The incentive constraints of ``concept`` (a Nash check only in an infinite horizon)."""
    if concept == "spe":
        return _spe_constraints(joint, on_path)
    if joint.game.horizon is not None:
        raise UnsupportedGameError(
            "the Nash check is for infinitely repeated games; in a finite horizon check "
            "subgame perfection (concept='spe')"
        )
    return _nash_constraints(joint)


def _per_player(
    game: RepeatedGame,
    constraints: list[IncentiveConstraint],
    own: dict[int, sp.Symbol],
    symbol: sp.Symbol | None,
    base: Assumptions,
) -> list[Verdict]:
    """Each player's verdict on their own constraints."""
    per: list[Verdict] = []
    for i in (0, 1):
        slacks = [c.slack for c in constraints if c.player == i]
        if i in own:
            w = own[i]
            v = _verdict(slacks, w, delta_assumptions(base, [w]))
            per.append(_restate(v, w, game.delta[i]))
        else:
            d = game.delta[i]
            per.append(_verdict(slacks, d if isinstance(d, sp.Symbol) else symbol, base))
    return per


def _joint_verdict(
    game: RepeatedGame,
    work: RepeatedGame,
    constraints: list[IncentiveConstraint],
    own: dict[int, sp.Symbol],
    per: list[Verdict],
    symbol: sp.Symbol | None,
    base: Assumptions,
) -> Verdict | None:
    """Where all constraints hold together, or ``None`` when that cannot be stated."""
    joint_verdict: Verdict | None = None
    if game.is_common:
        d0 = work.delta[0]
        joint_verdict = _verdict(
            [c.slack for c in constraints],
            d0 if isinstance(d0, sp.Symbol) else symbol,
            delta_assumptions(base, list(own.values())),
        )
        if 0 in own:
            joint_verdict = _restate(joint_verdict, own[0], game.delta[0])
    elif own:
        parts = [_as_condition(v) for v in per]
        if all(v is not None for v in parts):
            joint_verdict = conjunction([v for v in parts if v is not None], base)
    elif symbol is not None:
        joint_verdict = _verdict([c.slack for c in constraints], symbol, base)
    elif all(isinstance(v, bool) for v in per):
        joint_verdict = all(bool(v) for v in per)
    return joint_verdict


def path_values(game: RepeatedGame, strategies: tuple[Automaton, Automaton]) -> tuple[sp.Expr, ...]:
    """Each player's exact normalised payoff when the two automata play each other.

    Examples
    --------
    >>> from gametheory.model import NormalFormGame
    >>> from gametheory.repeated.automata import always, tit_for_tat
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   actions=(("C", "D"), ("C", "D")))
    >>> path_values(RepeatedGame.common(pd, "1/2"), (tit_for_tat("C", "D", "C"), always("D")))
    (1/2, 3)
    """
    for k, automaton in enumerate(strategies):
        automaton.check(game.stage, k)
    joint = _Joint(game, (strategies[0], strategies[1]))
    start = (strategies[0].initial, strategies[1].initial)
    if game.horizon is not None:
        return tuple(joint.finite_value(start, i, game.horizon, {}) for i in (0, 1))
    return tuple(sp.cancel(joint.value(start, i)) for i in (0, 1))


def delta_assumptions(known: Assumptions, deltas: Iterable[sp.Expr]) -> Assumptions:
    """``known`` plus ``0 < d < 1`` for every discount symbol in ``deltas``."""
    atoms = list(known.atoms)
    for d in deltas:
        if isinstance(d, sp.Symbol):
            atoms += [a for a in (Atom(d, ">"), Atom(1 - d, ">")) if a not in atoms]
    return Assumptions(tuple(atoms))
