"""Estimation on trees with imperfect information (``fit`` by the agent QRE, issue 18).

Sources: the agent quantal response equilibrium (McKelvey and Palfrey 1998, Experimental
Economics 1(1), 9-41): a logit choice at every information set, beliefs by Bayes' rule; Selten's
horse (Selten 1975, International Journal of Game Theory 4, 25-55); a signalling game
with a chance move (the county's type), docs/examples/sanction_signalling.toml. The oracles are
an independent damped fixed-point iteration written here and Gambit's extensive-form logit
(``pygambit.qre.logit_solve_lambda`` with ``use_strategic=False``, Turocy 2005), which traces the
principal branch of the agent QRE in behaviour strategies.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sympy as sp
from click.testing import CliRunner
from oracle import pygambit_api

from gametheory.cli.main import cli
from gametheory.estimation import QREModel, fit, prepare_data, simulate_data
from gametheory.estimation.tree_agent import AgentTreeQRE
from gametheory.exceptions import ScenarioError
from gametheory.model.scenario import Player, Scenario
from gametheory.model.tree import GameTree, History, TreeNode
from gametheory.scenario import load_scenario
from gametheory.solvers.qre_tree_batch import TreeLayout, agent_qre_batch

ROOT = Path(__file__).resolve().parents[2]
SIGNAL = str(ROOT / "docs" / "examples" / "sanction_signalling.toml")
CHOICES = str(ROOT / "docs" / "examples" / "sanction_choices.csv")
POKER = str(ROOT / "docs" / "examples" / "gambit" / "stripped_down_poker.efg")
SIGNAL16 = str(ROOT / "docs" / "examples" / "gambit" / "signalling16.efg")


def _horse() -> GameTree:
    """Selten's horse: 1 plays C or D; after C, 2 plays c or d; after D or (C, d) player 3, who
    does not know which, plays L or R. The payoffs are those the horse is usually drawn with; the
    test does not depend on them (its oracle is the brute-force iteration)."""
    nodes = [
        TreeNode((), "decision", player=0, actions=("C", "D")),
        TreeNode(("C",), "decision", player=1, actions=("c", "d")),
        TreeNode(("C", "c"), "terminal", payoffs=(1, 1, 1)),
        TreeNode(("C", "d"), "decision", player=2, actions=("L", "R"), infoset="3"),
        TreeNode(("C", "d", "L"), "terminal", payoffs=(4, 4, 0)),
        TreeNode(("C", "d", "R"), "terminal", payoffs=(0, 0, 1)),
        TreeNode(("D",), "decision", player=2, actions=("L", "R"), infoset="3"),
        TreeNode(("D", "L"), "terminal", payoffs=(0, 0, 0)),
        TreeNode(("D", "R"), "terminal", payoffs=(3, 2, 2)),
    ]
    return GameTree.from_nodes(("1", "2", "3"), nodes)


def _brute_force(tree: GameTree, lam: float) -> dict[str, np.ndarray]:
    """The agent QRE by damped iteration of the logit map, written independently of the
    library: reach probabilities and values by recursion, beliefs by Bayes' rule."""
    sets = {key: nodes for key, nodes in tree.infosets.items()}
    sigma = {
        key: np.full(len(nodes[0].actions), 1 / len(nodes[0].actions))
        for key, nodes in sets.items()
    }

    def move(node: TreeNode) -> list[float]:
        if node.kind == "chance":
            return [float(q) for q in node.probabilities]
        return list(sigma[node.infoset_key])

    def value(h: History) -> np.ndarray:
        node = tree.node(h)
        if node.kind == "terminal":
            return np.array([float(u) for u in node.payoffs])
        return sum(q * value((*h, a)) for q, a in zip(move(node), node.actions, strict=True))

    def reach(h: History) -> float:
        out = 1.0
        for d in range(len(h)):
            parent = tree.node(h[:d])
            out *= move(parent)[parent.actions.index(h[d])]
        return out

    for _ in range(200_000):
        new = {}
        for key, nodes in sets.items():
            weights = np.array([reach(n.history) for n in nodes])
            weights = weights / weights.sum()
            i = nodes[0].player or 0
            u = sum(w * np.array([value((*n.history, a))[i] for a in n.actions])
                    for w, n in zip(weights, nodes, strict=True))  # fmt: skip
            e = np.exp(lam * (u - u.max()))
            new[key] = 0.5 * sigma[key] + 0.5 * e / e.sum()
        change = max(float(np.abs(new[k] - sigma[k]).max()) for k in sets)
        sigma = new
        if change < 1e-15:
            break
    return sigma


