r"""Noisy public monitoring: trigger strategies when compliance is seen through a noisy signal.

Conventions
-----------
Each round a public signal says whether cooperation was seen. With one signal for the profile,
it reports a departure with probability :math:`\varepsilon` although both cooperated (a false
alarm: a disputed detainer report, a jurisdiction named by mistake) and with probability
:math:`\eta_i` when player :math:`i` departed (detection). With one signal per player (a report on
each player's compliance, independent across players) the punishment starts when either reports
a departure, so

.. math:: p = 1 - (1-\varepsilon_1)(1-\varepsilon_2), \qquad
          q_i = 1 - (1-\eta_i)(1-\varepsilon_j);

with one signal :math:`p = \varepsilon` and :math:`q_i = \eta_i`.

A **trigger strategy** (Green & Porter 1984) plays the cooperative profile; after a bad signal
both play the stage equilibrium for :math:`T` rounds (or for ever), then cooperate again. Let
:math:`R_i, P_i` be player :math:`i`'s payoffs at cooperation and punishment, :math:`g_i` its best
deviation gain, :math:`\beta = 1 - \delta^T` (:math:`1` for ever). The value of the cooperative
phase, normalised, solves :math:`V_i = (1-\delta)R_i + \delta[(1-p)V_i + p W_i]` with
:math:`W_i = (1-\delta^T)P_i + \delta^T V_i`:

.. math:: V_i = P_i + \frac{(1-\delta)(R_i - P_i)}{1 - \delta + p\,\delta\,\beta}.

By the one-shot deviation principle for public strategies (Abreu, Pearce & Stacchetti 1990) the
strategy profile is a perfect public equilibrium iff, for each player,

.. math:: g_i\,(1 - \delta + p\,\delta\,\beta) \le \delta\,(q_i - p)\,\beta\,(R_i - P_i),

during cooperation (during the punishment the stage equilibrium is played and the signal is not
used, so nothing can be gained). For ever (:math:`\beta = 1`) this is linear:
:math:`\delta^* = g_i / (g_i(1-p) + (q_i - p)(R_i - P_i))`; for :math:`T` rounds it is a
polynomial inequality solved exactly. At :math:`\varepsilon = 0, \eta = 1` these are the
perfect-monitoring conditions of grim trigger and ``punish:T``. The loss against perfect
monitoring is :math:`R_i - V_i = (R_i - P_i)\,p\,\delta\beta / (1 - \delta + p\delta\beta)`:
punishments happen on the equilibrium path.

The independent check is :func:`simulate_monitoring`, a seeded Monte Carlo of the signal process.

References
----------
.. [GP1984] E. J. Green and R. H. Porter, "Noncooperative collusion under imperfect price
   information", *Econometrica* 52(1), 1984, 87-100.
.. [APS1986] D. Abreu, D. Pearce and E. Stacchetti, "Optimal cartel equilibria with imperfect
   monitoring", *Journal of Economic Theory* 39(1), 1986, 251-269.
.. [APS1990] D. Abreu, D. Pearce and E. Stacchetti, "Toward a theory of discounted repeated games
   with imperfect monitoring", *Econometrica* 58(5), 1990, 1041-1063.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.formula import parse_number
from gametheory.model.normal_form import NormalFormGame, exact_number
from gametheory.model.repeated_spec import RepeatedSpec
from gametheory.repeated.delta_sets import DeltaSet, intersect, nonnegative_set
from gametheory.repeated.roles import roles
from gametheory.repeated.transfers import _best_deviation, reversion_payoffs

__all__ = [
    "MonitoringAnalysis",
    "MonteCarlo",
    "analyse_monitoring",
    "signal_probabilities",
    "simulate_monitoring",
    "trigger_slack",
    "trigger_value",
]

_D = sp.Symbol("delta", positive=True)


def _number(value: Any, what: str) -> sp.Expr:

    v = parse_number(value) if isinstance(value, str | int | float) else exact_number(value)
    if not (v.is_number and v.is_real and 0 <= v <= 1):
        raise ScenarioError(f"{what} must be a probability in [0, 1], got {v}")
    return sp.sympify(v)


def signal_probabilities(
    noise: Sequence[Any], detection: Sequence[Any], per_player: bool
) -> tuple[Any, tuple[Any, Any]]:
    """The probability ``p`` of a punishment when both cooperate, and ``q_i`` when ``i`` departs.

    Examples
    --------
    >>> signal_probabilities([sp.Rational(1, 10)] * 2, [sp.Rational(4, 5)] * 2, False)
    (1/10, (4/5, 4/5))
    >>> signal_probabilities([sp.Rational(1, 10)] * 2, [sp.Rational(4, 5)] * 2, True)
    (19/100, (41/50, 41/50))
    """
    e0, e1 = noise
    if not per_player:
        return e0, (detection[0], detection[1])
    p = 1 - (1 - e0) * (1 - e1)
    return sp.expand(p), (
        sp.expand(1 - (1 - detection[0]) * (1 - e1)),
        sp.expand(1 - (1 - detection[1]) * (1 - e0)),
    )


def _beta(delta: Any, length: int | None) -> Any:
    return 1 if length is None else 1 - delta**length


def trigger_value(R: Any, P: Any, p: Any, delta: Any, length: int | None) -> Any:
    r"""The normalised value of the cooperative phase, :math:`P + (1-\delta)(R-P)/(1-\delta+p\delta\beta)`.

    Examples
    --------
    >>> trigger_value(3, 1, sp.Rational(1, 10), sp.Rational(9, 10), None)
    39/19
    >>> trigger_value(3, 1, 0, sp.Rational(9, 10), None)
    3
    """
    b = _beta(delta, length)
    return P + (1 - delta) * (R - P) / (1 - delta + p * delta * b)


def trigger_slack(g: Any, R: Any, P: Any, p: Any, q: Any, delta: Any, length: int | None) -> Any:
    r"""The incentive constraint :math:`\delta(q-p)\beta(R-P) - g(1-\delta+p\delta\beta) \ge 0`.

    Examples
    --------
    >>> d = sp.Symbol("delta", positive=True)
    >>> sp.expand(trigger_slack(2, 3, 1, 0, 1, d, None))
    4*delta - 2
    """
    b = _beta(delta, length)
    return delta * (q - p) * b * (R - P) - g * (1 - delta + p * delta * b)


@dataclass(frozen=True)
class MonitoringAnalysis:
    """Trigger strategies under noisy public monitoring, exactly.

    Attributes
    ----------
    game
        The stage game at the values.
    cooperation, punishment
        The cooperative profile and the stage equilibrium of the punishment phase.
    noise, detection, per_player, punish_length
        The monitoring technology (``punish_length`` ``None``: for ever).
    false_alarm, detection_prob
        ``p`` and each player's ``q_i`` (see the module docstring).
    per_player_sets, joint
        Exact sets of the common delta at which each player's, and both players', incentive
        constraints hold.
    threshold
        The lower end of ``joint`` when it is ``delta >= threshold`` (else ``None``).
    stage
        Each player's payoffs ``(R_i, P_i)`` and best deviation gain ``g_i``.
    delta, values, loss, deviation_values
        At a given delta: the exact equilibrium-path values, the loss against perfect monitoring
        (``R_i - V_i``) and the value of the best one-shot deviation.
    formulas
        Closed forms in the noise, detection, delta and the scenario's parameters.
    """

    game: NormalFormGame
    cooperation: tuple[str, str]
    punishment: str
    noise: tuple[sp.Expr, sp.Expr]
    detection: tuple[sp.Expr, sp.Expr]
    per_player: bool
    punish_length: int | None
    false_alarm: sp.Expr
    detection_prob: tuple[sp.Expr, sp.Expr]
    per_player_sets: tuple[DeltaSet, DeltaSet]
    joint: DeltaSet
    stage: tuple[tuple[sp.Expr, sp.Expr, sp.Expr], tuple[sp.Expr, sp.Expr, sp.Expr]]
    delta: sp.Expr | None = None
    values: tuple[sp.Expr, sp.Expr] | None = None
    loss: tuple[sp.Expr, sp.Expr] | None = None
    deviation_values: tuple[sp.Expr, sp.Expr] | None = None
    formulas: tuple[tuple[str, sp.Expr], ...] = ()
    method: str = "exact: one-shot deviations of public strategies"
    exact: bool = True
    diagnostics: tuple[str, ...] = field(default=())

    @property
    def threshold(self) -> sp.Expr | None:
        """The critical delta when the set is ``delta >= threshold``."""
        return self.joint.threshold

    @property
    def holds(self) -> bool | None:
        """At the given delta: whether the trigger profile is an equilibrium."""
        return None if self.delta is None else self.joint.contains(self.delta)


def analyse_monitoring(
    game: NormalFormGame,
    noise: Any,
    detection: Any,
    *,
    punish_length: int | None = None,
    per_player: bool | None = None,
    cooperation: tuple[str, str] | None = None,
    punishment: tuple[str, str] | None = None,
    delta: Any = None,
    symbolic: NormalFormGame | None = None,
) -> MonitoringAnalysis:
    """Exact thresholds and path payoffs of trigger strategies under noisy public monitoring.

    Parameters
    ----------
    game
        A two-player stage game with numeric payoffs.
    noise, detection
        ``epsilon`` and ``eta``: one probability for both players or one per player.
    punish_length
        Rounds of punishment after a bad signal (at least 1); ``None`` for ever.
    per_player
        One signal per player (default: when ``noise`` is given per player).
    cooperation, punishment
        The cooperative profile and the stage equilibrium to punish with (labels); by default
        as for ``fedlocal repeated``.
    delta
        A common discount factor for the path values and the loss.
    symbolic
        The game with its parameters symbolic, for closed forms.

    Examples
    --------
    The prisoner's dilemma 5/3/1/0 with reversion for ever: perfect monitoring gives the grim
    threshold 1/2; a 10% false-alarm rate and 80% detection raise it to 5/8, and at delta = 9/10
    the path is worth 39/19 instead of 3.

    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   actions=(("C", "D"), ("C", "D")))
    >>> analyse_monitoring(pd, 0, 1).threshold
    1/2
    >>> a = analyse_monitoring(pd, "1/10", "4/5", delta="9/10")
    >>> a.threshold, a.values, a.loss
    (5/8, (39/19, 39/19), (18/19, 18/19))
    """
    if not game.is_numeric:
        names = ", ".join(sorted(s.name for s in game.free_symbols))
        raise UnsupportedGameError(f"the stage game still has symbolic payoffs ({names})")
    if punish_length is not None and (
        isinstance(punish_length, bool) or not isinstance(punish_length, int) or punish_length < 1
    ):
        raise ScenarioError(f"the punishment lasts at least 1 round, got {punish_length!r}")
    given_per_player = isinstance(noise, list | tuple)
    eps, eta = _noise_and_detection(noise, detection)
    split = given_per_player if per_player is None else per_player
    p, q = signal_probabilities(eps, eta, split)

    coop, pun = roles(game, RepeatedSpec(cooperation=cooperation, punishment=punishment))
    cell = (game.actions[0].index(coop[0]), game.actions[1].index(coop[1]))
    notes: list[str] = []
    pun_cell, rev, rev_text = _reversion(game, pun, punishment, notes)
    R = game.payoff_profile(*cell)
    devs = [_best_deviation(game, k, cell) for k in (0, 1)]
    g = tuple(game.payoff_profile(*devs[k])[k] - R[k] for k in (0, 1))
    sets = []
    for k in (0, 1):
        if g[k] <= 0:
            sets.append(DeltaSet.everything())
            continue
        if q[k] <= p:
            notes.append(
                f"a departure by {game.players[k]} is reported no more often than cooperation "
                f"(q = {q[k]} <= p = {p}): the trigger cannot deter it"
            )
        sets.append(
            nonnegative_set(trigger_slack(g[k], R[k], rev[k], p, q[k], _D, punish_length), _D)
        )
    joint = intersect(sets)
    values = loss = devv = None
    d = None
    if delta is not None:
        d, values, loss, devv = _at_delta(delta, R, rev, g, p, q, punish_length)
    formulas: list[tuple[str, sp.Expr]] = []
    if symbolic is not None and pun_cell is not None:
        formulas = _formulas(symbolic, cell, devs, pun_cell, split, punish_length, g)
    return MonitoringAnalysis(
        game,
        coop,
        rev_text,
        (eps[0], eps[1]),
        (eta[0], eta[1]),
        split,
        punish_length,
        p,
        (q[0], q[1]),
        (sets[0], sets[1]),
        joint,
        ((R[0], rev[0], g[0]), (R[1], rev[1], g[1])),
        d,
        None if values is None else (values[0], values[1]),
        None if loss is None else (loss[0], loss[1]),
        None if devv is None else (devv[0], devv[1]),
        tuple(formulas),
        diagnostics=tuple(notes),
    )


def _noise_and_detection(noise: Any, detection: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """``epsilon`` and ``eta`` for each player, from one probability or one per player."""
    eps = (
        tuple(_number(x, "the noise (epsilon)") for x in noise)
        if isinstance(noise, list | tuple)
        else (_number(noise, "the noise (epsilon)"),) * 2
    )
    eta = (
        tuple(_number(x, "the detection probability (eta)") for x in detection)
        if isinstance(detection, list | tuple)
        else (_number(detection, "the detection probability (eta)"),) * 2
    )
    if len(eps) != 2 or len(eta) != 2:
        raise ScenarioError("give one noise and one detection probability, or one per player")
    return eps, eta


def _reversion(
    game: NormalFormGame,
    pun: tuple[str, str],
    punishment: tuple[str, str] | None,
    notes: list[str],
) -> tuple[tuple[int, int] | None, Any, str]:
    """The punishment cell, the reversion payoffs and their text.

    The punishment profile must be a stage equilibrium when given; otherwise a pure one is
    used, or a (mixed) stage equilibrium, which ``notes`` then names.
    """
    pun_cell: tuple[int, int] | None = (
        game.actions[0].index(pun[0]),
        game.actions[1].index(pun[1]),
    )
    if any(_best_deviation(game, k, pun_cell) != pun_cell for k in (0, 1)):  # type: ignore[arg-type]
        if punishment is not None:
            raise UnsupportedGameError(
                f"the punishment profile ({pun[0]}, {pun[1]}) is not a stage equilibrium; "
                "trigger strategies under noisy monitoring revert to a stage equilibrium"
            )
        pun_cell = None  # no pure one: revert to a (mixed) stage equilibrium
    rev, rev_text, rev_cell = reversion_payoffs(game, pun if pun_cell is not None else None)
    if pun_cell is None:
        pun_cell = rev_cell
        notes.append(f"the punishment phase plays {rev_text}, worth ({rev[0]}, {rev[1]})")
    return pun_cell, rev, rev_text


def _at_delta(
    delta: Any,
    R: Any,
    rev: Any,
    g: tuple[Any, ...],
    p: Any,
    q: Any,
    punish_length: int | None,
) -> tuple[sp.Expr, tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]]:
    """The discount factor, and at it each player's path value, loss and deviation value."""
    d = _number(delta, "the discount factor")
    if not 0 < d < 1:
        raise ScenarioError(f"the discount factor must lie strictly between 0 and 1, got {d}")
    values = tuple(sp.sympify(trigger_value(R[k], rev[k], p, d, punish_length)) for k in (0, 1))
    loss = tuple(R[k] - values[k] for k in (0, 1))
    devv = tuple(
        _deviation_value(R[k] + g[k], values[k], rev[k], q[k], d, punish_length) for k in (0, 1)
    )
    return d, values, loss, devv


