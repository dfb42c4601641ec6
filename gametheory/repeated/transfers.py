r"""Transfers and relational contracts: what money on the table does to self-enforcement.

Conventions
-----------
Two players, a stage game with pure profiles :math:`a`, common discount factor :math:`\delta`,
normalised payoffs. For a profile :math:`a` write :math:`g_i(a) = \max_{a_i'} u_i(a_i', a_{-i})
- u_i(a)` for player :math:`i`'s best one-shot deviation gain, :math:`c_i(a) = u_i(a) + g_i(a)`
for :math:`i`'s best-reply payoff against :math:`a`, :math:`G(a) = \sum_i g_i(a)` and
:math:`U(a) = \sum_i u_i(a)`. A *stationary* agreement plays :math:`a` in every round; a
deviation is punished with punishment payoffs :math:`v_i`.

**Without transfers** each player's own incentive constraint must hold:

.. math:: g_i(a) \le \frac{\delta}{1-\delta}\,(u_i(a) - v_i) \quad\text{for } i = 1, 2.

**With transfers** (side payments each round; Levin 2003; Goldlücke & Kranz 2012) the surplus
above the punishments can be moved to whoever is tempted, so only the sum has to be covered:

.. math:: G(a) \le \frac{\delta}{1-\delta}\,\Big(U(a) - \sum_i v_i\Big),

hence :math:`\delta^*(a) = G/(G + U - \sum_i v_i)`. By the mediant inequality it is never above
the largest of the players' own thresholds; in a symmetric game (the prisoner's dilemma) they are
equal.

Two kinds of punishment are computed:

* **stage-Nash reversion**: :math:`v` is a stage Nash equilibrium's payoff for ever (the scenario's
  punishment profile when it is a stage equilibrium, else the pure equilibrium with the least
  joint payoff, else the mixed one);
* **optimal penal codes** (Abreu 1988). Without transfers: the players' pure minmax values, which
  is exact *where the minmax is an equilibrium* (a stage equilibrium holds both players to their
  minmax, as in the prisoner's dilemma); otherwise it is only a lower bound on the threshold and
  is flagged. With transfers: the optimal simple penal code of Goldlücke & Kranz (2012) for
  perfect monitoring: to punish :math:`k` play a profile :math:`a^k` for one round, after which
  :math:`k` pays its way back to the agreement; :math:`k`'s punishment payoff is
  :math:`c_k(a^k)`, and the code works iff every profile it uses has its deviation gains covered,

  .. math:: \max\{G(a), G(a^1), G(a^2)\} \le \frac{\delta}{1-\delta}\big(U(a) - c_1(a^1) -
            c_2(a^2)\big),

  minimised exactly over all pairs :math:`(a^1, a^2)` of pure profiles, and over reversion to
  the stage equilibrium (which may be mixed) for ever. The best :math:`a^k` holds :math:`k` to
  its pure minmax when that is enforceable.

An **optimal relational contract** at :math:`\delta` plays the sustainable profile with the
largest joint payoff (stationary contracts are optimal with transfers: Levin 2003), and a
stationary per-round transfer :math:`\tau` from the column player to the row player splits it.
The transfer is paid at the end of each round in which the agreement was kept (a
reimbursement for jail days actually provided), so a deviator forgoes or saves it: the payee needs
:math:`g_1 - \tau \le \frac{\delta}{1-\delta}(u_1 + \tau - v_1)` and the payer
:math:`g_2 + \tau \le \frac{\delta}{1-\delta}(u_2 - \tau - v_2)`, that is
:math:`(1-\delta) g_1 - \delta (u_1 - v_1) \le \tau \le \delta (u_2 - v_2) - (1-\delta) g_2`,
an interval that is non-empty exactly when the pooled condition holds. The transfer reported
splits the surplus above the punishments equally where that is allowed, else the nearest allowed
transfer.

References
----------
.. [Levin2003] J. Levin, "Relational incentive contracts", *American Economic Review* 93(3),
   2003, 835-857.
.. [GK2012] S. Goldlücke and S. Kranz, "Infinitely repeated games with public monitoring and
   monetary transfers", *Journal of Economic Theory* 147(3), 2012, 1191-1221.
.. [Abreu1988] D. Abreu, "On the theory of infinitely repeated games with discounting",
   *Econometrica* 56(2), 1988, 383-396.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.formula import parse_number
from gametheory.model.normal_form import NormalFormGame, exact_number
from gametheory.repeated.minmax import minmax
from gametheory.solvers import solve

__all__ = [
    "ProfileThresholds",
    "RelationalContract",
    "TransferAnalysis",
    "analyse_transfers",
    "linear_threshold",
    "relational_contract",
    "reversion_payoffs",
    "tidy_ratio",
]

Cell = tuple[int, int]


def linear_threshold(gain: Any, surplus: Any) -> sp.Expr | None:
    r"""The smallest :math:`\delta \in [0, 1)` with :math:`\text{gain} \le
    \frac{\delta}{1-\delta}\,\text{surplus}`; ``None`` when there is none.

    Examples
    --------
    >>> linear_threshold(2, 2), linear_threshold(0, 5), linear_threshold(1, 0)
    (1/2, 0, None)
    """
    g, s = sp.sympify(gain), sp.sympify(surplus)
    if g <= 0:
        return sp.Integer(0) if s >= 0 or g + s > 0 else None
    if s <= 0:
        return None
    return sp.Rational(g, g + s) if g.is_Rational and s.is_Rational else g / (g + s)


def tidy_ratio(expr: Any) -> sp.Expr:
    """A ratio of polynomials with the fewer minus signs in front (for closed forms).

    Examples
    --------
    >>> a, b = sp.symbols("a b", positive=True)
    >>> tidy_ratio(-a / (-a - b))
    a/(a + b)
    """
    num, den = sp.fraction(sp.cancel(sp.together(sp.sympify(expr))))
    num, den = sp.expand(num), sp.expand(den)

    def minus(e: sp.Expr) -> int:
        return sum(1 for t in sp.Add.make_args(e) if t.could_extract_minus_sign())

    if minus(-num) + minus(-den) < minus(num) + minus(den) or (
        minus(-num) + minus(-den) == minus(num) + minus(den) and den.could_extract_minus_sign()
    ):
        num, den = -num, -den
    return num / den


def _payoff(game: NormalFormGame, k: int, cell: Cell) -> sp.Expr:
    return sp.sympify(game.payoffs[k][cell[0], cell[1]])


def _best_deviation(game: NormalFormGame, k: int, cell: Cell) -> Cell:
    """The cell of ``k``'s best reply against ``cell`` (its own action on ties)."""
    m, n = game.shape
    options = [(i, cell[1]) for i in range(m)] if k == 0 else [(cell[0], j) for j in range(n)]
    best = max(_payoff(game, k, c) for c in options)
    return (
        cell
        if _payoff(game, k, cell) == best
        else next(c for c in options if _payoff(game, k, c) == best)
    )


