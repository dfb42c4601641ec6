"""Published repeated-game values, as data (one ``pytest.param`` per value, each with its source).

Thresholds are for the repeated prisoner's dilemma with normalised discounted payoffs; the values
at Axelrod's tournament payoffs (T, R, P, S) = (5, 3, 1, 0) are those of models-and-sources.md:

* Friedman, J. W. (1971), "A non-cooperative equilibrium for supergames", *Review of Economic
  Studies* 38(1): grim trigger is an SPE iff delta >= (T - R)/(T - P).
* Axelrod, R. (1984), *The Evolution of Cooperation*, Basic Books, ch. 2 and appendix B: TFT is
  "collectively stable" (a Nash equilibrium against itself) iff
  delta >= max{(T - R)/(T - P), (T - R)/(R - S)}; as an SPE it needs
  (T - R)/(R - S) = delta = (P - S)/(T - P) (derived by hand in tests/unit/test_repeated.py).
* Mailath, G. J. and Samuelson, L. (2006), *Repeated Games and Reputations*, Oxford UP, §2.4.2:
  k-period punishment needs T - R <= (R - P) sum_{t=1}^k delta^t.
* van Damme, E. (1989), "Renegotiation-proof equilibria in repeated prisoners' dilemma",
  *Journal of Economic Theory* 47(1): penance needs delta >= max{(T-R)/(R-S), (P-S)/(R-S)}.
* Abreu, D. and Sannikov, Y. (2014), *Theoretical Economics* 9; Abreu, Pearce & Stacchetti
  (1990), *Econometrica* 58(5): SPE payoff sets with public randomization (the PD values of
  docs/explanation/models-and-sources.md, verified by hand in tests/unit/test_payoff_set.py).
* Benoît, J.-P. and Krishna, V. (1985), "Finitely repeated games", *Econometrica* 53(4): a
  unique stage equilibrium unravels cooperation in every finite horizon.
* Fudenberg, D. and Maskin, E. (1986), *Econometrica* 54(3): the feasible, individually
  rational payoffs (minmax = stage NE = (P, P) in the PD).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction as F
from typing import Any

import pytest
import sympy as sp

from gametheory.model.normal_form import NormalFormGame
from gametheory.repeated.automata import Roles, library_strategy
from gametheory.repeated.critical_deltas import critical_deltas
from gametheory.repeated.deviation import check_strategies
from gametheory.repeated.finite import finite_horizon
from gametheory.repeated.game import RepeatedGame
from gametheory.repeated.payoff_set import individually_rational_set, spe_payoff_set


def pd(t: Any, r: Any, p: Any, s: Any) -> NormalFormGame:
    return NormalFormGame.from_matrices(
        [[r, s], [t, p]], [[r, t], [s, p]], actions=(("C", "D"), ("C", "D"))
    )


AXELROD = pd(5, 3, 1, 0)
SURGE = NormalFormGame.from_matrices(
    [[-2, -6], [0, -4]],
    [[3, 4], [0, 1]],
    players=("Local", "Federal"),
    actions=(("Cooperate", "Refuse"), ("Restrain", "Surge")),
)


@dataclass(frozen=True)
class Threshold:
    game: NormalFormGame
    strategy: str
    concept: str
    expected: sp.Expr | None  # the critical delta; None: never


def _x3() -> sp.Expr:
    return sp.CRootOf(sp.Symbol("x") ** 3 + sp.Symbol("x") ** 2 + sp.Symbol("x") - 1, 0)


THRESHOLDS = [
    pytest.param(Threshold(AXELROD, "grim", "spe", sp.Rational(1, 2)), id="friedman1971-grim-5310"),
    # (T - R)/(T - P) at (4, 3, 1, 0): 1/3 (Friedman 1971)
    pytest.param(
        Threshold(pd(4, 3, 1, 0), "grim", "spe", sp.Rational(1, 3)), id="friedman1971-grim-4310"
    ),
    # Axelrod 1984: max{2/4, 2/3} = 2/3
    pytest.param(Threshold(AXELROD, "tft", "nash", sp.Rational(2, 3)), id="axelrod1984-tft-nash"),
    pytest.param(Threshold(AXELROD, "tft", "spe", None), id="axelrod1984-tft-spe-never"),
    # (T, R, P, S) = (6, 4, 1, 0): max{2/5, 2/4} = 1/2 (Axelrod 1984)
    pytest.param(
        Threshold(pd(6, 4, 1, 0), "tft", "nash", sp.Rational(1, 2)), id="axelrod1984-tft-nash-6410"
    ),
    # Mailath & Samuelson 2006 §2.4.2 at 5/3/1/0
    pytest.param(Threshold(AXELROD, "punish:1", "spe", None), id="ms2006-punish1-never"),
    pytest.param(Threshold(AXELROD, "punish:2", "spe", (sp.sqrt(5) - 1) / 2), id="ms2006-punish2"),
    pytest.param(Threshold(AXELROD, "punish:3", "spe", _x3()), id="ms2006-punish3"),
    # van Damme 1989 at 5/3/1/0: max{2/3, 1/3}; at (4, 3, 2, 0): max{1/3, 2/3}
    pytest.param(Threshold(AXELROD, "penance", "spe", sp.Rational(2, 3)), id="vandamme1989-5310"),
    pytest.param(
        Threshold(pd(4, 3, 2, 0), "penance", "spe", sp.Rational(2, 3)), id="vandamme1989-4320"
    ),
    # surge_pd: joint grim threshold max(c_L/h, g/(a + g - p)) = 1/2 (Friedman 1971)
    pytest.param(Threshold(SURGE, "grim", "spe", sp.Rational(1, 2)), id="domain-surge-grim"),
]


@pytest.mark.parametrize("case", THRESHOLDS)
def test_thresholds(case: Threshold) -> None:
    if case.game is SURGE:
        roles = (
            Roles("Cooperate", "Refuse", "Restrain", "Surge"),
            Roles("Restrain", "Surge", "Cooperate", "Refuse"),
        )
    else:
        roles = (Roles("C", "D", "C", "D"),) * 2
    pair = tuple(library_strategy(case.strategy, r) for r in roles)
    check = check_strategies(RepeatedGame.common(case.game), pair, concept=case.concept)
    if case.expected is None:
        assert check.joint.is_empty
    else:
        assert check.threshold is not None
        assert sp.simplify(check.threshold - case.expected) == 0 or (
            abs(float(check.threshold) - float(case.expected)) < 1e-15
            and sp.minimal_polynomial(check.threshold, sp.Symbol("x"))
            == sp.minimal_polynomial(case.expected, sp.Symbol("x"))
        )


@dataclass(frozen=True)
class PayoffSetCase:
    game: NormalFormGame
    delta: F
    vertices: tuple[tuple[F, F], ...]


def _tri(d: F) -> tuple[tuple[F, F], ...]:
    return ((-4 * d, 6 * d), (-4, 1 + 5 * d), (-4, 1), (F(-2, 3), 1))


PAYOFF_SETS = [
    # APS 1990 / AS 2014: PD 5/3/1/0 (derived in tests/unit/test_payoff_set.py)
    pytest.param(PayoffSetCase(AXELROD, F(1, 5), ((1, 1),)), id="aps-pd-0.2-point"),
    pytest.param(PayoffSetCase(AXELROD, F(1, 3), ((1, 1), (4, 1), (1, 4))), id="aps-pd-triangle"),
    pytest.param(
        PayoffSetCase(AXELROD, F(9, 10), ((1, 1), (F(13, 3), 1), (3, 3), (1, F(13, 3)))),
        id="aps-pd-full",
    ),
    # surge_pd at 0.4 (standoff only), 0.45 and 0.6
    pytest.param(PayoffSetCase(SURGE, F(2, 5), ((-4, 1),)), id="surge-0.4-point"),
    pytest.param(PayoffSetCase(SURGE, F(9, 20), _tri(F(9, 20))), id="surge-0.45"),
    pytest.param(
        PayoffSetCase(SURGE, F(3, 5), ((-2, 3), (-4, F(7, 2)), (-4, 1), (F(-2, 3), 1))),
        id="surge-0.6-full",
    ),
]


@pytest.mark.parametrize("case", PAYOFF_SETS)
def test_payoff_sets(case: PayoffSetCase) -> None:
    s = spe_payoff_set(case.game, case.delta)
    assert s.exact
    assert set(s.vertices) == {(F(x), F(y)) for x, y in case.vertices}


@pytest.mark.parametrize(
    "game, first, full",
    [
        pytest.param(AXELROD, sp.Rational(1, 4), sp.Rational(1, 2), id="aps-pd-critical"),
        pytest.param(SURGE, sp.Rational(4, 9), sp.Rational(1, 2), id="domain-surge-critical"),
    ],
)
def test_critical_deltas(game: NormalFormGame, first: sp.Expr, full: sp.Expr) -> None:
    c = critical_deltas(game)
    assert (c.first, c.full, c.first_exact) == (first, full, True)


def test_folk_theorem_set_of_the_pd() -> None:
    # Fudenberg & Maskin 1986: feasible and above the minmax (1, 1)
    assert individually_rational_set(AXELROD) == ((1, 1), (F(13, 3), 1), (3, 3), (1, F(13, 3)))


@pytest.mark.parametrize("horizon", [2, 5, 20])
def test_benoit_krishna_unravelling(horizon: int) -> None:
    fh = finite_horizon(RepeatedGame.common(AXELROD, horizon=horizon))
    assert fh.unravels and not fh.sustained
