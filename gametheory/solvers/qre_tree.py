"""The agent logit QRE of a game tree: one logit choice at every information set.

Definitions
-----------
In the agent quantal response equilibrium (McKelvey and Palfrey 1998) each information set is
played by its own agent, who chooses action ``a`` with probability proportional to
``exp(lambda * U(a))``, where ``U(a)`` is the mover's expected payoff of ``a`` at the
information set, given the behaviour strategies everywhere else and the beliefs that those
strategies (and chance) induce over the set's nodes (Bayes' rule; every node is reached with
positive probability under logit play unless chance rules it out, in which case the nodes are
weighted equally).

With perfect information the agent QRE is unique and is computed by **statistical backward
induction** (Signorino 1999): from the last movers up, each node's choice probabilities are the
logit of the continuation values below it. :func:`backward_induction_probabilities` does this for
many payoff vectors at once (one per observation), which is what estimation needs. With imperfect
information the principal branch from ``lambda = 0`` is traced as for strategic-form games
(:mod:`gametheory.solvers.qre`), with the exact Jacobian of
:class:`gametheory.solvers.qre_tree_batch.TreeLayout`.

Floating point throughout (double precision): these are not exact equilibria.

References
----------
McKelvey, R. D. and Palfrey, T. R. (1998). Quantal response equilibria for extensive form games.
*Experimental Economics* 1(1), 9-41.

Signorino, C. S. (1999). Strategic interaction and the statistical analysis of international
conflict. *American Political Science Review* 93(2), 279-297.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from gametheory.exceptions import ScenarioError
from gametheory.model.tree import GameTree, History, history_text
from gametheory.solvers.qre import QREBranch, QREResult, _branch, _check_lambda, _Homotopy
from gametheory.solvers.qre_tree_batch import TreeLayout

__all__ = ["agent_qre", "backward_induction_probabilities", "infoset_labels", "trace_agent_qre"]


def _floats(tree: GameTree) -> tuple[dict[History, np.ndarray], dict[History, np.ndarray]]:
    """Terminal payoffs and chance probabilities as floats."""
    if not tree.is_numeric:
        raise ScenarioError("the QRE needs numeric payoffs; give every parameter a value (--set)")
    pay = {
        n.history: np.array([float(u) for u in n.payoffs])
        for n in tree.nodes
        if n.kind == "terminal"
    }
    chance = {
        n.history: np.array([float(q) for q in n.probabilities])
        for n in tree.nodes
        if n.kind == "chance"
    }
    return pay, chance


def infoset_labels(tree: GameTree) -> tuple[str, ...]:
    """The information sets, in preorder, as the names the results use: a singleton set is
    named by its node's history (the root as ``root``), a larger set by its own name.

    Examples
    --------
    >>> from gametheory.scenario import load_scenario
    >>> infoset_labels(load_scenario("trust_game").tree)
    ('root', 'Trust')
    """
    return tuple(_label(key, nodes[0].history, len(nodes)) for key, nodes in tree.infosets.items())


def _label(key: str, history: History, size: int) -> str:
    if size > 1:
        return key
    return history_text(history) or "root"


def backward_induction_probabilities(
    tree: GameTree, lam: Any, terminal: Mapping[History, np.ndarray]
) -> dict[History, np.ndarray]:
    """Statistical backward induction (perfect information), vectorised over observations.

    ``terminal[h]`` is an array of shape ``(players, K)``: the payoffs at terminal ``h`` for
    ``K`` observations; ``lam`` is a number or an array of ``K`` precisions. Returns, for every
    decision node, the choice probabilities as an array of shape ``(actions, K)``.

    Examples
    --------
    >>> from gametheory.scenario import load_scenario
    >>> s = load_scenario("trust_game")
    >>> tree = s.tree.subs(s.values())
    >>> pay = {n.history: np.array([[float(u)] for u in n.payoffs])
    ...        for n in tree.nodes if n.kind == "terminal"}
    >>> p = backward_induction_probabilities(tree, 0.0, pay)
    >>> p[()].ravel().tolist()
    [0.5, 0.5]
    """
    if not tree.perfect_information:
        raise ScenarioError("statistical backward induction needs a tree of perfect information")
    _, chance = _floats_chance(tree)
    lam_arr = np.asarray(lam, dtype=float)
    values: dict[History, np.ndarray] = {}
    probs: dict[History, np.ndarray] = {}
    for node in reversed(list(tree.preorder())):
        if node.kind == "terminal":
            values[node.history] = np.asarray(terminal[node.history], dtype=float)
            continue
        below = np.stack([values[c] for c in node.children])  # (actions, players, K)
        if node.kind == "chance":
            w = chance[node.history]
            values[node.history] = np.tensordot(w, below, axes=(0, 0))
            continue
        mover = below[:, node.player or 0, ...]
        z = lam_arr * mover
        z = z - z.max(axis=0, keepdims=True)
        e = np.exp(z)
        p = e / e.sum(axis=0, keepdims=True)
        probs[node.history] = p
        values[node.history] = np.einsum("a...,ap...->p...", p, below)
    return probs


def _floats_chance(tree: GameTree) -> tuple[None, dict[History, np.ndarray]]:
    chance: dict[History, np.ndarray] = {}
    for n in tree.nodes:
        if n.kind == "chance":
            if any(q.free_symbols for q in n.probabilities):
                raise ScenarioError(
                    f"chance node {history_text(n.history) or 'root'!r} needs numeric probabilities"
                )
            chance[n.history] = np.array([float(q) for q in n.probabilities])
    return None, chance


class _TreeValues:
    """``U`` at every information set for behaviour strategies over the information sets."""

    def __init__(self, tree: GameTree) -> None:
        self.tree = tree
        self.pay, self.chance = _floats(tree)
        self.keys = list(tree.infosets)
        self.index = {k: b for b, k in enumerate(self.keys)}
        self.order = list(tree.preorder())
        self.sizes = [len(tree.infosets[k][0].actions) for k in self.keys]

    def __call__(self, profile: list[np.ndarray]) -> list[np.ndarray]:
        tree = self.tree
        reach: dict[History, float] = {(): 1.0}
        for node in self.order:
            if node.kind == "terminal":
                continue
            w = (
                self.chance[node.history]
                if node.kind == "chance"
                else profile[self.index[node.infoset_key]]
            )
            for q, child in zip(w, node.children, strict=True):
                reach[child] = reach[node.history] * float(q)
        value: dict[History, np.ndarray] = {}
        for node in reversed(self.order):
            if node.kind == "terminal":
                value[node.history] = self.pay[node.history]
                continue
            w = (
                self.chance[node.history]
                if node.kind == "chance"
                else profile[self.index[node.infoset_key]]
            )
            value[node.history] = sum(
                (float(q) * value[c] for q, c in zip(w, node.children, strict=True)),
                np.zeros(len(tree.players)),
            )
        out = []
        for key in self.keys:
            nodes = tree.infosets[key]
            weights = np.array([reach[n.history] for n in nodes])
            weights = (
                weights / weights.sum()
                if weights.sum() > 0
                else np.full(len(nodes), 1 / len(nodes))
            )
            player = nodes[0].player or 0
            u = np.zeros(len(nodes[0].actions))
            for wt, n in zip(weights, nodes, strict=True):
                u += wt * np.array([value[c][player] for c in n.children])
            out.append(u)
        return out

    def jacobian(self, profile: list[np.ndarray]) -> np.ndarray:
        """``dU/dp`` by central differences (the corrector's residual is computed exactly)."""
        flat = np.concatenate(profile)
        m = len(flat)
        out = np.zeros((m, m))
        offsets = np.concatenate([[0], np.cumsum(self.sizes)]).astype(int)
        step = 1e-6
        for c in range(m):
            up, down = flat.copy(), flat.copy()
            up[c] += step
            down[c] -= step
            split_up = [up[offsets[b] : offsets[b + 1]] for b in range(len(self.sizes))]
            split_down = [down[offsets[b] : offsets[b + 1]] for b in range(len(self.sizes))]
            out[:, c] = (np.concatenate(self(split_up)) - np.concatenate(self(split_down))) / (
                2 * step
            )
        return out


def _labels(tree: GameTree) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    labels = infoset_labels(tree)
    actions = tuple(nodes[0].actions for nodes in tree.infosets.values())
    return labels, actions


def agent_qre(tree: GameTree, lam: float) -> QREResult:
    """The agent logit QRE of a numeric tree at precision ``lam`` (principal branch).

    Perfect information: statistical backward induction (unique); otherwise the principal branch
    traced from ``lambda = 0``. Blocks are the information sets (:func:`infoset_labels`).

    Examples
    --------
    The trust game: the trustee abuses the trust unless ``lambda`` is small.

    >>> from gametheory.scenario import load_scenario
    >>> s = load_scenario("trust_game")
    >>> tree = s.tree.subs(s.values())
    >>> q = agent_qre(tree, 0)
    >>> q.labels, q.profile
    (('root', 'Trust'), ((0.5, 0.5), (0.5, 0.5)))
    >>> q = agent_qre(tree, 20)
    >>> round(q.profile[1][tree.node(("Trust",)).actions.index("Abuse")], 6), q.residual < 1e-12
    (1.0, True)
    """
    value = _check_lambda(lam)
    labels, actions = _labels(tree)
    if tree.perfect_information:
        pay, _ = _floats(tree)
        probs = backward_induction_probabilities(
            tree, value, {h: u[:, None] for h, u in pay.items()}
        )
        profile = [probs[nodes[0].history][:, 0] for nodes in tree.infosets.values()]
        values = _TreeValues(tree)
        homotopy = _Homotopy(values.sizes, values, values.jacobian)
        p = np.concatenate(profile)
        return QREResult(
            lam=value,
            profile=tuple(tuple(float(q) for q in b) for b in profile),
            residual=homotopy.residual(p, value),
            labels=labels,
            actions=actions,
            branch="unique (perfect information)",
            diagnostics={"algorithm": "statistical backward induction"},
        )
    homotopy = _homotopy(tree)
    path = homotopy.trace(value, stop_at=value) if value > 0 else [homotopy.start()]
    point = _checker(tree).point(path[-1])
    return QREResult(
        lam=value,
        profile=point.profile,
        residual=point.residual,
        labels=labels,
        actions=actions,
        diagnostics={"algorithm": "continuation", "continuation_steps": len(path) - 1},
    )


def trace_agent_qre(tree: GameTree, lam_max: float, *, points: int | None = None) -> QREBranch:
    """The principal branch of the agent QRE of a numeric tree, from ``lambda = 0`` to ``lam_max``.

    Examples
    --------
    >>> from gametheory.scenario import load_scenario
    >>> s = load_scenario("trust_game")
    >>> branch = trace_agent_qre(s.tree.subs(s.values()), 5)
    >>> branch.points[0].profile[0], round(branch.points[-1].lam, 9)
    ((0.5, 0.5), 5.0)
    """
    value = _check_lambda(lam_max)
    labels, actions = _labels(tree)
    homotopy = _homotopy(tree)
    path = homotopy.trace(value, stop_at=value) if value > 0 else [homotopy.start()]
    return _branch(_checker(tree), path, labels, actions, points)


def _checker(tree: GameTree) -> _Homotopy:
    """The equations with the values of :class:`_TreeValues`, written independently of the
    solver's: the reported residuals are computed with them."""
    values = _TreeValues(tree)
    return _Homotopy(values.sizes, values, values.jacobian)


def _homotopy(tree: GameTree) -> _Homotopy:
    """The agent QRE equations of a numeric tree, with the exact Jacobian
    (:class:`gametheory.solvers.qre_tree_batch.TreeLayout`)."""
    _floats(tree)  # a clear error for a tree that is not numeric
    layout = TreeLayout(tree)
    return layout.homotopy(layout.payoffs())
