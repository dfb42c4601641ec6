"""Threshold cascades (gametheory.kinds.network), against hand derivations and a naive loop.

Threshold cascades (Granovetter 1978; Morris 2000), derived by hand:

* cycle C_20, seeds {0, 1}: a node next to the adopted arc has 1 of 2 neighbours adopting, a
  share of 1/2, so the arc grows by one node at each end per round iff q <= 1/2 (all 20 in 10
  rounds, 9 after the seeds); for q > 1/2 nobody else ever adopts;
* 10x10 torus (4 neighbours), a 2x2 seed block: the nodes bordering the block see 1 of 4
  neighbours adopting (share 1/4), so the block grows iff q <= 1/4 (all 100); for q > 1/4 only
  the 4 seeds.
"""

from __future__ import annotations

import json
import time
from fractions import Fraction

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import compare_regimes, load_scenario
from gametheory.cli.main import cli
from gametheory.exceptions import ScenarioError
from gametheory.kinds.network import (
    coordination_threshold,
    county_like_graph,
    critical_shock,
    linear_threshold_cascade,
)

F = Fraction
BLOCK = [(0, 0), (0, 1), (1, 0), (1, 1)]


def naive(graph: nx.Graph, seeds, q, shock=0) -> list[set]:  # type: ignore[no-untyped-def]
    """The textbook synchronous loop: every round, every node recounts its adopting share."""
    adopted = set(seeds)
    rounds = [set(seeds)]
    while True:
        new = set()
        for v in graph.nodes:
            if v in adopted:
                continue
            nbrs = list(graph.neighbors(v))
            share = F(sum(u in adopted for u in nbrs), len(nbrs)) if nbrs else F(0)
            if share >= q[v] - shock:
                new.add(v)
        if not new:
            return rounds
        adopted |= new
        rounds.append(new)


@pytest.mark.parametrize(
    ("q", "adopters", "rounds"),
    [(F(1, 2), 20, 9), (F(2, 5), 20, 9), (F(0), 20, 1), (F(51, 100), 2, 0), (F(1), 2, 0)],
)
def test_cycle_c20(q: Fraction, adopters: int, rounds: int) -> None:
    c = linear_threshold_cascade(nx.cycle_graph(20), [0, 1], q)
    assert (c.curve[-1], len(c.rounds) - 1) == (adopters, rounds)


@pytest.mark.parametrize(("q", "adopters"), [(F(1, 4), 100), (F(1, 5), 100), (F(26, 100), 4)])
def test_torus_10x10(q: Fraction, adopters: int) -> None:
    c = linear_threshold_cascade(nx.grid_2d_graph(10, 10, periodic=True), BLOCK, q)
    assert c.curve[-1] == adopters


def test_shock_lowers_every_threshold() -> None:
    # q = 3/5 on C_20 stalls; a shock of 1/10 brings it to 1/2: a full cascade (the 2014 rulings).
    g = nx.cycle_graph(20)
    assert linear_threshold_cascade(g, [0, 1], F(3, 5)).curve[-1] == 2
    assert linear_threshold_cascade(g, [0, 1], F(3, 5), shock=F(1, 10)).curve[-1] == 20
    assert critical_shock(g, [0, 1], F(3, 5)) == F(1, 10)
    torus = nx.grid_2d_graph(10, 10, periodic=True)
    assert critical_shock(torus, BLOCK, F(1, 2)) == F(1, 4)


