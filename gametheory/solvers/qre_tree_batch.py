"""The agent logit QRE of one game tree at many payoff vectors at once (imperfect information).

Estimation needs the agent QRE (McKelvey and Palfrey 1998) of the same tree at many parameter
values: one per distinct covariate profile, at every trial value of the coefficients. This
module computes it for a batch of ``G`` payoff vectors (the terminal payoffs, an array of shape
``(G, terminals, players)``) with the tree's layout compiled once into index arrays.

Definitions
-----------
The unknowns are the logarithms ``v`` of the behaviour probabilities, one per action of every
information set (flattened in the order of :attr:`GameTree.infosets`). For a decision node ``h``
with action ``a``, ``V_h(a)`` is the mover's expected payoff below ``h`` after ``a``: the sum,
over the terminals ``z`` below ``h a``, of the probability of the moves between ``h a`` and ``z``
(behaviour and chance) times the mover's payoff at ``z``. At an information set ``I`` the agent
values ``U_I(a) = sum_{h in I} mu(h) V_h(a)``, with the beliefs ``mu`` given by Bayes' rule: ``mu(h)``
is proportional to the probability of reaching ``h``; where chance rules out every node of ``I``
the beliefs are uniform (the convention of :func:`gametheory.solvers.qre_tree.agent_qre`). The QRE
solves ``p_I(a) = exp(lambda U_I(a)) / sum_b exp(lambda U_I(b))``, written as ``sum_a p_I(a) = 1``
and ``v_I(a) - v_I(a_0) = lambda (U_I(a) - U_I(a_0))``. The Jacobian of ``U`` in ``v`` is exact
(not finite differences).

Algorithm
---------
:func:`agent_qre_batch` runs Newton's method at the given ``lambda`` from a starting profile
(the QRE at nearby payoffs, e.g. the previous trial value of the coefficients); without a start,
or where Newton's method fails, it steps ``lambda`` up from 0 (uniform play) along the principal
branch, Newton's method at each step; a payoff vector where that fails too is traced one by one by
arc-length continuation (:mod:`gametheory.solvers.qre`), which follows the branch where it bends
back in ``lambda``.

Floating point throughout (double precision).

References
----------
McKelvey, R. D. and Palfrey, T. R. (1998). Quantal response equilibria for extensive form games.
*Experimental Economics* 1(1), 9-41.

Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic quantal response
equilibrium correspondence. *Games and Economic Behavior* 51(2), 243-263.
"""

from __future__ import annotations

import numpy as np

from gametheory.exceptions import ScenarioError, SolverError
from gametheory.model.tree import GameTree, History, history_text
from gametheory.solvers.qre import QRE_TOL, _Homotopy

__all__ = ["TreeLayout", "agent_qre_batch"]


def _chance_log(q: float) -> float:
    return float(np.log(q)) if q > 0 else -np.inf