def _batch(tree: GameTree, lam: float) -> dict[str, np.ndarray]:
    layout = TreeLayout(tree)
    pay = np.array([[float(u) for u in tree.node(z).payoffs] for z in layout.terminals])
    p, _ = agent_qre_batch(layout, pay[None], lam)
    return {
        key: p[0, layout.offsets[b] : layout.offsets[b + 1]] for b, key in enumerate(layout.blocks)
    }


@pytest.mark.parametrize(
    ("tree", "lam"),
    [
        pytest.param(_horse(), 1.5, id="selten-horse"),
        pytest.param(_horse(), 0.3, id="selten-horse-low-lambda"),
        pytest.param(load_scenario(SIGNAL).tree.subs(load_scenario(SIGNAL).values()), 2.0,
                     id="sanction-signalling"),
    ],
)  # fmt: skip
def test_agent_qre_equals_a_brute_force_fixed_point(tree: GameTree, lam: float) -> None:
    ours, theirs = _batch(tree, lam), _brute_force(tree, lam)
    for key in theirs:
        assert np.abs(ours[key] - theirs[key]).max() < 1e-9, key


def test_signalling_qre_by_hand() -> None:
    """The sanction game at s = 2, c = 1, lambda = 2, from its three equations: the strong county
    resists with logit(2 (1 - f/2)), the weak with logit(2 (1 - 3 f)), and the agency sanctions
    with logit(2 (1 - 2 mu)), mu = r_S / (r_S + r_W) its belief that a resisting county is strong."""
    p = _batch(load_scenario(SIGNAL).tree.subs(load_scenario(SIGNAL).values()), 2.0)
    r_s, f, r_w = p["@Strong"][1], p["after refusal"][0], p["@Weak"][1]
    logit = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    mu = r_s / (r_s + r_w)
    assert abs(r_s - logit(2 * (1 - f / 2))) < 1e-12
    assert abs(r_w - logit(2 * (1 - 3 * f))) < 1e-12
    assert abs(f - logit(2 * (1 - 2 * mu))) < 1e-12


