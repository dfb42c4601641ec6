"""Region sweeps equal the exact per-point answer: the pure equilibria ``solve`` finds.

funding_threat: with b_F > k_F the federal side cuts (Cut dominates Keep for it), with
k_F > b_F it keeps; at b_F = k_F both are best replies (a boundary, both listed)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import load_scenario, solve, sweep
from gametheory.sweeps import region_sweep

SC = load_scenario("funding_threat")


def _pure(b: Fraction, c: Fraction) -> str:
    """The pure equilibria of the strategic form at the point, by the exact solver."""
    game = SC.game_at({"b_F": b, "c_L": c})
    r = solve(game)
    return "; ".join(
        f"{game.actions[0][eq.supports[0][0]]}, {game.actions[1][eq.supports[1][0]]}"
        for eq in r.equilibria
        if eq.pure
    )


def test_ties_on_the_boundary_list_both_equilibria() -> None:
    df = region_sweep(SC, ["b_F=0:2:5", "k_F=1/2"])
    by = dict(zip(df.b_F, df.equilibria, strict=True))
    assert by["1/2"] == "Defy, Cut; Defy, Keep" and bool(df.boundary[df.b_F == "1/2"].iloc[0])
    assert by["0"] == "Defy, Keep" and by["2"] == "Defy, Cut"


@settings(max_examples=6, deadline=None)
@given(
    st.fractions(0, 2, max_denominator=12),
    st.fractions(Fraction(1, 2), 4, max_denominator=12),
)
def test_region_sweep_equals_solve_at_random_points(b: Fraction, c: Fraction) -> None:
    # A grid through the point, with neighbours, so the point is one of many.
    grid = {"b_F": [str(b), "1/3"], "c_L": [str(c), "7/2"]}
    df = region_sweep(SC, grid)
    row = df[(df.b_F == str(b)) & (df.c_L == str(c))].iloc[0]
    expected = sorted(_pure(b, c).split("; "))
    assert sorted(row.equilibria.split("; ")) == expected


def test_sweep_what_region_is_the_region_sweep() -> None:
    assert sweep(SC, ["b_F=0,1"], "region").equals(region_sweep(SC, ["b_F=0,1"]))
