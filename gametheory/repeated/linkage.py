r"""Linked issues (multimarket contact): pooling incentive constraints across stage games.

Conventions
-----------
The same two players play stage games :math:`k = 1, \dots, K` (detainers, jail access, grants)
every round, with a common discount factor :math:`\delta`. In issue :math:`k` the agreement is
the profile :math:`a^k`; player :math:`i`'s best one-shot deviation gain there is
:math:`g_i^k`, and its stake, the stage payoff above the stage equilibrium reverted to, is
:math:`s_i^k = u_i^k(a^k) - v_i^k`.

**Separately**, issue :math:`k` is self-enforcing under grim reversion iff
:math:`g_i^k \le \frac{\delta}{1-\delta} s_i^k` for both players.

**Linked** (Bernheim & Whinston 1990), a departure in any issue ends cooperation in all of them,
and a player who deviates does so in every issue where it gains (the stage games are played
simultaneously, so the best deviation in the linked game is the sum of the best deviations):

.. math:: \sum_k g_i^k \le \frac{\delta}{1-\delta} \sum_k s_i^k \quad\text{for } i = 1, 2,

so :math:`\delta_i^* = \sum_k g_i^k / \sum_k (g_i^k + s_i^k)`, the mediant of the issues' own
thresholds: never above the largest of them. Slack in one issue (a player with a large stake and
a small temptation) carries the other. With transfers as well, the pool takes in both players:
:math:`\sum_{i,k} g_i^k / \sum_{i,k} (g_i^k + s_i^k)`.

The independent check (:func:`product_threshold`) builds the linked stage game explicitly (the
product of the issues, actions are tuples, payoffs add up) and checks grim trigger on it with the
one-shot deviation principle (:func:`gametheory.repeated.deviation.check_strategies`).

References
----------
.. [BW1990] B. D. Bernheim and M. D. Whinston, "Multimarket contact and collusive behavior",
   *RAND Journal of Economics* 21(1), 1990, 1-26.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.model.agreements import LinkedIssue
from gametheory.model.normal_form import NormalFormGame
from gametheory.model.repeated_spec import RepeatedSpec
from gametheory.repeated.automata import grim_trigger
from gametheory.repeated.deviation import check_strategies
from gametheory.repeated.game import RepeatedGame
from gametheory.repeated.roles import roles
from gametheory.repeated.transfers import (
    _best_deviation,
    linear_threshold,
    reversion_payoffs,
    tidy_ratio,
)

__all__ = [
    "IssueThresholds",
    "LinkageAnalysis",
    "analyse_linkage",
    "mirror",
    "product_game",
    "product_threshold",
]


def mirror(game: NormalFormGame, title: str | None = None) -> NormalFormGame:
    """The same stage game with the two players' roles swapped.

    The players keep their names and order; the row player now has the column player's
    actions and payoffs, and the other way round.

    Examples
    --------
    >>> g = NormalFormGame.from_matrices([[-2, -6], [0, -4]], [[3, 4], [0, 1]],
    ...                                  actions=(("Cooperate", "Refuse"), ("Restrain", "Surge")))
    >>> m = mirror(g)
    >>> m.actions
    (('Restrain', 'Surge'), ('Cooperate', 'Refuse'))
    >>> m.payoff_profile(0, 0)  # (Restrain, Cooperate): Local now has the agency's payoff
    (3, -2)
    """
    a, b = game.payoffs
    return NormalFormGame(
        game.players,
        (game.actions[1], game.actions[0]),
        (sp.ImmutableMatrix(b.T), sp.ImmutableMatrix(a.T)),
        title if title is not None else f"{game.title} (roles swapped)".strip(),
    )


def product_game(games: Sequence[NormalFormGame]) -> NormalFormGame:
    """The linked stage game: all issues at once, actions are tuples joined by ``+``.

    Examples
    --------
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   actions=(("C", "D"), ("C", "D")))
    >>> p = product_game([pd, pd])
    >>> p.actions[0]
    ('C+C', 'C+D', 'D+C', 'D+D')
    >>> p.payoff_profile(0, 3)
    (0, 10)
    """
    if len(games) < 2:
        raise ValueError("a linked game needs at least two issues")
    rows = list(itertools.product(*(range(g.shape[0]) for g in games)))
    cols = list(itertools.product(*(range(g.shape[1]) for g in games)))

    def label(k: int, idx: tuple[int, ...]) -> str:
        return "+".join(g.actions[k][i] for g, i in zip(games, idx, strict=True))

    mats = [
        sp.ImmutableMatrix(
            [
                [
                    sum(
                        (g.payoffs[k][r[t], c[t]] for t, g in enumerate(games)),
                        sp.Integer(0),
                    )
                    for c in cols
                ]
                for r in rows
            ]
        )
        for k in (0, 1)
    ]
    return NormalFormGame(
        games[0].players,
        (tuple(label(0, r) for r in rows), tuple(label(1, c) for c in cols)),
        (mats[0], mats[1]),
        "linked: " + " + ".join(g.title or f"issue {t + 1}" for t, g in enumerate(games)),
    )


@dataclass(frozen=True)
class IssueThresholds:
    """One issue of a linked relationship, on its own.

    Attributes
    ----------
    name, game
        The issue and its stage game at the values.
    cooperation, punishment
        The agreement and the stage equilibrium reverted to (labels; ``punishment`` is a
        description when the equilibrium is mixed).
    gains, stakes
        Each player's best deviation gain and stake (payoff above the reversion payoff).
    per_player, threshold
        Each player's own threshold and the issue's (the larger); ``None`` when never.
    """

    name: str
    game: NormalFormGame
    cooperation: tuple[str, str]
    punishment: str
    gains: tuple[sp.Expr, sp.Expr]
    stakes: tuple[sp.Expr, sp.Expr]
    per_player: tuple[sp.Expr | None, sp.Expr | None]
    threshold: sp.Expr | None
    formula: sp.Expr | None = None


@dataclass(frozen=True)
class LinkageAnalysis:
    """The linked relationship beside each issue's own.

    Attributes
    ----------
    issues
        Each issue alone.
    per_player, threshold
        The pooled thresholds of the linked relationship, per player and both (``None``: never).
    separate
        The smallest delta at which every issue is self-enforcing on its own (the largest of
        the issues' thresholds).
    gain
        ``separate - threshold``: how much less patience linkage needs (``None`` when either is
        never).
    with_transfers
        The linked threshold when side payments are possible too.
    formulas
        Closed forms in the scenario's parameters (``linked``, ``linked_<player>``), valid where
        the best deviations and reversion equilibria are those at the values.
    """

    players: tuple[str, str]
    issues: tuple[IssueThresholds, ...]
    per_player: tuple[sp.Expr | None, sp.Expr | None]
    threshold: sp.Expr | None
    separate: sp.Expr | None
    gain: sp.Expr | None
    with_transfers: sp.Expr | None
    formulas: tuple[tuple[str, sp.Expr], ...] = ()
    method: str = "exact: pooled incentive constraints under grim reversion"
    exact: bool = True
    diagnostics: tuple[str, ...] = field(default=())


def _max(parts: Sequence[sp.Expr | None]) -> sp.Expr | None:
    return None if any(p is None for p in parts) else max(parts)  # type: ignore[type-var]


def _issue_roles(
    issue: LinkedIssue, game: NormalFormGame
) -> tuple[tuple[str, str], tuple[str, str] | None]:

    coop, pun = roles(
        game, RepeatedSpec(cooperation=issue.cooperation, punishment=issue.punishment)
    )
    return coop, pun


def analyse_linkage(
    issues: Sequence[LinkedIssue],
    values: Mapping[sp.Symbol, Any] | None = None,
) -> LinkageAnalysis:
    """Exact thresholds of each issue alone and of the linked relationship.

    Parameters
    ----------
    issues
        Two or more issues between the same players (games in the same player order).
    values
        Values for the parameters the games use; games without parameters are used as they are.

    Examples
    --------
    The cooperation-surge game and its mirror image (surge_pd at its defaults: the county needs 1/2 and
    the agency 1/3 in the first, the other way round in the second): linked, 3/7 for both.

    >>> surge = NormalFormGame.from_matrices([[-2, -6], [0, -4]], [[3, 4], [0, 1]],
    ...                                      actions=(("C", "R"), ("Re", "S")))
    >>> a = analyse_linkage([LinkedIssue("jail", surge), LinkedIssue("mirror", mirror(surge))])
    >>> [i.threshold for i in a.issues], a.per_player, a.threshold, a.gain
    ([1/2, 1/2], (3/7, 3/7), 3/7, 1/14)
    """
    if len(issues) < 2:
        raise ScenarioError("a linked relationship needs at least two issues")
    players = issues[0].game.players
    vals = {k: sp.sympify(v) for k, v in (values or {}).items()}
    out: list[IssueThresholds] = []
    cells: list[tuple[tuple[int, int], tuple[tuple[int, int], tuple[int, int]], Any]] = []
    notes: list[str] = []
    for issue in issues:
        if tuple(issue.game.players) != tuple(players):
            raise ScenarioError(
                f"issue {issue.name!r} is between {', '.join(issue.game.players)}, not "
                f"{', '.join(players)}"
            )
        game = issue.game.subs(vals) if issue.game.free_symbols else issue.game
        if not game.is_numeric:
            names = ", ".join(sorted(s.name for s in game.free_symbols))
            raise UnsupportedGameError(f"issue {issue.name!r} still has symbolic payoffs ({names})")
        coop, pun = _issue_roles(issue, game)
        cell = (game.actions[0].index(coop[0]), game.actions[1].index(coop[1]))
        rev, rev_text, rev_cell = reversion_payoffs(game, pun)
        u = game.payoff_profile(*cell)
        dev = (_best_deviation(game, 0, cell), _best_deviation(game, 1, cell))
        g = (game.payoff_profile(*dev[0])[0] - u[0], game.payoff_profile(*dev[1])[1] - u[1])
        s = (u[0] - rev[0], u[1] - rev[1])
        own = (linear_threshold(g[0], s[0]), linear_threshold(g[1], s[1]))
        formula = None
        if issue.game.free_symbols and rev_cell is not None:
            sa, sb = issue.game.payoffs
            sm = (sa, sb)
            parts = [
                tidy_ratio((sm[k][dev[k]] - sm[k][cell]) / (sm[k][dev[k]] - sm[k][rev_cell]))
                for k in (0, 1)
                if g[k] > 0 and s[k] > 0
            ]
            if parts and all(g[k] <= 0 or s[k] > 0 for k in (0, 1)):
                formula = parts[0] if len(parts) == 1 else sp.Max(*parts)
        out.append(IssueThresholds(issue.name, game, coop, rev_text, g, s, own, _max(own), formula))
        cells.append((cell, dev, rev_cell))
    G = tuple(sum((i.gains[k] for i in out), sp.Integer(0)) for k in (0, 1))
    S = tuple(sum((i.stakes[k] for i in out), sp.Integer(0)) for k in (0, 1))
    per = (linear_threshold(G[0], S[0]), linear_threshold(G[1], S[1]))
    linked = _max(per)
    separate = _max([i.threshold for i in out])
    gain = None if linked is None or separate is None else separate - linked
    transfers = linear_threshold(G[0] + G[1], S[0] + S[1])
    formulas: list[tuple[str, sp.Expr]] = []
    if all(i.free_symbols for i in (iss.game for iss in issues)) and all(
        c[2] is not None for c in cells
    ):
        sym_g = [sp.Integer(0), sp.Integer(0)]
        sym_s = [sp.Integer(0), sp.Integer(0)]
        for issue, (cell, dev, rev_cell) in zip(issues, cells, strict=True):
            m = issue.game.payoffs
            for k in (0, 1):
                sym_g[k] += m[k][dev[k]] - m[k][cell]
                sym_s[k] += m[k][cell] - m[k][rev_cell]
        per_f = []
        for k in (0, 1):
            if G[k] > 0 and S[k] > 0:
                f = tidy_ratio(sym_g[k] / (sym_g[k] + sym_s[k]))
                formulas.append((f"linked_{players[k]}", f))
                per_f.append(f)
        if per_f and all(G[k] <= 0 or S[k] > 0 for k in (0, 1)):
            formulas.append(("linked", per_f[0] if len(per_f) == 1 else sp.Max(*per_f)))
    if linked is None:
        notes.append(
            "the pooled constraints fail at every delta < 1: linkage cannot hold all issues"
        )
    return LinkageAnalysis(
        (players[0], players[1]),
        tuple(out),
        per,
        linked,
        separate,
        gain,
        transfers,
        tuple(formulas),
        diagnostics=tuple(notes),
    )


def product_threshold(analysis: LinkageAnalysis) -> Any:
    """The independent check: grim trigger on the explicit linked game, by one-shot deviations.

    Returns the exact set of delta (a :class:`~gametheory.repeated.delta_sets.DeltaSet`) at which
    grim trigger on the product game, cooperating in every issue and reverting to every issue's
    stage equilibrium, is subgame perfect. Needs pure reversion equilibria.

    Examples
    --------
    >>> surge = NormalFormGame.from_matrices([[-2, -6], [0, -4]], [[3, 4], [0, 1]],
    ...                                      actions=(("C", "R"), ("Re", "S")))
    >>> a = analyse_linkage([LinkedIssue("jail", surge), LinkedIssue("mirror", mirror(surge))])
    >>> product_threshold(a).describe()
    'delta >= 3/7'
    """

    games = [i.game for i in analysis.issues]
    prod = product_game(games)
    pun = []
    for i in analysis.issues:
        if not i.punishment.startswith("("):
            raise UnsupportedGameError("the product check needs pure reversion equilibria")
        pun.append(tuple(x.strip() for x in i.punishment.strip("()").split(",")))
    coop = ["+".join(i.cooperation[k] for i in analysis.issues) for k in (0, 1)]
    bad = ["+".join(p[k] for p in pun) for k in (0, 1)]
    pair = (grim_trigger(coop[0], bad[0], coop[1]), grim_trigger(coop[1], bad[1], coop[0]))
    return check_strategies(RepeatedGame.common(prod), pair).joint