def _deviation_value(Tk: Any, V: Any, P: Any, q: Any, d: Any, length: int | None) -> Any:
    W = P if length is None else (1 - d**length) * P + d**length * V
    return (1 - d) * Tk + d * ((1 - q) * V + q * W)


def _formulas(
    sym: NormalFormGame,
    cell: tuple[int, int],
    devs: Sequence[tuple[int, int]],
    pun: tuple[int, int],
    split: bool,
    length: int | None,
    g: Sequence[sp.Expr],
) -> list[tuple[str, sp.Expr]]:
    """Closed forms with epsilon, eta and delta symbolic (structure as at the values)."""
    players = sym.players
    if split:
        eps = tuple(sp.Symbol(f"epsilon_{n}", nonnegative=True) for n in players)
        eta = tuple(sp.Symbol(f"eta_{n}", nonnegative=True) for n in players)
    else:
        e = sp.Symbol("epsilon", nonnegative=True)
        eps = (e, e)
        eta = tuple(sp.Symbol(f"eta_{n}", nonnegative=True) for n in players)
    p, q = signal_probabilities(eps, eta, split)
    out: list[tuple[str, sp.Expr]] = []
    for k in (0, 1):
        m = sym.payoffs[k]
        R, P, gk = m[cell], m[pun], m[devs[k]] - m[cell]
        stake = sp.factor(R - P)
        out.append(
            (f"value_{players[k]}", P + (1 - _D) * stake / (1 - _D + p * _D * _beta(_D, length)))
        )
        if g[k] > 0 and length is None:
            out.append((f"threshold_{players[k]}", gk / (gk * (1 - p) + (q[k] - p) * stake)))
        elif g[k] > 0:
            out.append((f"constraint_{players[k]}", trigger_slack(gk, R, P, p, q[k], _D, length)))
    return out