class TreeLayout:
    """A numeric-chance tree compiled into index arrays (see the module docstring).

    ``terminals`` lists the terminal histories in preorder (the order of the payoff arrays);
    ``blocks`` the information-set keys; ``offsets`` where each set's actions start in the flat
    profile; ``node_block`` the information set of every decision node (``nodes``).

    Examples
    --------
    >>> from gametheory.scenario import load_scenario
    >>> layout = TreeLayout(load_scenario("trust_game").tree)
    >>> layout.nodes, layout.sizes, len(layout.terminals)
    (((), ('Trust',)), (2, 2), 3)
    """

    def __init__(self, tree: GameTree) -> None:
        chance: dict[History, list[float]] = {}
        for n in tree.nodes:
            if n.kind == "chance":
                if any(q.free_symbols for q in n.probabilities):
                    raise ScenarioError(
                        f"chance node {history_text(n.history) or 'root'!r} needs numeric "
                        "probabilities (estimation does not take chance probabilities that depend "
                        "on free parameters)"
                    )
                chance[n.history] = [_chance_log(float(q)) for q in n.probabilities]
        self.tree = tree
        self.blocks = tuple(tree.infosets)
        self.sizes = tuple(len(tree.infosets[k][0].actions) for k in self.blocks)
        self.offsets = np.concatenate([[0], np.cumsum(self.sizes)]).astype(int)
        self.m = int(self.offsets[-1])
        self.players = len(tree.players)
        order = list(tree.preorder())
        decisions = [n for n in order if n.kind == "decision"]
        self.nodes: tuple[History, ...] = tuple(n.history for n in decisions)
        self.terminals: tuple[History, ...] = tuple(
            n.history for n in order if n.kind == "terminal"
        )
        block = {k: b for b, k in enumerate(self.blocks)}
        self.node_block = np.array([block[n.infoset_key] for n in decisions], dtype=int)
        term_index = {h: i for i, h in enumerate(self.terminals)}

        def edge(history: History, depth: int) -> tuple[int | None, float]:
            """The move from ``history[:depth]``: a flat action index, or a chance log-probability."""
            parent = tree.node(history[:depth])
            a = parent.actions.index(history[depth])
            if parent.kind == "chance":
                return None, chance[parent.history][a]
            return int(self.offsets[block[parent.infoset_key]] + a), 0.0

        def path(history: History, start: int) -> tuple[np.ndarray, float]:
            row, c = np.zeros(self.m), 0.0
            for depth in range(start, len(history)):
                k, lq = edge(history, depth)
                if k is None:
                    c += lq
                else:
                    row[k] += 1.0
            return row, c

        reach = [path(h, 0) for h in self.nodes]
        self.node_paths = np.array([r for r, _ in reach]).reshape(len(self.nodes), self.m)
        self.node_chance = np.array([c for _, c in reach])
        # Information sets that chance rules out entirely have fixed uniform beliefs.
        for b in range(len(self.blocks)):
            members = self.node_block == b
            if np.all(np.isneginf(self.node_chance[members])):
                self.node_chance[members] = 0.0
                self.node_paths[members] = 0.0
        na_node, na_flat, pairs = [], [], []
        for i, node in enumerate(decisions):
            for j in range(len(node.actions)):
                na_node.append(i)
                na_flat.append(int(self.offsets[self.node_block[i]] + j))
            depth = len(node.history)
            for z in self.terminals:
                if z[:depth] == node.history and len(z) > depth:
                    j = node.actions.index(z[depth])
                    row, c = path(z, depth + 1)
                    pairs.append(
                        (len(na_node) - len(node.actions) + j, term_index[z], node, row, c)
                    )
        self.na_node = np.array(na_node, dtype=int)
        self.na_flat = np.array(na_flat, dtype=int)
        self.pair_na = np.array([p[0] for p in pairs], dtype=int)
        self.pair_term = np.array([p[1] for p in pairs], dtype=int)
        self.pair_player = np.array([p[2].player or 0 for p in pairs], dtype=int)
        self.pair_paths = np.array([p[3] for p in pairs]).reshape(len(pairs), self.m)
        self.pair_chance = np.array([p[4] for p in pairs])
        # One-hot matrices: sums over pairs, actions of nodes and nodes of sets as products.
        self._pair_na = np.eye(len(na_node))[self.pair_na].reshape(len(pairs), len(na_node))
        self._na_flat = np.eye(self.m)[self.na_flat].reshape(len(na_node), self.m)
        self._node_block = np.eye(len(self.blocks))[self.node_block].reshape(
            len(self.nodes), len(self.blocks)
        )

    def block_of(self, history: History) -> int:
        """The information set (its index in :attr:`blocks`) of the decision node ``history``."""
        return int(self.node_block[self.nodes.index(history)])

    def values(
        self, v: np.ndarray, pay: np.ndarray, *, jacobian: bool = False
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """``U`` (shape ``(G, m)``) at log-probabilities ``v`` (``(G, m)``) for terminal payoffs
        ``pay`` (``(G, terminals, players)``), and with ``jacobian`` its derivative in ``v``,
        shape ``(G, m, m)``."""
        w = (
            np.exp(v @ self.pair_paths.T + self.pair_chance)
            * pay[:, self.pair_term, self.pair_player]
        )
        big_v = w @ self._pair_na
        logr = v @ self.node_paths.T + self.node_chance
        mu = np.zeros_like(logr)
        for b in range(len(self.blocks)):
            members = np.nonzero(self.node_block == b)[0]
            z = logr[:, members]
            z = np.exp(z - z.max(axis=1, keepdims=True))
            mu[:, members] = z / z.sum(axis=1, keepdims=True)
        u = (big_v * mu[:, self.na_node]) @ self._na_flat
        if not jacobian:
            return u, None
        dv = np.matmul(self._pair_na.T, w[:, :, None] * self.pair_paths)
        mean = np.matmul(self._node_block.T, mu[:, :, None] * self.node_paths)
        dmu = mu[:, :, None] * (self.node_paths[None] - mean[:, self.node_block])
        terms = dmu[:, self.na_node] * big_v[:, :, None] + mu[:, self.na_node, None] * dv
        du = np.matmul(self._na_flat.T, terms)
        return u, du

    def equations(
        self, v: np.ndarray, pay: np.ndarray, lam: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """The QRE equations ``H(v)`` (``(G, m)``) and their Jacobian ``(G, m, m)``."""
        u, du = self.values(v, pay, jacobian=True)
        assert du is not None
        p = np.exp(v)
        lead = np.repeat(self.offsets[:-1], self.sizes)
        h = v - v[:, lead] - lam * (u - u[:, lead])
        jac = -lam * (du - du[:, lead])
        eye = np.eye(self.m)
        jac += eye[None] - eye[lead][None]
        for b in range(len(self.blocks)):
            lo, hi = self.offsets[b], self.offsets[b + 1]
            h[:, lo] = p[:, lo:hi].sum(axis=1) - 1.0
            jac[:, lo, :] = 0.0
            jac[:, lo, lo:hi] = p[:, lo:hi]
        return h, jac

    def newton(
        self, pay: np.ndarray, lam: float, v: np.ndarray, *, iterations: int = 40
    ) -> tuple[np.ndarray, np.ndarray]:
        """Newton's method at ``lam`` from ``v`` for every payoff vector; returns the refined
        log-probabilities and a mask of the converged ones (to :data:`~gametheory.solvers.qre.QRE_TOL`)."""
        v = v.copy()
        ok = np.zeros(len(v), dtype=bool)
        for _ in range(iterations):
            with np.errstate(over="ignore", invalid="ignore"):
                h, jac = self.equations(v, pay, lam)
            finite = np.isfinite(h).all(axis=1) & np.isfinite(jac).all(axis=(1, 2))
            ok = finite & (np.abs(np.where(np.isfinite(h), h, np.inf)).max(axis=1) < QRE_TOL)
            todo = finite & ~ok
            if not todo.any():
                break
            try:
                step = np.linalg.solve(jac[todo], h[todo][..., None])[..., 0]
            except np.linalg.LinAlgError:
                break
            v[todo] = v[todo] - step
        return v, ok

    def uniform(self, g: int) -> np.ndarray:
        """The log-probabilities of uniform play, ``g`` times."""
        return np.tile(-np.log(np.repeat(self.sizes, self.sizes).astype(float)), (g, 1))

    def trace(self, pay: np.ndarray, lam: float) -> np.ndarray:
        """The principal branch of one payoff vector (``(terminals, players)``) traced from
        ``lambda = 0`` by arc-length continuation; the log-probabilities at ``lam``."""
        homotopy = self.homotopy(pay)
        x = homotopy.trace(lam, stop_at=lam)[-1] if lam > 0 else homotopy.start()
        return np.asarray(x[:-1])

    def homotopy(self, pay: np.ndarray) -> _Homotopy:
        """The QRE equations of one payoff vector (``(terminals, players)``) for arc-length
        continuation (:mod:`gametheory.solvers.qre`), with the exact Jacobian."""
        one = pay[None]

        def values(profile: list[np.ndarray]) -> list[np.ndarray]:
            u, _ = self.values(np.log(np.concatenate(profile))[None], one)
            return [u[0, self.offsets[b] : self.offsets[b + 1]] for b in range(len(self.sizes))]

        def jacobian(profile: list[np.ndarray]) -> np.ndarray:
            p = np.concatenate(profile)
            _, du = self.values(np.log(p)[None], one, jacobian=True)
            assert du is not None
            out: np.ndarray = du[0] / p[None, :]
            return out

        return _Homotopy(self.sizes, values, jacobian)

    def payoffs(self) -> np.ndarray:
        """The terminal payoffs of a numeric tree as floats, shape ``(terminals, players)``."""
        return np.array(
            [[float(u) for u in self.tree.node(z).payoffs] for z in self.terminals]
        ).reshape(len(self.terminals), self.players)


def agent_qre_batch(
    layout: TreeLayout,
    pay: np.ndarray,
    lam: float,
    start: np.ndarray | None = None,
    *,
    steps: int = 24,
    strict: bool = True,
) -> tuple[np.ndarray, int]:
    """The agent QRE at ``lam`` for every payoff vector of ``pay`` (``(G, terminals, players)``).

    ``start`` (``(G, m)`` probabilities, ``nan`` rows for none) holds profiles near the wanted
    QRE. Returns the behaviour probabilities, shape ``(G, m)`` (information sets in the order of
    ``layout.blocks``), and how many payoff vectors were traced one by one. Where even the trace
    fails (extreme payoffs or ``lambda``) a :class:`~gametheory.exceptions.SolverError` is
    raised, or with ``strict=False`` that row is ``nan`` (the likelihood is then zero there).

    Examples
    --------
    Matching pennies as a tree: the column player does not see the row player's move. Its agent
    QRE is uniform at every ``lambda``.

    >>> from gametheory.model.tree import TreeNode
    >>> nodes = [TreeNode((), "decision", player=0, actions=("H", "T"))]
    >>> for r in ("H", "T"):
    ...     nodes.append(TreeNode((r,), "decision", player=1, actions=("H", "T"), infoset="c"))
    ...     nodes += [TreeNode((r, c), "terminal", payoffs=(int(r == c), int(r != c)))
    ...               for c in ("H", "T")]
    >>> layout = TreeLayout(GameTree.from_nodes(("A", "B"), nodes))
    >>> pay = np.array([[[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [1.0, 0.0]]])
    >>> p, traced = agent_qre_batch(layout, pay, 3.0)
    >>> np.round(p, 12).tolist(), traced
    ([[0.5, 0.5, 0.5, 0.5]], 0)
    """
    g = len(pay)
    v = layout.uniform(g)
    ok = np.zeros(g, dtype=bool)
    if start is not None:
        has = np.isfinite(start).all(axis=1)
        if has.any():
            guess = np.log(np.clip(start[has], 1e-300, None))
            v_has, ok_has = layout.newton(pay[has], lam, guess)
            v[has], ok[has] = v_has, ok_has
    todo = np.nonzero(~ok)[0]
    if len(todo):
        w, good = layout.uniform(len(todo)), np.ones(len(todo), dtype=bool)
        for k in range(1, steps + 1):
            w, converged = layout.newton(pay[todo], lam * (k / steps) ** 2, w)
            good &= converged
        v[todo] = w
        ok[todo] = good
    bad = np.nonzero(~ok)[0]
    for i in bad:
        try:
            v[i] = layout.trace(pay[i], lam)
        except SolverError:
            if strict:
                raise
            v[i] = np.nan
    p = np.exp(v)
    for b in range(len(layout.sizes)):
        lo, hi = layout.offsets[b], layout.offsets[b + 1]
        p[:, lo:hi] /= p[:, lo:hi].sum(axis=1, keepdims=True)
    return p, len(bad)