def reversion_payoffs(
    game: NormalFormGame, punishment: tuple[str, str] | None = None
) -> tuple[tuple[sp.Expr, sp.Expr], str, Cell | None]:
    """The stage-Nash reversion payoffs, a description, and the pure cell when there is one.

    ``punishment`` is used when it is a pure stage equilibrium; otherwise the pure equilibrium
    with the least joint payoff, otherwise the mixed equilibrium with the least joint payoff.

    Examples
    --------
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   actions=(("C", "D"), ("C", "D")))
    >>> reversion_payoffs(pd)
    ((1, 1), '(D, D)', (1, 1))
    """
    m, n = game.shape
    cells = list(itertools.product(range(m), range(n)))
    pure = [c for c in cells if all(_best_deviation(game, k, c) == c for k in (0, 1))]
    if punishment is not None:
        cell = (game.actions[0].index(punishment[0]), game.actions[1].index(punishment[1]))
        if cell in pure:
            pure = [cell]
    if pure:
        c = min(pure, key=lambda c: (_payoff(game, 0, c) + _payoff(game, 1, c), c))
        return (
            (_payoff(game, 0, c), _payoff(game, 1, c)),
            f"({game.actions[0][c[0]]}, {game.actions[1][c[1]]})",
            c,
        )

    eqs = solve(game).equilibria
    if not eqs:  # pragma: no cover - every finite game has an equilibrium
        raise UnsupportedGameError("the stage game has no equilibrium to revert to")
    e = min(eqs, key=lambda e: exact_number(e.payoffs[0]) + exact_number(e.payoffs[1]))
    return (
        (exact_number(e.payoffs[0]), exact_number(e.payoffs[1])),
        "a mixed stage equilibrium",
        None,
    )