@dataclass(frozen=True)
class MonteCarlo:
    """A Monte Carlo estimate of the normalised values under the signal process.

    ``conform`` and ``deviate`` are each player's mean normalised payoff when both follow the
    trigger profile, and when the player departs in the first round only (then conforms);
    ``*_se`` are their standard errors; ``tail`` bounds the truncation after ``rounds`` rounds.
    """

    conform: tuple[float, float]
    conform_se: tuple[float, float]
    deviate: tuple[float, float]
    deviate_se: tuple[float, float]
    runs: int
    rounds: int
    tail: float
    seed: Any


def simulate_monitoring(
    analysis: MonitoringAnalysis,
    *,
    runs: int = 20_000,
    rounds: int | None = None,
    seed: int | np.random.Generator | None = None,
) -> MonteCarlo:
    """Simulate the public signal and the trigger strategies, independently of the closed forms.

    Each run plays ``rounds`` rounds (enough that ``delta**rounds < 1e-9`` by default), draws
    the signal each cooperative round, starts a punishment phase on a bad signal, and sums the
    normalised discounted payoffs. Needs ``analysis.delta``.

    Examples
    --------
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> a = analyse_monitoring(pd, "1/10", "4/5", delta="9/10")
    >>> mc = simulate_monitoring(a, runs=4000, seed=1)
    >>> abs(mc.conform[0] - float(a.values[0])) < 4 * mc.conform_se[0] + mc.tail
    True
    """
    if analysis.delta is None:
        raise ScenarioError("the simulation needs a discount factor (delta)")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    d = float(analysis.delta)
    n = rounds if rounds is not None else max(1, math.ceil(math.log(1e-9) / math.log(d)))
    p = float(analysis.false_alarm)
    length = analysis.punish_length
    conform: list[float] = []
    conform_se: list[float] = []
    deviate: list[float] = []
    deviate_se: list[float] = []
    scale = max(abs(float(x)) for s in analysis.stage for x in s) * 2
    for k in (0, 1):
        R, P, g = (float(x) for x in analysis.stage[k])
        q = float(analysis.detection_prob[k])
        for first_deviates in (False, True):
            left = np.zeros(runs, dtype=np.int64)  # punishment rounds left (-1: for ever)
            total = np.zeros(runs)
            weight = 1 - d
            for t in range(n):
                coop = left == 0
                dev_now = first_deviates and t == 0
                pay = np.where(coop, R + (g if dev_now else 0.0), P)
                total += weight * pay
                weight *= d
                bad = rng.random(runs) < (q if dev_now else p)
                start = coop & bad
                left = np.where(left > 0, left - 1, left)
                left = np.where(start, -1 if length is None else length, left)
            mean = float(total.mean())
            se = float(total.std(ddof=1) / math.sqrt(runs))
            (deviate if first_deviates else conform).append(mean)
            (deviate_se if first_deviates else conform_se).append(se)
    return MonteCarlo(
        (conform[0], conform[1]),
        (conform_se[0], conform_se[1]),
        (deviate[0], deviate[1]),
        (deviate_se[0], deviate_se[1]),
        runs,
        n,
        d**n * scale,
        seed if not isinstance(seed, np.random.Generator) else "generator",
    )