def test_exact_jacobian_matches_finite_differences() -> None:
    tree = load_scenario(POKER).tree
    layout = TreeLayout(tree)
    pay = np.array([[[float(u) for u in tree.node(z).payoffs] for z in layout.terminals]])
    v = np.log(np.random.default_rng(0).dirichlet(np.ones(2), size=layout.m // 2).ravel())[None]
    _, du = layout.values(v, pay, jacobian=True)
    assert du is not None
    step = 1e-6
    for j in range(layout.m):
        up, down = v.copy(), v.copy()
        up[0, j] += step
        down[0, j] -= step
        numeric = (layout.values(up, pay)[0] - layout.values(down, pay)[0]) / (2 * step)
        assert np.abs(numeric[0] - du[0, :, j]).max() < 1e-7


def _history(node: object) -> History:
    out = []
    while node.parent is not None:  # type: ignore[attr-defined]
        out.append(node.prior_action.label)  # type: ignore[attr-defined]
        node = node.parent  # type: ignore[attr-defined]
    return tuple(reversed(out))


@pytest.mark.parametrize("path", [SIGNAL, SIGNAL16, POKER], ids=["sanction", "signal16", "poker"])
def test_agent_qre_equals_gambit_logit_on_the_extensive_form(path: str, tmp_path: Path) -> None:
    """Gambit 16.7 has no fixed-lambda agent QRE: ``logit_solve_lambda(game, [lam],
    use_strategic=False)`` traces the principal branch of the extensive-form logit QRE and
    returns its point at (about) ``lam``. The batched solver of the estimation, evaluated at the
    lambda Gambit reports, gives the same behaviour probabilities at every information set
    (matched through the histories of its members)."""
    gbt = pygambit_api(16)
    from gametheory.io.efg import write_efg

    scenario = load_scenario(path)
    tree = scenario.tree.subs(scenario.values())
    efg = tmp_path / "game.efg"
    efg.write_text(write_efg(tree))
    game = gbt.read_efg(str(efg))
    theirs = gbt.qre.logit_solve_lambda(game, [1.5], use_strategic=False)[0]
    layout = TreeLayout(tree)
    pay = np.array([[[float(u) for u in tree.node(z).payoffs] for z in layout.terminals]])
    ours, _ = agent_qre_batch(layout, pay, float(theirs.lam))
    k = 0
    for infoset in game.infosets:
        b = layout.block_of(_history(next(iter(infoset.members))))
        size = len(infoset.actions)
        gambit = np.array([theirs[k + j] for j in range(size)], dtype=float)
        assert np.abs(ours[0, layout.offsets[b] : layout.offsets[b + 1]] - gambit).max() < 1e-8
        k += size


def test_warm_started_newton_gives_the_traced_qre() -> None:
    """The second evaluation (Newton's method from the previous QRE) equals a cold one."""
    s = load_scenario(SIGNAL)
    tree = s.tree.subs({s.symbols["c"]: 1})
    model = AgentTreeQRE(tree, (s.symbols["s"],))
    x = np.array([[0.0], [1.0]])
    model.probabilities([np.array([2.0, 1.0])], 2.0, x)
    warm = model.probabilities([np.array([2.1, 0.9])], 2.2, x)
    cold = AgentTreeQRE(tree, (s.symbols["s"],)).probabilities([np.array([2.1, 0.9])], 2.2, x)
    for h in cold:
        assert np.abs(warm[h] - cold[h]).max() < 1e-10
    assert model.traced == 0


def test_recovers_lambda_and_a_payoff_parameter() -> None:
    d = simulate_data(SIGNAL, 1000, seed=21, lam=2.0, coefficients={"s": 2.0})
    r = fit(SIGNAL, d, free=["s"], lam="free")
    assert r.names == ("s", "lambda")
    assert "imperfect information" in r.method
    for name, truth in {"s": 2.0, "lambda": 2.0}.items():
        assert abs(r.estimate(name) - truth) < 3 * r.se(name), name
    assert all(0.01 < se < 0.5 for se in r.standard_errors)


def test_recovers_coefficients_of_a_covariate() -> None:
    rng = np.random.default_rng(5)
    urban = (rng.random(1200) < 0.5).astype(float)
    truth = {"s[const]": 2.0, "s[urban]": -1.5}
    d = simulate_data(
        SIGNAL, 1200, seed=6, lam=2.0, coefficients=truth, covariates={"urban": urban}
    )
    r = fit(SIGNAL, d, free=["s"], covariates={"s": ["urban"]}, lam="free")
    assert r.names == ("s[const]", "s[urban]", "lambda")
    for name, value in {**truth, "lambda": 2.0}.items():
        assert abs(r.estimate(name) - value) < 3 * r.se(name), name
    # predictions at the profiles share the information set's probabilities at its two nodes
    for row in r.profiles.to_dict("records"):
        assert row["P(Strong/Resist=Sanction)"] == pytest.approx(row["P(Weak/Resist=Sanction)"])


@pytest.mark.slow
def test_recovery_is_calibrated_over_many_samples() -> None:
    """Over 20 samples the z-scores of s and lambda have mean about 0 and sd about 1."""
    z = []
    for seed in range(20):
        d = simulate_data(SIGNAL, 800, seed=100 + seed, lam=2.0, coefficients={"s": 2.0})
        r = fit(SIGNAL, d, free=["s"], lam="free")
        z.append([(r.estimate(n) - 2.0) / r.se(n) for n in ("s", "lambda")])
    arr = np.array(z)
    assert np.all(np.abs(arr.mean(axis=0)) < 0.6) and np.all(np.abs(arr.std(axis=0) - 1) < 0.45)


def test_simulate_data_is_seeded_and_follows_one_play_per_row() -> None:
    d = simulate_data(SIGNAL, 300, seed=2, lam=1.0)
    assert d.equals(simulate_data(SIGNAL, 300, seed=2, lam=1.0))
    strong, weak = d["Strong"] != "", d["Weak"] != ""
    assert (strong ^ weak).all()
    assert ((d["Strong/Resist"] != "") == (d["Strong"] == "Resist")).all()
    assert ((d["Weak/Resist"] != "") == (d["Weak"] == "Resist")).all()
    prepare_data(load_scenario(SIGNAL), d)  # every simulated row passes the data checks


def test_simulated_frequencies_match_the_agent_qre() -> None:
    s = load_scenario(SIGNAL)
    d = simulate_data(s, 20000, seed=9, lam=2.0)
    p = _batch(s.tree.subs(s.values()), 2.0)
    sanction = (d[["Strong/Resist", "Weak/Resist"]] == "Sanction").to_numpy().sum()
    resisted = (d[["Strong/Resist", "Weak/Resist"]] != "").to_numpy().sum()
    assert abs(sanction / resisted - p["after refusal"][0]) < 4 * np.sqrt(0.25 / resisted)


def test_perfect_information_is_unchanged() -> None:
    """Regression: perfect-information trees still go through statistical backward induction;
    the estimates equal those of the code before imperfect information was added (recorded from
    it, to the last digit)."""
    d = simulate_data("trust_game", 300, seed=4, lam=0.4)
    r = fit("trust_game", d)
    assert r.model.agent is None and "statistical backward induction" in r.method
    assert r.estimates == (0.4514238904569907,)
    assert r.standard_errors == (0.02320102663664864,)
    r = fit("detainer_liability", ROOT / "docs/examples/county_detainers.csv", free=["tau"],
            covariates={"tau": ["foreign_born"]})  # fmt: skip
    assert r.estimates == (0.12429514391057708, 3.9694930831486155)
    assert r.loglik == -420.90365472796464


def _tree_scenario(tree: GameTree) -> Scenario:
    return Scenario("imperfect", "", None, tuple(Player(p) for p in tree.players), tree=tree)


def test_a_simultaneous_tree_is_fitted_like_its_strategic_form() -> None:
    """Matching pennies as a tree (the column player does not see the row's move): the model
    gives its information set's probabilities at both of its nodes."""
    nodes = [TreeNode((), "decision", player=0, actions=("H", "T"))]
    for r in ("H", "T"):
        nodes.append(TreeNode((r,), "decision", player=1, actions=("H", "T"), infoset="c"))
        nodes += [TreeNode((r, c), "terminal", payoffs=(9 * int(r == c == "H") + int(r == c == "T"),
                                                         int(r != c))) for c in ("H", "T")]  # fmt: skip
    sc = _tree_scenario(GameTree.from_nodes(("A", "B"), nodes))
    model = QREModel(sc, [], lam=1.0)
    probs = model.probabilities(np.array([]), {}, 1)
    assert np.allclose(probs["H"], probs["T"])
    frame = pd.DataFrame({"root": ["H", "T", "H"], "H": ["T", "", "H"], "T": ["", "T", ""]})
    assert fit(sc, frame, lam="free").names == ("lambda",)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        pytest.param({"Strong": ["Resist", "Comply"], "Weak": ["", "Resist"]},
                     "column 'Weak', row 2: a choice at 'Weak', but the play did not reach it "
                     "(column 'Strong' holds a choice, and no play reaches both nodes)",
                     id="two-chance-outcomes"),
        pytest.param({"Strong": ["Comply"], "Strong/Resist": ["Sanction"]},
                     "column 'Strong/Resist', row 1: a choice at 'Strong/Resist', but the play "
                     "did not reach it (column 'Strong' does not hold 'Resist')",
                     id="below-another-action"),
        pytest.param({"Strong": ["Resist"], "Strong/Resist": ["Sanction"],
                      "Weak/Resist": ["Sanction"]},
                     "column 'Weak/Resist', row 1: a choice at 'Weak/Resist'",
                     id="both-nodes-of-an-information-set"),
        pytest.param({"after refusal": ["Sanction"]}, "none of the tree's decision-node columns",
                     id="information-set-label-is-not-a-column"),
        pytest.param({"root": ["Strong", "Weak"], "Strong": ["Comply", "Resist"]},
                     "column 'Strong', row 2: a choice at 'Strong', but the play did not reach it "
                     "(column 'root' does not hold 'Strong')",
                     id="recorded-chance-move-contradicts"),
        pytest.param({"root": ["Medium"], "Strong": ["Comply"]},
                     "column 'root', row 1: unknown chance outcome 'Medium'",
                     id="recorded-chance-move-unknown"),
    ],
)  # fmt: skip
def test_impossible_paths_are_data_errors(rows: dict[str, list[str]], message: str) -> None:
    with pytest.raises(ScenarioError, match=message.replace("(", r"\(").replace(")", r"\)")):
        prepare_data(load_scenario(SIGNAL), pd.DataFrame(rows))