@dataclass(frozen=True)
class ProfileThresholds:
    """The critical discount factors of one stationary profile, with and without transfers.

    Every threshold is the smallest common delta at which playing ``profile`` in every round is
    self-enforcing (``0``: always; ``None``: at no delta < 1).

    Attributes
    ----------
    profile, cell
        The profile's action labels and its (row, column) indices.
    payoffs, gains
        Each player's stage payoff at the profile and best one-shot deviation gain.
    nash
        Without transfers, stage-Nash reversion.
    nash_transfers
        With transfers, stage-Nash reversion.
    minmax
        Without transfers, minmax punishments; exact when ``minmax_is_equilibrium``, else a
        lower bound.
    optimal_transfers
        With transfers, the optimal simple penal code.
    penal_code
        The punishment profiles ``(a^1, a^2)`` of the optimal code (labels); ``None`` when
        reversion to the stage equilibrium (say a mixed one) does at least as well, or never.
    penal_values
        The punishment payoffs ``(c_1(a^1), c_2(a^2))`` of that code.
    formulas
        Closed forms in the scenario's parameters (``nash``, ``nash_transfers``), valid where
        the best deviations and the reversion equilibrium are those at the values; empty when
        the game had no parameters.
    """

    profile: tuple[str, str]
    cell: Cell
    payoffs: tuple[sp.Expr, sp.Expr]
    gains: tuple[sp.Expr, sp.Expr]
    nash: sp.Expr | None
    nash_transfers: sp.Expr | None
    minmax: sp.Expr | None
    optimal_transfers: sp.Expr | None
    penal_code: tuple[tuple[str, str], tuple[str, str]] | None
    penal_values: tuple[sp.Expr, sp.Expr] | None
    formulas: tuple[tuple[str, sp.Expr], ...] = ()

    @property
    def joint(self) -> sp.Expr:
        """The joint payoff at the profile."""
        return sp.sympify(self.payoffs[0] + self.payoffs[1])


@dataclass(frozen=True)
class RelationalContract:
    """The optimal stationary relational contract at one discount factor.

    Attributes
    ----------
    delta
        The discount factor.
    profile
        The profile played (labels), or ``None`` when only stage play is self-enforcing.
    joint
        The joint payoff per round.
    transfer
        The per-round transfer from the column player to the row player (negative: the other
        way), splitting the surplus above the punishments equally where allowed.
    transfer_range
        The interval ``(low, high)`` of per-round transfers that keep both players willing.
    payoffs
        Each player's payoff per round after the transfer.
    """

    delta: sp.Expr
    profile: tuple[str, str] | None
    joint: sp.Expr
    transfer: sp.Expr | None
    transfer_range: tuple[sp.Expr, sp.Expr] | None
    payoffs: tuple[sp.Expr, sp.Expr]


