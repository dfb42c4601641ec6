"""Two-player games from the literature, with equilibria derived by hand.

Every case lists its extreme equilibria (exact strategies and payoffs), whether the game is
degenerate, its components and cliques (maximal Nash subsets) as groups of indices into its
equilibrium list, and its dominated actions (``(player, action) -> "strict" | "weak"``). Each
case is checked twice: against the independent oracle (``tests/oracle.py``, which validates the
hand derivations) and against ``gametheory.solve``.

Conventions: player 0 chooses rows (payoffs ``A``), player 1 columns (payoffs ``B``).

Sources
-------
* [AGT] B. von Stengel, "Equilibrium computation for two-player games in strategic and extensive
  form", ch. 3 of *Algorithmic Game Theory*, N. Nisan, T. Roughgarden, E. Tardos, V. Vazirani
  (eds.), Cambridge University Press, 2007.
* [ARSvS] D. Avis, G. D. Rosenberg, R. Savani, B. von Stengel, "Enumeration of Nash equilibria
  for two-player games", *Economic Theory* 42 (2010) 9-37.
* [Osb] M. J. Osborne, *An Introduction to Game Theory*, Oxford University Press, 2004.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from fractions import Fraction as F
from typing import Any

import oracle as orc
import pytest

Vec = tuple[Any, ...]


@dataclass(frozen=True)
class Case:
    a: list[list[Any]]
    b: list[list[Any]]
    actions: tuple[tuple[str, ...], tuple[str, ...]]
    equilibria: tuple[tuple[Vec, Vec, tuple[Any, Any]], ...]  # (x, y, (row payoff, col payoff))
    degenerate: bool
    components: tuple[tuple[int, ...], ...]
    cliques: tuple[tuple[int, ...], ...]
    dominated: dict[tuple[int, int], str] = field(default_factory=dict)

    def profiles(self) -> set[orc.Profile]:
        return {_profile(x, y) for x, y, _ in self.equilibria}

    def groups(self, groups: tuple[tuple[int, ...], ...]) -> set[frozenset[orc.Profile]]:
        eqs = [_profile(x, y) for x, y, _ in self.equilibria]
        return {frozenset(eqs[k] for k in g) for g in groups}


def _profile(x: Vec, y: Vec) -> orc.Profile:
    return (tuple(F(p) for p in x), tuple(F(q) for q in y))


H, T3 = F(1, 2), F(1, 3)

CASES = [
    # [AGT] eq. (3.3): the chapter's running non-degenerate 3 x 2 example.
    # Row payoffs against y = (y1, y2): 3, 5 - 3 y1, 6 - 6 y1; column payoffs against x:
    # 3x1 + 2x2 + 3x3 and 2x1 + 6x2 + x3.
    # * (1,0,0),(1,0): row 1 best against column 1 (3 > 2 > 0), column 1 best against row 1.
    # * y1 = 2/3 makes rows 1, 2 best (3 = 3 > 2); x on rows 1, 2 with 3x1 + 2x2 = 2x1 + 6x2
    #   gives x = (4/5, 1/5, 0); payoffs 3 and 14/5.
    # * y1 = 1/3 makes rows 2, 3 best (4 = 4 > 3); 2x2 + 3x3 = 6x2 + x3 gives x = (0, 1/3, 2/3);
    #   payoffs 4 and 8/3. (So its partner is y = (1/3, 2/3), not (2/3, 1/3).)
    pytest.param(
        Case(
            a=[[3, 3], [2, 5], [0, 6]],
            b=[[3, 2], [2, 6], [3, 1]],
            actions=(("T", "M", "B"), ("l", "r")),
            equilibria=(
                ((1, 0, 0), (1, 0), (3, 3)),
                ((F(4, 5), F(1, 5), 0), (F(2, 3), F(1, 3)), (3, F(14, 5))),
                ((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)), (4, F(8, 3))),
            ),
            degenerate=False,
            components=((0,), (1,), (2,)),
            cliques=((0,), (1,), (2,)),
        ),
        id="agt-3x2-nondegenerate",
    ),
    # [ARSvS]'s degenerate example: the AGT game with B[0][1] = 3 instead of 2 (quoted, citing
    # [DGRB2010] = [ARSvS], in SageMath's NormalFormGame.is_degenerate documentation). Against
    # row 1 both columns pay 3, so the pure row 1 has two best responses. Row 1 is a best response
    # iff 3 >= 5 - 3 y1 and 3 >= 6 - 6 y1, i.e. y1 >= 2/3: the segment of equilibria
    # {(1,0,0)} x {y1 in [2/3, 1]} with ends (1,0), (2/3,1/3), payoffs (3, 3). Against y1 = 2/3
    # the best rows are 1, 2 and column indifference 3x1 + 2x2 = 3x1 + 6x2 forces x2 = 0 (nothing
    # new). Rows 2, 3 at y1 = 1/3: 2x2 + 3x3 = 6x2 + x3 gives x = (0, 1/3, 2/3) (isolated),
    # payoffs 4 and 8/3.
    pytest.param(
        Case(
            a=[[3, 3], [2, 5], [0, 6]],
            b=[[3, 3], [2, 6], [3, 1]],
            actions=(("T", "M", "B"), ("l", "r")),
            equilibria=(
                ((1, 0, 0), (1, 0), (3, 3)),
                ((1, 0, 0), (F(2, 3), F(1, 3)), (3, 3)),
                ((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)), (4, F(8, 3))),
            ),
            degenerate=True,
            components=((0, 1), (2,)),
            cliques=((0, 1), (2,)),
        ),
        id="arsvs-3x2-degenerate-continuum",
    ),
    # [AGT]'s degenerate example (section on degenerate games), as reproduced citing [NN2007] in
    # SageMath's NormalFormGame.is_degenerate documentation: the pure row 3 has two best responses.
    # Row payoffs 6 y2, 2 + 3 y2, 3; row 3 is best iff y2 <= 1/3: segment
    # {(0,0,1)} x {y2 in [0, 1/3]}, payoffs (3, 4). Rows 1, 2 tie at y2 = 2/3 (value 4 > 3):
    # column indifference x1 = 2 x2 gives x = (2/3, 1/3, 0), payoffs 4 and 2/3. Rows 2, 3 at
    # y2 = 1/3: 4x3 = 2x2 + 4x3 forces x2 = 0; rows 1, 3 tie at y2 = 1/2 where row 2 is better.
    pytest.param(
        Case(
            a=[[0, 6], [2, 5], [3, 3]],
            b=[[1, 0], [0, 2], [4, 4]],
            actions=(("T", "M", "B"), ("l", "r")),
            equilibria=(
                ((0, 0, 1), (1, 0), (3, 4)),
                ((0, 0, 1), (F(2, 3), F(1, 3)), (3, 4)),
                ((F(2, 3), F(1, 3), 0), (F(1, 3), F(2, 3)), (4, F(2, 3))),
            ),
            degenerate=True,
            components=((0, 1), (2,)),
            cliques=((0, 1), (2,)),
        ),
        id="agt-3x2-degenerate-continuum",
    ),
    # [Osb] ch. 2, Prisoner's Dilemma (Quiet, Fink) with payoffs 2, 0, 3, 1.
    # Fink strictly dominates Quiet for both players (3 > 2 and 1 > 0), so (Fink, Fink) is the
    # unique equilibrium, payoffs (1, 1).
    pytest.param(
        Case(
            a=[[2, 0], [3, 1]],
            b=[[2, 3], [0, 1]],
            actions=(("Quiet", "Fink"), ("Quiet", "Fink")),
            equilibria=(((0, 1), (0, 1), (1, 1)),),
            degenerate=False,
            components=((0,),),
            cliques=((0,),),
            dominated={(0, 0): "strict", (1, 0): "strict"},
        ),
        id="osborne-prisoners-dilemma",
    ),
    # [Osb] ch. 2, Matching Pennies: no pure equilibrium; each player must
    # make the other indifferent, x = y = (1/2, 1/2), payoffs (0, 0).
    pytest.param(
        Case(
            a=[[1, -1], [-1, 1]],
            b=[[-1, 1], [1, -1]],
            actions=(("Head", "Tail"), ("Head", "Tail")),
            equilibria=(((H, H), (H, H), (0, 0)),),
            degenerate=False,
            components=((0,),),
            cliques=((0,),),
        ),
        id="osborne-matching-pennies",
    ),
    # [Osb] ch. 2 (BoS, "Bach or Stravinsky?") and ch. 4 (its mixed equilibrium): payoffs (2,1) on
    # (Bach, Bach), (1,2) on (Stravinsky, Stravinsky), 0 otherwise. Mixed: the column player is
    # indifferent iff x1 = 2 x2, x = (2/3, 1/3); the row player iff 2 y1 = y2, y = (1/3, 2/3);
    # payoffs (2/3, 2/3).
    pytest.param(
        Case(
            a=[[2, 0], [0, 1]],
            b=[[1, 0], [0, 2]],
            actions=(("Bach", "Stravinsky"), ("Bach", "Stravinsky")),
            equilibria=(
                ((1, 0), (1, 0), (2, 1)),
                ((0, 1), (0, 1), (1, 2)),
                ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)), (F(2, 3), F(2, 3))),
            ),
            degenerate=False,
            components=((0,), (1,), (2,)),
            cliques=((0,), (1,), (2,)),
        ),
        id="osborne-battle-of-the-sexes",
    ),
    # [Osb] ch. 2, two-player Stag Hunt: (Stag, Stag) = (2,2), (Stag, Hare) = (0,1),
    # (Hare, Stag) = (1,0), (Hare, Hare) = (1,1). Mixed: 2 y1 = 1, y = x = (1/2, 1/2), payoffs 1.
    pytest.param(
        Case(
            a=[[2, 0], [1, 1]],
            b=[[2, 1], [0, 1]],
            actions=(("Stag", "Hare"), ("Stag", "Hare")),
            equilibria=(
                ((1, 0), (1, 0), (2, 2)),
                ((0, 1), (0, 1), (1, 1)),
                ((H, H), (H, H), (1, 1)),
            ),
            degenerate=False,
            components=((0,), (1,), (2,)),
            cliques=((0,), (1,), (2,)),
        ),
        id="osborne-stag-hunt",
    ),
    # Chicken / Hawk-Dove ([Osb] ch. 2 exercises), ordinal payoffs 1..4: (Swerve, Swerve) = (3,3),
    # (Swerve, Straight) = (2,4), (Straight, Swerve) = (4,2), (Straight, Straight) = (1,1).
    # Pure equilibria: one swerves, the other goes straight. Mixed: 3y1 + 2y2 = 4y1 + y2 gives
    # y = (1/2, 1/2), symmetrically x; payoffs 5/2 each.
    pytest.param(
        Case(
            a=[[3, 2], [4, 1]],
            b=[[3, 4], [2, 1]],
            actions=(("Swerve", "Straight"), ("Swerve", "Straight")),
            equilibria=(
                ((1, 0), (0, 1), (2, 4)),
                ((0, 1), (1, 0), (4, 2)),
                ((H, H), (H, H), (F(5, 2), F(5, 2))),
            ),
            degenerate=False,
            components=((0,), (1,), (2,)),
            cliques=((0,), (1,), (2,)),
        ),
        id="chicken",
    ),
    # Rock-paper-scissors (zero-sum, win 1, lose -1; e.g. [Osb] ch. 4 exercises): the unique
    # equilibrium is uniform; against it every action pays 0.
    pytest.param(
        Case(
            a=[[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
            b=[[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
            actions=(("R", "P", "S"), ("R", "P", "S")),
            equilibria=(((T3, T3, T3), (T3, T3, T3), (0, 0)),),
            degenerate=False,
            components=((0,),),
            cliques=((0,),),
        ),
        id="rock-paper-scissors",
    ),
    # All payoffs equal (2 x 3): every profile is an equilibrium; the extreme ones are the 6 pure
    # profiles, forming one clique (the whole strategy space) and one component. Degenerate (a pure
    # strategy has 3 best responses). Identical actions are not (weakly) dominated.
    pytest.param(
        Case(
            a=[[1, 1, 1], [1, 1, 1]],
            b=[[1, 1, 1], [1, 1, 1]],
            actions=(("a", "b"), ("c", "d", "e")),
            equilibria=tuple(
                (tuple(int(i == k) for k in range(2)), tuple(int(j == k) for k in range(3)), (1, 1))
                for i in range(2)
                for j in range(3)
            ),
            degenerate=True,
            components=((0, 1, 2, 3, 4, 5),),
            cliques=((0, 1, 2, 3, 4, 5),),
        ),
        id="all-payoffs-equal",
    ),
    # Matching Pennies with the row player's Head duplicated (rows Head, Head', Tail): the column
    # player must still mix (1/2, 1/2) (all three rows then pay 0: 3 best responses for a support
    # of 2, degenerate); the row player must put 1/2 on Tail and 1/2 on {Head, Head'} in any split:
    # the segment between (1/2, 0, 1/2) and (0, 1/2, 1/2). One component, one clique.
    pytest.param(
        Case(
            a=[[1, -1], [1, -1], [-1, 1]],
            b=[[-1, 1], [-1, 1], [1, -1]],
            actions=(("Head", "Head2", "Tail"), ("Head", "Tail")),
            equilibria=(
                ((H, 0, H), (H, H), (0, 0)),
                ((0, H, H), (H, H), (0, 0)),
            ),
            degenerate=True,
            components=((0, 1),),
            cliques=((0, 1),),
        ),
        id="matching-pennies-duplicated-row",
    ),
    # Battle of the Sexes ([Osb]) with the column player's Stravinsky duplicated (S, S'):
    # (Bach, Bach) as before; against Stravinsky both S and S' pay 2: segment {S} x conv(S, S').
    # Mixed: x = (2/3, 1/3) makes all three columns pay 2/3; the row player is indifferent iff
    # 2 y1 = y2 + y3, i.e. y1 = 1/3: segment between (1/3, 2/3, 0) and (1/3, 0, 2/3).
    # Three components, five extreme equilibria.
    pytest.param(
        Case(
            a=[[2, 0, 0], [0, 1, 1]],
            b=[[1, 0, 0], [0, 2, 2]],
            actions=(("Bach", "Stravinsky"), ("Bach", "Stravinsky", "Stravinsky2")),
            equilibria=(
                ((1, 0), (1, 0, 0), (2, 1)),
                ((0, 1), (0, 1, 0), (1, 2)),
                ((0, 1), (0, 0, 1), (1, 2)),
                ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3), 0), (F(2, 3), F(2, 3))),
                ((F(2, 3), F(1, 3)), (F(1, 3), 0, F(2, 3)), (F(2, 3), F(2, 3))),
            ),
            degenerate=True,
            components=((0,), (1, 2), (3, 4)),
            cliques=((0,), (1, 2), (3, 4)),
        ),
        id="battle-of-the-sexes-duplicated-column",
    ),
    # [Osb] ch. 5, the entry game, in strategic form: Challenger (In, Out), Incumbent
    # (Acquiesce, Fight); (In, Acquiesce) = (2, 1), (In, Fight) = (0, 0), Out = (1, 2).
    # Fight is weakly dominated by Acquiesce (0 < 1, 2 = 2). (In, Acquiesce) is an isolated
    # equilibrium; Out is a best response iff 1 >= 2 y1, and against Out the incumbent is
    # indifferent: the segment {Out} x {y1 in [0, 1/2]}, ends Fight and (1/2, 1/2), payoffs (1, 2).
    pytest.param(
        Case(
            a=[[2, 0], [1, 1]],
            b=[[1, 0], [2, 2]],
            actions=(("In", "Out"), ("Acquiesce", "Fight")),
            equilibria=(
                ((1, 0), (1, 0), (2, 1)),
                ((0, 1), (0, 1), (1, 2)),
                ((0, 1), (H, H), (1, 2)),
            ),
            degenerate=True,
            components=((0,), (1, 2)),
            cliques=((0,), (1, 2)),
            dominated={(1, 1): "weak"},
        ),
        id="osborne-entry-game-weakly-dominated-continuum",
    ),
    # Constructed 2 x 2 game (hand-derived): U weakly dominates D for the row player ((1,1) vs
    # (0,1)) and R weakly dominates L for the column player ((2,0) vs (2,1)). U is always a best
    # response and against U both columns pay 2; D is a best response only against R, and R is
    # always a best response. Equilibrium set {U} x Delta  ∪  Delta x {R}: ONE component with
    # three extreme equilibria and TWO cliques {(U,L), (U,R)} and {(U,R), (D,R)}.
    pytest.param(
        Case(
            a=[[1, 1], [0, 1]],
            b=[[2, 2], [0, 1]],
            actions=(("U", "D"), ("L", "R")),
            equilibria=(
                ((1, 0), (1, 0), (1, 2)),
                ((1, 0), (0, 1), (1, 2)),
                ((0, 1), (0, 1), (1, 1)),
            ),
            degenerate=True,
            components=((0, 1, 2),),
            cliques=((0, 1), (1, 2)),
            dominated={(0, 1): "weak", (1, 0): "weak"},
        ),
        id="weakly-dominated-l-shaped-continuum",
    ),
]


# --------------------------------------------------------------------------- hand vs oracle


@pytest.mark.parametrize("case", CASES)
def test_hand_derivation_matches_oracle(case: Case) -> None:
    r = orc.oracle(case.a, case.b)
    assert set(r.equilibria) == case.profiles()
    assert len(r.equilibria) == len(case.equilibria)
    for x, y, pay in case.equilibria:
        assert orc.is_nash(case.a, case.b, x, y)
        assert orc.payoffs(case.a, case.b, x, y) == (F(pay[0]), F(pay[1]))
    assert r.degenerate == case.degenerate
    assert r.components == case.groups(case.components)
    assert r.clique_equilibria() == case.groups(case.cliques)
    assert r.weakly_dominated == set(case.dominated)
    assert r.strictly_dominated == {k for k, v in case.dominated.items() if v == "strict"}


# --------------------------------------------------------------------------- hand vs solver


def _solve(case: Case, method: str | None = None) -> Any:
    from gametheory import DegenerateGameWarning, NormalFormGame, solve

    g = NormalFormGame.from_matrices(case.a, case.b, actions=case.actions)
    with warnings.catch_warnings():
        # nashpy-based methods warn (by design) that they may miss equilibria of degenerate games
        warnings.simplefilter("ignore", DegenerateGameWarning)
        return solve(g) if method is None else solve(g, method=method)


@pytest.mark.parametrize("case", CASES)
def test_solver_equilibria(case: Case) -> None:
    res = _solve(case)
    got = [orc.equilibrium_profile(e) for e in res.equilibria]
    assert len(got) == len(set(got)), f"duplicate equilibria: {got}"
    assert set(got) == case.profiles()
    expected_payoffs = {_profile(x, y): (F(p[0]), F(p[1])) for x, y, p in case.equilibria}
    for e in res.equilibria:
        orc.check_equilibrium(case.a, case.b, e)
        assert tuple(e.payoffs) == expected_payoffs[orc.equilibrium_profile(e)]
    assert res.exact is True and res.complete is True


@pytest.mark.parametrize("case", CASES)
def test_solver_degeneracy(case: Case) -> None:
    assert _solve(case).degenerate is case.degenerate


@pytest.mark.parametrize("case", CASES)
def test_solver_components_and_cliques(case: Case) -> None:
    res = _solve(case)
    orc.check_components(case.a, case.b, res)
    orc.check_cliques(case.a, case.b, res)
    assert orc.result_components(res) == case.groups(case.components)
    assert orc.result_cliques(res) == case.groups(case.cliques)


@pytest.mark.parametrize("case", CASES)
def test_solver_dominance(case: Case) -> None:
    res = _solve(case)
    orc.check_dominance(case.a, case.b, res)
    assert {(d.player, d.action): d.kind for d in res.dominated} == case.dominated


NONDEGENERATE = [p for p in CASES if not p.values[0].degenerate]


@pytest.mark.parametrize("method", ["support_enumeration", "vertex_enumeration", "exact"])
@pytest.mark.parametrize("case", NONDEGENERATE)
def test_complete_methods_on_nondegenerate_games(case: Case, method: str) -> None:
    res = _solve(case, method)
    for e in res.equilibria:
        orc.check_equilibrium(case.a, case.b, e)
    assert {orc.equilibrium_profile(e) for e in res.equilibria} == case.profiles()


@pytest.mark.parametrize("method", ["support_enumeration", "vertex_enumeration", "lemke_howson"])
@pytest.mark.parametrize("case", CASES)
def test_nashpy_methods_return_exact_equilibria(case: Case, method: str) -> None:
    res = _solve(case, method)
    for e in res.equilibria:
        orc.check_equilibrium(case.a, case.b, e)
    if not case.degenerate:
        assert res.equilibria, f"{method} found nothing in a non-degenerate game"