def test_a_recorded_chance_move_is_checked_and_left_out_of_the_likelihood() -> None:
    frame = pd.DataFrame(
        {"root": ["Strong", "Weak"], "Strong": ["Resist", ""], "Weak": ["", "Comply"]}
    )
    data = prepare_data(load_scenario(SIGNAL), frame)
    assert sorted(data.choices) == ["Strong", "Weak"]
    assert data.choices["Strong"].tolist() == [1, -1]


def test_chance_probabilities_depending_on_a_free_parameter_are_refused() -> None:
    q = sp.Symbol("q")
    nodes = [
        TreeNode((), "chance", actions=("G", "B"), probabilities=(q, 1 - q)),
        TreeNode(("G",), "decision", player=0, actions=("x", "y"), infoset="i"),
        TreeNode(("B",), "decision", player=0, actions=("x", "y"), infoset="i"),
    ]
    nodes += [TreeNode((t, a), "terminal", payoffs=(int(a == "x"),)) for t in "GB" for a in "xy"]
    tree = GameTree.from_nodes(("A",), nodes)
    with pytest.raises(ScenarioError, match="chance node 'root' needs numeric probabilities"):
        AgentTreeQRE(tree, (q,))


def test_cli_fits_the_signalling_scenario_in_table_and_json() -> None:
    runner = CliRunner()
    args = ["fit", SIGNAL, CHOICES, "--free", "s", "--covariate", "s=urban", "--lambda", "free"]
    table = runner.invoke(cli, args)
    assert table.exit_code == 0, table.output
    assert "imperfect information" in table.output and "s[urban]" in table.output
    out = runner.invoke(cli, [*args, "--format", "json"])
    assert out.exit_code == 0, out.output
    record = json.loads(out.output)
    assert [c["name"] for c in record["coefficients"]] == ["s[const]", "s[urban]", "lambda"]
    assert all(c["se"] is not None and c["se"] > 0 for c in record["coefficients"])
    assert len(record["predictions"]["per_observation"]) == 600
    assert {"P(Strong/Resist=Sanction)", "P(Weak/Resist=Sanction)"} <= set(
        record["predictions"]["at_profiles"][0]
    )
    latex = runner.invoke(cli, [*args, "--format", "latex"])
    assert latex.exit_code == 0 and "\\begin{tabular}" in latex.output
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(record, json.loads((ROOT / "docs" / "schema" / "fit.json").read_text()))