@dataclass(frozen=True)
class TransferAnalysis:
    """Per-profile thresholds with and without transfers, and the optimal contracts.

    Attributes
    ----------
    game
        The stage game (numeric).
    reversion, reversion_profile
        The stage-Nash reversion payoffs and a description of the equilibrium.
    minmax_values
        The players' pure minmax values.
    minmax_is_equilibrium
        True when a stage equilibrium gives both players their pure minmax (then the minmax
        thresholds are exact).
    profiles
        One :class:`ProfileThresholds` per pure profile, in matrix order.
    schedule
        The best joint payoff sustainable with transfers (optimal penal code) as delta grows:
        ``(from_delta, profile, joint)`` steps in increasing order of delta.
    contract
        The optimal relational contract at the given delta, if one was given.
    method, diagnostics
        How it was computed.
    """

    game: NormalFormGame
    reversion: tuple[sp.Expr, sp.Expr]
    reversion_profile: str
    minmax_values: tuple[sp.Expr, sp.Expr]
    minmax_is_equilibrium: bool
    profiles: tuple[ProfileThresholds, ...]
    schedule: tuple[tuple[sp.Expr, tuple[str, str], sp.Expr], ...]
    contract: RelationalContract | None = None
    method: str = "exact: linear incentive constraints in delta/(1 - delta)"
    exact: bool = True
    diagnostics: tuple[str, ...] = field(default=())

    def profile(self, row: str, column: str) -> ProfileThresholds:
        """The thresholds of the profile ``(row, column)``."""
        for p in self.profiles:
            if p.profile == (row, column):
                return p
        raise KeyError(f"no profile ({row}, {column})")


def _max_threshold(parts: Sequence[sp.Expr | None]) -> sp.Expr | None:
    return None if any(p is None for p in parts) else max(parts)  # type: ignore[type-var]


def _labels(game: NormalFormGame, c: Cell) -> tuple[str, str]:
    return (game.actions[0][c[0]], game.actions[1][c[1]])


def _optimal_code(
    game: NormalFormGame,
    cell: Cell,
    cells: Sequence[Cell],
    reversion: tuple[sp.Expr, sp.Expr],
) -> tuple[sp.Expr | None, tuple[Cell, Cell] | None, tuple[sp.Expr, sp.Expr] | None]:
    """The best one-round stick for each player (or reversion to the stage equilibrium, a
    mixed one included), minimising the threshold of ``cell`` with transfers."""
    reply = {c: tuple(_payoff(game, k, _best_deviation(game, k, c)) for k in (0, 1)) for c in cells}
    G = {c: reply[c][0] + reply[c][1] - _payoff(game, 0, c) - _payoff(game, 1, c) for c in cells}
    U = _payoff(game, 0, cell) + _payoff(game, 1, cell)
    best: tuple[sp.Expr, tuple[Cell, Cell] | None, tuple[sp.Expr, sp.Expr]] | None = None
    t = linear_threshold(G[cell], U - reversion[0] - reversion[1])
    if t is not None:
        best = (t, None, reversion)
    for a1, a2 in itertools.product(cells, repeat=2):
        v = (reply[a1][0], reply[a2][1])
        t = linear_threshold(max(G[cell], G[a1], G[a2]), U - v[0] - v[1])
        if t is not None and (best is None or (t, v[0] + v[1]) < (best[0], sum(best[2]))):
            best = (t, (a1, a2), v)
    return (None, None, None) if best is None else best