def test_compact_all_or_none_by_hand() -> None:
    # C_20, q = 3/5: every non-seed needs both neighbours adopting, so the cascade stalls at {0, 1}.
    # A statute (quota 0) over nodes 10..13 makes them adopt in round 0: 6 adopters, and no more
    # (node 9 and 14 have one adopting neighbour). With quota 1/2 no member is ever willing.
    g = nx.cycle_graph(20)
    members = [10, 11, 12, 13]
    c = linear_threshold_cascade(g, [0, 1], F(3, 5), compact=members, quota=0)
    assert c.rounds[0] == (0, 1, 10, 11, 12, 13) and c.curve[-1] == 6
    assert (
        linear_threshold_cascade(g, [0, 1], F(3, 5), compact=members, quota=F(1, 2)).curve[-1] == 2
    )
    # q = 1/2: the cascade reaches member 2 in round 1, but members adopt only as a bloc: with a
    # quota of 1/4 (one willing member) all of 2..5 adopt together in round 1.
    c = linear_threshold_cascade(g, [0, 1], F(1, 2), compact=[2, 3, 4, 5], quota=F(1, 4))
    assert set(c.rounds[1]) == {2, 3, 4, 5, 19}
    # quota 1 holds the whole bloc back until every member is willing, which never happens: the
    # cascade goes round the other way (19, 18, ..., 6) and stops at the bloc.
    c = linear_threshold_cascade(g, [0, 1], F(1, 2), compact=[2, 3, 4, 5], quota=1)
    assert c.adopted == set(range(20)) - {2, 3, 4, 5} and c.rounds[-1] == (6,)


def _graph(kind: int, seed: int) -> nx.Graph:
    if kind == 0:
        return nx.gnp_random_graph(30, 0.15, seed=seed)
    if kind == 1:
        return nx.watts_strogatz_graph(30, 4, 0.2, seed=seed)
    return nx.random_regular_graph(3, 30, seed=seed)


@settings(max_examples=25)
@given(
    kind=st.integers(0, 2),
    seed=st.integers(0, 10_000),
    q=st.lists(st.fractions(0, 1, max_denominator=12), min_size=30, max_size=30),
    seeds=st.sets(st.integers(0, 29), max_size=5),
    shock=st.fractions(F(-1, 5), F(1, 2), max_denominator=10),
)
def test_matches_the_naive_loop(kind, seed, q, seeds, shock) -> None:  # type: ignore[no-untyped-def]
    g = _graph(kind, seed)
    qm = dict(enumerate(q))
    c = linear_threshold_cascade(g, seeds, qm, shock=shock)
    assert [set(r) for r in c.rounds] == naive(g, seeds, qm, shock)
    # monotone in the shock
    assert c.adopted <= linear_threshold_cascade(g, seeds, qm, shock=shock + F(1, 7)).adopted


@settings(max_examples=20)
@given(
    seed=st.integers(0, 1000),
    q=st.lists(st.fractions(0, 1, max_denominator=6), min_size=24, max_size=24),
    dense=st.booleans(),
)
def test_critical_shock_by_scanning(seed, q, dense) -> None:  # type: ignore[no-untyped-def]
    # Scan shocks on a fine grid with the naive loop: full adoption iff shock >= the critical one.
    # Dense graphs have many degrees, so the exact search falls back to Fractions.
    g = nx.gnp_random_graph(24, 0.7 if dense else 0.2, seed=seed)
    qm = dict(enumerate(q))
    crit = critical_shock(g, [0], qm)
    full = len(naive_final := set().union(*naive(g, [0], qm, crit)))
    assert full == 24 == len(naive_final)
    below = crit - F(1, 10**6)
    assert len(set().union(*naive(g, [0], qm, below))) < 24


def test_morris_threshold_is_a_best_response() -> None:
    # Adopt iff k*alpha >= (d - k)*beta, i.e. iff k/d >= beta/(alpha + beta).
    for alpha in range(1, 6):
        for beta in range(1, 6):
            q = coordination_threshold(alpha, beta)
            for d in range(1, 9):
                for k in range(d + 1):
                    assert (k * alpha >= (d - k) * beta) == (F(k, d) >= q)
    with pytest.raises(ValueError, match="positive"):
        coordination_threshold(0, 1)


def test_county_like_graph() -> None:
    g = county_like_graph(seed=1)
    assert g.number_of_nodes() == 3143 and nx.is_connected(g) and nx.check_planarity(g)[0]
    mean = F(2 * g.number_of_edges(), 3143)
    assert F(11, 2) < mean < 6  # real county adjacency: about 5.9
    assert nx.utils.graphs_equal(g, county_like_graph(seed=1))  # seeded