def test_cli_reports_an_impossible_row_with_file_column_and_row() -> None:
    bad = str(ROOT / "docs" / "examples" / "errors" / "sanction_two_types.csv")
    result = CliRunner().invoke(cli, ["fit", SIGNAL, bad, "--free", "s"])
    assert result.exit_code == 1
    assert "sanction_two_types.csv: column 'Weak', row 2:" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("lam", [1.0, 5.0])
def test_batch_continuation_and_its_fallback_stay_on_the_traced_branch(lam: float) -> None:
    """signalling16 (16 information sets, a chance move): the batched solver, by its steps of
    lambda and, with a single step, by the arc-length trace it falls back on when Newton's method
    fails, gives the principal branch that ``agent_qre`` traces."""
    from gametheory.solvers.qre_tree import agent_qre

    tree = load_scenario(SIGNAL16).tree
    layout = TreeLayout(tree)
    traced = np.concatenate(agent_qre(tree, lam).profile)
    stepped, n_traced = agent_qre_batch(layout, layout.payoffs()[None], lam)
    assert n_traced == 0 and np.abs(stepped[0] - traced).max() < 1e-10
    fallback, n_traced = agent_qre_batch(layout, layout.payoffs()[None], lam, steps=1)
    assert np.abs(fallback[0] - traced).max() < 1e-10
    if lam == 5.0:
        assert n_traced == 1  # one Newton step from uniform play does not reach lambda = 5


def test_a_far_start_reaches_the_same_maximum() -> None:
    """From s = -20 the optimizer tries payoffs and lambdas where the branch cannot be followed;
    those points get a zero likelihood instead of an error, and the fit ends where the default
    start does."""
    d = simulate_data(SIGNAL, 500, seed=2, lam=2.0)
    near = fit(SIGNAL, d, free=["s"], lam="free")
    far = fit(SIGNAL, d, free=["s"], lam="free", start={"s": -20.0})
    assert far.converged
    assert np.allclose(far.estimates, near.estimates, atol=1e-5)