def analyse_transfers(
    game: NormalFormGame,
    *,
    punishment: tuple[str, str] | None = None,
    delta: Any = None,
    symbolic: NormalFormGame | None = None,
) -> TransferAnalysis:
    """Exact critical discount factors of every stationary profile, with and without transfers.

    Parameters
    ----------
    game
        A two-player stage game with numeric payoffs.
    punishment
        The stage equilibrium to revert to (labels), when the scenario names one.
    delta
        A discount factor for the optimal relational contract (optional).
    symbolic
        The same game with its parameters symbolic, for closed forms (optional).

    Returns
    -------
    TransferAnalysis

    Examples
    --------
    In the prisoner's dilemma 5/3/1/0 transfers change nothing: (T - R)/(T - P) = 1/2 either way.

    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   actions=(("C", "D"), ("C", "D")))
    >>> p = analyse_transfers(pd).profile("C", "C")
    >>> p.nash, p.nash_transfers, p.minmax, p.optimal_transfers
    (1/2, 1/2, 1/2, 1/2)

    In an asymmetric one they pool the slack: the county's temptation 2 against its stake 2,
    the agency's 1 against 2: 1/2 alone, 3/7 with transfers.

    >>> surge = NormalFormGame.from_matrices([[-2, -6], [0, -4]], [[3, 4], [0, 1]])
    >>> p = analyse_transfers(surge).profiles[0]
    >>> p.nash, p.nash_transfers
    (1/2, 3/7)
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"game must be a NormalFormGame, not {type(game).__name__}")
    if not game.is_numeric:
        names = ", ".join(sorted(s.name for s in game.free_symbols))
        raise UnsupportedGameError(f"the stage game still has symbolic payoffs ({names})")

    m, n = game.shape
    cells = list(itertools.product(range(m), range(n)))
    rev, rev_text, rev_cell = reversion_payoffs(game, punishment)
    mm = (exact_number(minmax(game, 0).pure), exact_number(minmax(game, 1).pure))
    mm_eq = any(
        all(_best_deviation(game, k, c) == c for k in (0, 1))
        and (_payoff(game, 0, c), _payoff(game, 1, c)) == mm
        for c in cells
    )
    notes: list[str] = []
    if not mm_eq:
        notes.append(
            "no stage equilibrium holds both players to their pure minmax: the minmax "
            "thresholds without transfers are lower bounds (the punishment may not be credible)"
        )
    profiles = [_profile(game, c, cells, rev, mm, symbolic, rev_cell) for c in cells]
    schedule = _schedule(profiles)
    contract = None
    if delta is not None:
        contract = relational_contract(profiles, delta)
    return TransferAnalysis(
        game,
        rev,
        rev_text,
        mm,
        mm_eq,
        tuple(profiles),
        schedule,
        contract,
        diagnostics=tuple(notes),
    )


def _profile(
    game: NormalFormGame,
    c: Cell,
    cells: Sequence[Cell],
    rev: Any,
    mm: tuple[Any, Any],
    symbolic: NormalFormGame | None,
    rev_cell: Cell | None,
) -> ProfileThresholds:
    """The thresholds of the stationary profile ``c``, with and without transfers."""
    u = (_payoff(game, 0, c), _payoff(game, 1, c))
    dev = [_best_deviation(game, k, c) for k in (0, 1)]
    g = (_payoff(game, 0, dev[0]) - u[0], _payoff(game, 1, dev[1]) - u[1])
    stage_eq = g[0] == 0 and g[1] == 0
    zero = sp.Integer(0)
    nash = (
        zero
        if stage_eq
        else _max_threshold([linear_threshold(g[k], u[k] - rev[k]) for k in (0, 1)])
    )
    nash_t = zero if stage_eq else linear_threshold(g[0] + g[1], u[0] + u[1] - rev[0] - rev[1])
    mm_t = (
        zero if stage_eq else _max_threshold([linear_threshold(g[k], u[k] - mm[k]) for k in (0, 1)])
    )
    opt, code, pv = _optimal_code(game, c, cells, rev)
    if stage_eq:
        opt, code, pv = zero, (c, c), u
    formulas: list[tuple[str, sp.Expr]] = []
    if symbolic is not None and symbolic.free_symbols and rev_cell is not None:
        formulas = _closed_forms(symbolic, c, dev, rev_cell, u, g, rev, stage_eq)
    return ProfileThresholds(
        _labels(game, c),
        c,
        u,
        g,
        nash,
        nash_t,
        mm_t,
        opt,
        None if code is None else (_labels(game, code[0]), _labels(game, code[1])),
        pv,
        tuple(formulas),
    )


def _closed_forms(
    symbolic: NormalFormGame,
    c: Cell,
    dev: Sequence[Cell],
    rev_cell: Cell,
    u: tuple[Any, Any],
    g: tuple[Any, Any],
    rev: Any,
    stage_eq: bool,
) -> list[tuple[str, sp.Expr]]:
    """The thresholds of profile ``c`` in closed form, from the game with symbolic parameters."""
    formulas: list[tuple[str, sp.Expr]] = []
    su = [symbolic.payoffs[k] for k in (0, 1)]
    sg = [su[k][dev[k]] - su[k][c] for k in (0, 1)]
    ss = [su[k][c] - su[k][rev_cell] for k in (0, 1)]
    if not stage_eq:
        own = [tidy_ratio(sg[k] / (sg[k] + ss[k])) for k in (0, 1) if g[k] > 0]
        if all(g[k] <= 0 or u[k] - rev[k] > 0 for k in (0, 1)) and own:
            formulas.append(("nash", own[0] if len(own) == 1 else sp.Max(*own)))
        if u[0] + u[1] - rev[0] - rev[1] > 0:
            formulas.append(("nash_transfers", tidy_ratio((sg[0] + sg[1]) / (sum(sg) + sum(ss)))))
    return formulas


def _schedule(
    profiles: Sequence[ProfileThresholds],
) -> tuple[tuple[sp.Expr, tuple[str, str], sp.Expr], ...]:
    """Steps of the best sustainable joint payoff (optimal penal code, transfers) in delta."""
    ok = [p for p in profiles if p.optimal_transfers is not None]
    steps: list[tuple[sp.Expr, tuple[str, str], sp.Expr]] = []
    for t in sorted({p.optimal_transfers for p in ok}, key=lambda x: x):  # type: ignore[arg-type, return-value]
        best = max(
            (p for p in ok if p.optimal_transfers <= t),  # type: ignore[operator]
            key=lambda p: (p.joint, -p.cell[0], -p.cell[1]),
        )
        if not steps or best.joint > steps[-1][2]:
            steps.append((t, best.profile, best.joint))
    return tuple(steps)


def relational_contract(profiles: Sequence[ProfileThresholds], delta: Any) -> RelationalContract:
    """The optimal stationary relational contract at ``delta`` (transfers, optimal penal code).

    The punishment payoffs that bound the transfer are those of the profile's optimal penal code.

    Examples
    --------
    >>> surge = NormalFormGame.from_matrices([[-2, -6], [0, -4]], [[3, 4], [0, 1]],
    ...                                      actions=(("C", "R"), ("Re", "S")))

    At delta = 3/7 the deal holds only if the column player pays 2/7 a round:

    >>> c = analyse_transfers(surge, delta="3/7").contract
    >>> c.profile, c.joint, c.transfer_range, c.transfer, c.payoffs
    (('C', 'Re'), 1, (2/7, 2/7), 2/7, (-12/7, 19/7))

    At 1/2 the equal split of the surplus above the punishments needs no transfer:

    >>> analyse_transfers(surge, delta="1/2").contract.transfer
    0
    """

    d = parse_number(delta) if isinstance(delta, str | int | float) else exact_number(delta)
    if not (d.is_number and 0 < d < 1):
        raise ScenarioError(f"the discount factor must lie strictly between 0 and 1, got {d}")
    ok = [p for p in profiles if p.optimal_transfers is not None and p.optimal_transfers <= d]
    if not ok:  # pragma: no cover - a stage equilibrium is always sustainable
        return RelationalContract(d, None, sp.Integer(0), None, None, (sp.Integer(0),) * 2)
    best = max(ok, key=lambda p: (p.joint, -p.cell[0], -p.cell[1]))
    u, g = best.payoffs, best.gains
    v = best.penal_values if best.penal_values is not None else best.payoffs
    # The transfer is paid at the end of a round in which the agreement was kept, so a
    # deviator forgoes (or saves) it: g0 - tau <= d/(1-d) (u0 + tau - v0) for the payee and
    # g1 + tau <= d/(1-d) (u1 - tau - v1) for the payer.
    lo = (1 - d) * g[0] - d * (u[0] - v[0])
    hi = d * (u[1] - v[1]) - (1 - d) * g[1]
    if lo > hi:
        return RelationalContract(d, best.profile, best.joint, None, None, best.payoffs)
    surplus = best.joint - v[0] - v[1]
    equal = v[0] + surplus / 2 - u[0]
    tau = min(max(equal, lo), hi)
    return RelationalContract(d, best.profile, best.joint, tau, (lo, hi), (u[0] + tau, u[1] - tau))
