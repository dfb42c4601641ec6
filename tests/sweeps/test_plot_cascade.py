"""gametheory.plot.cascade_plot and ``fedlocal plot --what cascade``: a cascade on its network.

The ring C_20 with two adjacent seeds at q = 1/2 (Morris 2000, "Contagion", Review of Economic
Studies 67(1): on a cycle a pair of adopters spreads iff q <= 1/2) adopts two new nodes a round,
one on each side, for nine rounds. sanctuary_diffusion (docs/scenarios/sanctuary_diffusion.md):
165 seeds grow to 306 of 3,143 counties at the default shock.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory import load_scenario
from gametheory.cli.main import cli
from gametheory.exceptions import GameTheoryError

pytest.importorskip("matplotlib")

from gametheory import plot

RING = """
format = 1
name = "ring"
title = "A ring of twenty counties"

[[players]]
name = "Local"

[[players]]
name = "Federal"

[parameters.q]
symbol = "q"
default = 0.5
domain = "[0, 1]"
provenance = "illustrative"

[network]
threshold = "q"

[network.graph]
kind = "{kind}"
{graph}

[network.seeds]
kind = "nodes"
nodes = [0, 1]
"""


def _ring(tmp_path: Path, kind: str = "cycle", graph: str = "n = 20") -> object:
    path = tmp_path / f"{kind}.toml"
    path.write_text(RING.format(kind=kind, graph=graph))
    return load_scenario(str(path))


def _legend(fig: object) -> list[str]:
    return [t.get_text() for t in fig.axes[1].get_legend().get_texts()]  # type: ignore[attr-defined]


def test_ring_rounds_and_legend(tmp_path: Path) -> None:
    sc = _ring(tmp_path)
    c = plot.cascade_rounds(sc)
    assert [sorted(r) for r in c.rounds] == [[0, 1]] + [[1 + t, 20 - t] for t in range(1, 10)]
    fig = plot.cascade_plot(sc)
    assert _legend(fig) == [
        "seeds (round 0): 2",
        *(f"round {t}: 2" for t in range(1, 10)),
        "never: 0",
    ]
    assert "20 of 20 adopt" in fig.axes[0].get_title()
    assert fig._suptitle.get_text() == "ring: $q = 1/2$"  # type: ignore[attr-defined]


def test_ring_below_the_contagion_threshold_stays_put(tmp_path: Path) -> None:
    fig = plot.cascade_plot(_ring(tmp_path), {"q": "51/100"})
    assert _legend(fig) == ["seeds (round 0): 2", "never: 18"]


def test_each_node_is_coloured_by_its_round(tmp_path: Path) -> None:
    # The scatter of each legend class holds exactly the nodes of its rounds, at their positions.
    sc = _ring(tmp_path)
    fig = plot.cascade_plot(sc)
    pos = plot.node_positions(sc)
    ax = fig.axes[0]
    drawn = [
        sorted(tuple(round(v, 9) for v in xy) for xy in coll.get_offsets().tolist())
        for coll in ax.collections[1:]
    ]
    c = plot.cascade_rounds(sc)
    expected = [sorted(tuple(round(v, 9) for v in pos[n]) for n in r) for r in c.rounds[1:]]
    assert drawn[:-1] == expected  # rounds 1..9 (no "never" class: all adopt), then the seeds
    assert drawn[-1] == sorted(tuple(round(v, 9) for v in pos[n]) for n in c.rounds[0])


def test_layout_is_deterministic_with_a_seed(tmp_path: Path) -> None:
    sc = _ring(tmp_path, "small_world", "n = 30\nk = 4\np = 0.2\nseed = 3")
    assert plot.node_positions(sc, seed=5) == plot.node_positions(sc, seed=5)
    assert plot.node_positions(sc, seed=5) != plot.node_positions(sc, seed=6)


def test_sanctuary_diffusion_cascade_matches_solve() -> None:
    from gametheory import evaluate

    sc = load_scenario("sanctuary_diffusion")
    record = evaluate(sc, "solve", {}).record
    for regime in ("unenforceable", "enforceable"):
        c = plot.cascade_rounds(sc, regime=regime)
        path = record["regimes"][regime]
        assert list(c.curve) == path["curve"]
    assert plot.cascade_rounds(sc).curve[-1] == 306


def test_cli_draws_the_cascade(tmp_path: Path) -> None:
    out = tmp_path / "c.png"
    r = CliRunner().invoke(
        cli, ["plot", "sanctuary_diffusion", "--what", "cascade", "-o", str(out)]
    )
    assert r.exit_code == 0, r.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cascade_refusals(tmp_path: Path) -> None:
    r = CliRunner().invoke(
        cli, ["plot", "surge_pd", "--what", "cascade", "-o", str(tmp_path / "c.png")]
    )
    assert r.exit_code == 1 and "[network]" in r.output and "Traceback" not in r.output
    with pytest.raises(GameTheoryError, match="no compact"):
        plot.cascade_rounds(_ring(tmp_path), regime="enforceable")
    with pytest.raises(GameTheoryError, match="layout"):
        plot.node_positions(_ring(tmp_path), "tree")
