"""gametheory.plot and fedlocal plot: the regime map's regions equal the exact comparison.

hennepin_drawdown (docs/scenarios/hennepin_drawdown.md): at phi = 0 no deal is self-enforcing
below delta = 1/2, the binding deal 3/8 from delta = 3/4 on; at delta = 0 a penalty of 1/2
sustains the least deal (c_L g / h) and one of 3/4 the binding deal (penalty_needed).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import load_scenario
from gametheory.cli.main import cli

pytest.importorskip("matplotlib")

from gametheory import plot

SC = load_scenario("hennepin_drawdown")
REGIONS = plot.deal_regions(SC, "delta", "phi")


@pytest.mark.parametrize(
    "delta,phi,region",
    [
        ("49/100", 0, 0),
        ("1/2", 0, 1),
        ("74/100", 0, 1),
        ("3/4", 0, 2),
        (0, "49/100", 0),
        (0, "1/2", 1),
        (0, "3/4", 2),
    ],
)
def test_region_boundaries_are_exact(delta: str, phi: str, region: int) -> None:
    assert REGIONS.region(delta, phi) == region


@settings(max_examples=5, deadline=None)
@given(
    st.fractions(0, Fraction(99, 100), max_denominator=100),
    st.fractions(0, 2, max_denominator=50),
)
def test_map_region_equals_exact_comparison(delta: Fraction, phi: Fraction) -> None:
    assert plot.REGIONS[REGIONS.region(delta, phi)] == plot.map_region(
        SC, {"delta": str(delta), "phi": str(phi)}
    )


def test_cli_draws_the_regime_map(tmp_path) -> None:
    out = tmp_path / "map.png"
    result = CliRunner().invoke(
        cli, ["plot", "hennepin_drawdown", "--x", "delta", "--y", "phi", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_map_draws_the_two_boundaries() -> None:
    fig = plot.regime_map(SC, resolution=40)
    ax = fig.axes[0]
    assert ax.get_xlabel() == r"$\delta$" and ax.get_ylabel() == r"$\phi$"
    assert len(ax.collections) >= 3  # the mesh and two boundary contours


def test_plot_refusals_are_one_line(tmp_path) -> None:
    r = CliRunner().invoke(cli, ["plot", "surge_pd", "--y", "g", "-o", str(tmp_path / "a.png")])
    assert r.exit_code == 1 and "kind deal" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(cli, ["plot", "hennepin_drawdown", "-o", str(tmp_path / "a.txt")])
    assert r.exit_code == 1 and ".png" in r.output


def test_without_matplotlib_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real = builtins.__import__

    def no_mpl(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_mpl)
    from gametheory.exceptions import GameTheoryError

    with pytest.raises(GameTheoryError, match=r"fedlocal\[plot\]"):
        plot.regime_chart(SC)


def test_equilibrium_map_of_a_strategic_game(tmp_path) -> None:
    # funding_threat: Cut iff b_F > k_F (= 1/2 at the defaults), Comply iff c_L < G (1 - beta)
    # (= 3/4): four regions. With 41 points b_F = 1/2 is on the grid: there Cut and Keep tie,
    # and the line b_F = 1/2 is labelled with both equilibria.
    fig = plot.equilibrium_map(load_scenario("funding_threat"), "b_F", "c_L", resolution=41)
    labels = {t.get_text() for t in fig.axes[0].get_legend().get_texts()}
    assert labels == {
        "Comply, Cut; Defy, Keep",
        "Defy, Keep",
        "Comply, Cut",
        "Defy, Cut",
        "Defy, Cut; Defy, Keep",
    }
    out = tmp_path / "eq.svg"
    r = CliRunner().invoke(
        cli,
        [
            "plot",
            "funding_threat",
            "--x",
            "b_F",
            "--y",
            "c_L",
            "--what",
            "equilibrium",
            "-o",
            str(out),
        ],
    )
    assert r.exit_code == 0, r.output
    assert out.read_text().lstrip().startswith("<?xml")


def test_payoff_sets_are_drawn_nested(tmp_path) -> None:
    # surge_pd's stage game (payoff_set docstrings): at delta = 1/4 only the stage equilibrium
    # (-4, 1) is an SPE payoff; from 1/2 on the set is the quadrilateral
    # (-4, 1), (-2/3, 1), (-2, 3), (-4, 7/2).
    fig = plot.payoff_sets(load_scenario("surge_pd"), ["1/4", "1/2"])
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == [r"$\delta = 1/4$: a point", r"$\delta = 1/2$"]
    out = tmp_path / "ps.pdf"
    r = CliRunner().invoke(
        cli, ["plot", "surge_pd", "--what", "payoff-set", "--delta", "1/2", "-o", str(out)]
    )
    assert r.exit_code == 0, r.output
    assert out.read_bytes()[:4] == b"%PDF"
