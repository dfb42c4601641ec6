"""Choice probabilities of a tree with imperfect information: its agent logit QRE.

Each information set is played by an agent who makes a logit choice given beliefs from Bayes'
rule (McKelvey and Palfrey 1998); a decision node's choice probabilities are those of its
information set. The probability of an observation is the product, over the decisions recorded
in its row, of the probability of the recorded action (chance moves are not recorded: their
probabilities are numbers, constant factors of the likelihood that are left out).

Observations with the same covariate values share one tree, so one QRE, computed for all the
distinct profiles at once by :func:`gametheory.solvers.qre_tree_batch.agent_qre_batch`: the
first time by stepping ``lambda`` up from 0 along the principal branch, afterwards by Newton's
method from the QRE of the same covariate profile at the previous coefficient values (the branch
is followed from ``lambda = 0`` again where Newton's method fails).

References
----------
McKelvey, R. D. and Palfrey, T. R. (1998). Quantal response equilibria for extensive form games.
*Experimental Economics* 1(1), 9-41.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy as sp

from gametheory.model.tree import GameTree, History
from gametheory.solvers.qre_tree_batch import TreeLayout, agent_qre_batch
from gametheory.symbolic.compiled import compile_expression

__all__ = ["AgentTreeQRE"]

#: The most covariate profiles whose QRE is kept as a warm start.
MAX_STARTS = 10_000


class AgentTreeQRE:
    """The agent QRE choice probabilities of a tree whose payoffs depend on ``symbols``.

    Examples
    --------
    Matching pennies as a tree, the column player not seeing the row player's move; the row
    player wins ``a`` on a match. With ``a = 1`` the agent QRE is uniform; both decision nodes of
    the column player share its information set's probabilities.

    >>> from gametheory.model.tree import TreeNode
    >>> a = sp.Symbol("a")
    >>> nodes = [TreeNode((), "decision", player=0, actions=("H", "T"))]
    >>> for r in ("H", "T"):
    ...     nodes.append(TreeNode((r,), "decision", player=1, actions=("H", "T"), infoset="c"))
    ...     nodes += [TreeNode((r, c), "terminal", payoffs=(a if r == c else 0, int(r != c)))
    ...               for c in ("H", "T")]
    >>> m = AgentTreeQRE(GameTree.from_nodes(("A", "B"), nodes), (a,))
    >>> p = m.probabilities([np.array([1.0, 1.0])], 2.0, np.zeros((2, 1)))
    >>> sorted(p), np.round(p[("T",)], 12).tolist()
    ([(), ('H',), ('T',)], [[0.5, 0.5], [0.5, 0.5]])
    """

    def __init__(self, tree: GameTree, symbols: Sequence[sp.Symbol]) -> None:
        self.layout = TreeLayout(tree)
        self.payoffs = [
            [compile_expression(u, symbols) for u in tree.node(z).payoffs]
            for z in self.layout.terminals
        ]
        self._starts: dict[tuple[Any, ...], np.ndarray] = {}
        #: How many QREs were traced one by one (Newton's method failed), over all calls.
        self.traced = 0

    def _payoffs(self, point: Sequence[np.ndarray], size: int) -> np.ndarray:
        args = [np.asarray(a, dtype=float) for a in point]
        return np.stack(
            [
                np.stack([np.broadcast_to(f(*args), (size,)) for f in fs], axis=1)
                for fs in self.payoffs
            ],
            axis=1,
        )

    def probabilities(
        self, args: Sequence[np.ndarray], lam: float, x: np.ndarray
    ) -> dict[History, np.ndarray]:
        """Every decision node's action probabilities, shape ``(actions, n)``, for the ``n``
        observations whose free-parameter values are ``args`` (one array each, length ``n``) and
        covariate values the rows of ``x`` (observations with equal rows share one QRE)."""
        n = len(x)
        groups, first, inverse = np.unique(x, axis=0, return_index=True, return_inverse=True)
        inverse = np.asarray(inverse).ravel()
        size = len(groups)
        point = [np.broadcast_to(np.asarray(a, dtype=float), (n,))[first] for a in args]
        keys = list(map(tuple, groups.tolist()))
        if len(self._starts) > MAX_STARTS:
            self._starts.clear()
        start = np.full((size, self.layout.m), np.nan)
        for g, key in enumerate(keys):
            if key in self._starts:
                start[g] = self._starts[key]
        # The optimizer may try extreme values; an overflow, or a branch that cannot be followed
        # there, gives nan probabilities, so a zero likelihood.
        with np.errstate(all="ignore"):
            pay = self._payoffs(point, size)
            probs, traced = agent_qre_batch(self.layout, pay, lam, start, strict=False)
        self.traced += traced
        finite = np.isfinite(probs).all(axis=1)
        self._starts.update((key, probs[g]) for g, key in enumerate(keys) if finite[g])
        offsets = self.layout.offsets
        out = {}
        for h in self.layout.nodes:
            b = self.layout.block_of(h)
            out[h] = probs[:, offsets[b] : offsets[b + 1]].T[:, inverse]
        return out