def test_scenario_defaults_and_timing() -> None:
    # Regression values of the bundled scenario (computed, see docs/scenarios/sanctuary_diffusion.md)
    start = time.perf_counter()
    c = compare_regimes(load_scenario("sanctuary_diffusion"))
    assert time.perf_counter() - start < 10  # 3,143 nodes: about 0.3 s here
    assert c.outcome("unenforceable").level == F(306, 3143)
    assert c.outcome("enforceable").level == F(416, 3143)
    assert c.figure("critical_shock").value == F(19, 100)
    c0 = compare_regimes(load_scenario("sanctuary_diffusion"), {"Delta": "0"})
    assert c0.outcome("unenforceable").level < F(306, 3143)


CYCLE = """
format = 1
title = "cycle"
[[players]]
name = "Local"
[[players]]
name = "Federal"
[parameters.q]
default = 0.5
domain = "[0, 1]"
provenance = "illustrative"
[network]
threshold = "q"
[network.graph]
kind = "{kind}"
{graph}
[network.seeds]
{seeds}
"""


@pytest.mark.parametrize(
    ("kind", "graph", "seeds", "q", "adopters"),
    [
        ("cycle", "n = 20", 'kind = "block"\nstart = 0\nsize = 2', "0.5", 20),
        ("cycle", "n = 20", 'kind = "nodes"\nnodes = [0, 1]', "0.51", 2),
        (
            "torus",
            "rows = 10\ncols = 10",
            'kind = "block"\nstart = [0, 0]\nsize = [2, 2]',
            "1/4",
            100,
        ),
        ("torus", "rows = 10\ncols = 10", 'kind = "ball"\ncenter = [4, 4]\nradius = 0', "0.3", 1),
        (
            "torus",
            "rows = 10\ncols = 10",
            'kind = "block"\nstart = [0, 0]\nsize = [2, 2]',
            "0.3",
            4,
        ),
    ],
)
def test_cli_on_small_graphs(write_scenario, kind, graph, seeds, q, adopters) -> None:  # type: ignore[no-untyped-def]
    path = write_scenario(CYCLE.format(kind=kind, graph=graph, seeds=seeds))
    out = CliRunner().invoke(cli, ["solve", str(path), "--set", f"q={q}", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["regimes"]["unenforceable"]["adopters"] == adopters


@pytest.mark.parametrize(
    ("graph", "seeds", "message"),
    [
        ("n = 20", 'kind = "nodes"\nnodes = [25]', "network.seeds.nodes[0]: 25 is not a node"),
        ("n = 20", 'kind = "everyone"', "network.seeds.kind: unknown kind 'everyone'"),
        ("n = 20\nm = 3", 'kind = "nodes"\nnodes = [0]', "network.graph.m: unknown key 'm'"),
        ("", 'kind = "nodes"\nnodes = [0]', "network.graph: missing required key 'n'"),
    ],
)
def test_errors_name_the_key(write_scenario, graph, seeds, message) -> None:  # type: ignore[no-untyped-def]
    path = write_scenario(CYCLE.format(kind="cycle", graph=graph, seeds=seeds))
    with pytest.raises(ScenarioError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_scenario(path)
    path = write_scenario(CYCLE.format(kind="hypercube", graph="", seeds=seeds), "b.toml")
    with pytest.raises(
        ScenarioError, match="unknown graph kind 'hypercube'; expected one of: cycle"
    ):
        load_scenario(path)


def test_cli_show_solve_compare_json() -> None:
    runner = CliRunner()
    for command in (["show"], ["solve"], ["compare"], ["solve", "--format", "json"]):
        result = runner.invoke(cli, [command[0], "sanctuary_diffusion", *command[1:]])
        assert result.exit_code == 0, result.output
    data = json.loads(
        runner.invoke(cli, ["compare", "sanctuary_diffusion", "--format", "json"]).output
    )
    assert [r["level"] for r in data["regimes"]] == ["416/3143", "306/3143"]
    data = json.loads(
        runner.invoke(cli, ["solve", "sanctuary_diffusion", "--format", "json"]).output
    )
    assert data["regimes"]["unenforceable"]["curve"][0] == 165
    assert data["regimes"]["unenforceable"]["round_nodes"] is None  # too many nodes to list
    result = runner.invoke(cli, ["compare", "sanctuary_diffusion", "--delta", "0.9"])
    assert (
        result.exit_code == 1
        and "--delta does not apply to compare on a network scenario" in result.output
    )
