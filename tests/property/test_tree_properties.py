"""Backward induction against an independent brute force on random perfect-information trees.

The oracle enumerates every pure strategy profile (an action at every decision node), evaluates
each node's continuation payoffs, and keeps the profiles in which every mover's action is a best
reply at its node (the one-shot deviation principle, which characterises subgame perfection in
finite perfect-information games: Osborne & Rubinstein 1994, Lemma 98.2). Small integer payoffs
make ties common, so several SPEs are frequent.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from itertools import product

import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gametheory import load_scenario
from gametheory.model.tree import GameTree, TreeNode
from gametheory.solvers.backward_induction import backward_induction
from gametheory.symbolic import scenario_assumptions


@st.composite
def pi_trees(draw: st.DrawFn, max_depth: int = 3) -> GameTree:
    players = draw(st.integers(2, 3))
    nodes: list[TreeNode] = []

    def build(history: tuple[str, ...], depth: int) -> None:
        terminal = depth >= max_depth or (depth > 0 and draw(st.booleans()))
        if terminal:
            payoffs = tuple(draw(st.integers(-2, 2)) for _ in range(players))
            nodes.append(TreeNode(history, "terminal", payoffs=payoffs))
            return
        k = draw(st.integers(2, 3))
        actions = tuple(f"a{i}" for i in range(k))
        if depth > 0 and draw(st.integers(0, 4)) == 0:
            weights = [draw(st.integers(1, 3)) for _ in range(k)]
            probs = tuple(sp.Rational(w, sum(weights)) for w in weights)
            nodes.append(TreeNode(history, "chance", actions=actions, probabilities=probs))
        else:
            nodes.append(
                TreeNode(
                    history, "decision", player=draw(st.integers(0, players - 1)), actions=actions
                )
            )
        for a in actions:
            build((*history, a), depth + 1)

    build((), 0)
    return GameTree.from_nodes(tuple(f"P{i}" for i in range(players)), nodes)


def _value(tree: GameTree, node: TreeNode, plan: dict, bad: list) -> tuple[Fraction, ...]:
    """Continuation payoffs under ``plan``; appends to ``bad`` where a mover could do better."""
    if node.kind == "terminal":
        return tuple(Fraction(int(u.p), int(u.q)) for u in node.payoffs)
    vals = [_value(tree, tree.node(c), plan, bad) for c in node.children]
    if node.kind == "chance":
        probs = [Fraction(int(p.p), int(p.q)) for p in node.probabilities]
        return tuple(
            sum((p * v[i] for p, v in zip(probs, vals, strict=True)), Fraction(0))
            for i in range(len(tree.players))
        )
    chosen = vals[node.actions.index(plan[node.history])]
    if any(v[node.player] > chosen[node.player] for v in vals):
        bad.append(node.history)
    return chosen


def brute_force_spe(tree: GameTree) -> set[tuple[tuple[tuple[str, ...], str], ...]]:
    decisions = [n for n in tree.preorder() if n.kind == "decision"]
    found = set()
    for choice in product(*(n.actions for n in decisions)):
        plan = {n.history: a for n, a in zip(decisions, choice, strict=True)}
        bad: list = []
        _value(tree, tree.root, plan, bad)
        if not bad:
            found.add(tuple(sorted(plan.items())))
    return found


@settings(deadline=None)
@given(pi_trees())
def test_backward_induction_equals_one_shot_deviation_brute_force(tree: GameTree) -> None:
    spe = backward_induction(tree)
    ours = {tuple(sorted(e.choices)) for e in spe}
    assert len(ours) == len(spe)  # no duplicates
    assert ours == brute_force_spe(tree)
    assert all(e.condition.is_always for e in spe)


# -- Symbolic conditions against numeric backward induction, on every bundled tree ---------------
#
# Backward induction with symbolic payoffs gives each pure SPE with the condition on the
# parameters under which it is subgame perfect. At any parameter point inside the declared
# ranges (where the scenario's own assumptions hold) the SPEs whose conditions hold there must be
# exactly those that numeric backward induction finds at that point. Points exactly on the
# boundaries of the conditions (atom = 0, where ties make several SPEs coexist) are drawn on
# purpose: a condition written with the wrong strictness fails there and nowhere else.

TREE_SCENARIOS = (
    "chain_store",
    "detainer_liability",
    "funding_threat",
    "hennepin_drawdown",
    "jail_access_commitment",
    "trust_game",
    "ultimatum",
)


@cache
def _symbolic(name: str):
    sc = load_scenario(name)
    spe = backward_induction(sc.tree, scenario_assumptions(sc, {}))
    atoms = tuple(dict.fromkeys(a for e in spe for a in e.condition.atoms))
    return sc, spe, atoms


def test_every_bundled_tree_is_covered() -> None:
    from gametheory.scenario.loader import bundled_scenarios

    trees = sorted(n for n in bundled_scenarios() if load_scenario(n).tree is not None)
    assert tuple(trees) == TREE_SCENARIOS
    for name in trees:  # every parameter has a range to draw from
        assert all(p.range is not None for p in load_scenario(name).parameters), name


@st.composite
def tree_points(draw: st.DrawFn) -> tuple[str, dict]:
    name = draw(st.sampled_from(TREE_SCENARIOS))
    sc, _, atoms = _symbolic(name)
    point: dict[sp.Symbol, sp.Rational] = {}
    for p in sc.parameters:
        lo, hi = p.range
        k = draw(st.integers(0, 12))
        point[p.symbol] = lo + (hi - lo) * sp.Rational(k, 12)
    if atoms and draw(st.booleans()):
        # Move one parameter onto the boundary of one condition, when it lands in range.
        atom = draw(st.sampled_from(atoms))
        ranges = {p.symbol: p.range for p in sc.parameters}
        expr = atom.expr
        for s in sorted(expr.free_symbols, key=lambda s: s.name):
            others = {t: v for t, v in point.items() if t != s}
            roots = sp.solve(sp.Eq(expr.xreplace(others), 0), s)
            inside = [r for r in roots if r.is_Rational and ranges[s][0] <= r <= ranges[s][1]]
            if inside:
                point[s] = inside[0]
                break
    return name, point


@settings(deadline=None)
@given(tree_points())
def test_symbolic_spe_conditions_match_numeric_backward_induction(case: tuple[str, dict]) -> None:
    name, point = case
    sc, symbolic, _ = _symbolic(name)
    values = sc.values({s.name: v for s, v in point.items()})
    assume(not sc.failed_assumptions(values))
    predicted = {e.choices for e in symbolic if e.condition.holds_at(values)}
    numeric = backward_induction(sc.tree.subs(values))
    assert predicted == {e.choices for e in numeric}, {s.name: v for s, v in point.items()}
