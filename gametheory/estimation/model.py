"""The statistical model: free parameters linear in covariates, and the QRE choice probabilities.

Parametrisation
---------------
A free scenario parameter ``a`` without covariates is one coefficient, named ``a``. With
covariates ``x_1, ..., x_k`` it is ``a = a[const] + a[x_1] * x_1 + ... + a[x_k] * x_k`` for
each observation, with one coefficient per term. The precision ``lambda`` of the logit QRE is
either fixed or one more coefficient, ``lambda`` (kept positive). Parameters that are not free
take their scenario defaults (or the values given).

Choice probabilities
--------------------
* Strategic form: the logit QRE of the game at each observation's parameter values, on the
  principal branch (:func:`gametheory.solvers.qre.logit_qre`); the players' choices are
  independent given the QRE. Observations with the same covariate values share one QRE; after
  the first evaluation each QRE is found by Newton's method from the one at the previous
  parameter values (the branch is traced again from ``lambda = 0`` whenever that fails).
* Strategic form with three or more players (an ``nplayer`` scenario): the same, one QRE per
  distinct covariate profile (:class:`gametheory.estimation.nplayer.NPlayerQRE`).
* Tree of perfect information: the agent QRE by statistical backward induction (Signorino
  1999), vectorised over observations
  (:func:`gametheory.solvers.qre_tree.backward_induction_probabilities`).
* Tree with imperfect information (information sets of several nodes): the agent QRE, one per
  distinct covariate profile, warm-started like the strategic form
  (:class:`gametheory.estimation.tree_agent.AgentTreeQRE`); a decision node's probabilities are
  those of its information set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from gametheory.estimation.data import ChoiceData, nplayer_game, tree_column
from gametheory.estimation.nplayer import NPlayerQRE
from gametheory.estimation.tree_agent import AgentTreeQRE
from gametheory.exceptions import ScenarioError
from gametheory.model.scenario import Scenario
from gametheory.model.tree import GameTree
from gametheory.solvers.qre import logit_qre, logit_qre_newton_batch
from gametheory.solvers.qre_tree import backward_induction_probabilities
from gametheory.symbolic.compiled import compile_expression

__all__ = ["LAMBDA", "Coefficient", "QREModel", "check_free", "coefficient_names"]

#: The name of the QRE precision among the coefficients.
LAMBDA = "lambda"


@dataclass(frozen=True)
class Coefficient:
    """One estimated number: ``parameter``'s intercept (``covariate`` None) or slope."""

    name: str
    parameter: str
    covariate: str | None = None
    const: bool = False


def check_free(
    scenario: Scenario,
    free: Sequence[str],
    covariates: Mapping[str, Sequence[str]] | None,
    reserved: Mapping[str, str] | None = None,
) -> dict[str, Sequence[str]]:
    """Check ``--free`` (distinct parameters of the scenario; a ``reserved`` name raises its
    message) and ``--covariate`` (only for free parameters); the covariates as a dict."""
    covariates = dict(covariates or {})
    names = [p.name for p in scenario.parameters]
    if len(set(free)) != len(free):
        raise ScenarioError(f"--free names a parameter twice: {', '.join(free)}")
    for name in free:
        if reserved and name in reserved:
            raise ScenarioError(reserved[name], key="--free")
        if name not in names:
            raise ScenarioError(
                f"{name!r} is not a parameter of {scenario.name!r}; expected one of "
                f"{', '.join(names) or '(none)'}",
                key="--free",
            )
    for name in covariates:
        if name not in free:
            raise ScenarioError(
                f"covariates are given for {name!r}, which is not free (--free {name})",
                key="--covariate",
            )
    return covariates


def coefficient_names(
    free: Sequence[str], covariates: Mapping[str, Sequence[str]]
) -> tuple[Coefficient, ...]:
    """The coefficients of the free parameters (without ``lambda``).

    Examples
    --------
    >>> [c.name for c in coefficient_names(["a", "b"], {"a": ["urban"]})]
    ['a[const]', 'a[urban]', 'b']
    """
    out = []
    for name in free:
        covs = list(covariates.get(name, ()))
        if not covs:
            out.append(Coefficient(name, name))
            continue
        out.append(Coefficient(f"{name}[const]", name, None, const=True))
        out += [Coefficient(f"{name}[{c}]", name, c) for c in covs]
    return tuple(out)


class QREModel:
    """The likelihood of a scenario's logit QRE (agent QRE for trees) at coefficient values."""

    def __init__(
        self,
        scenario: Scenario,
        free: Sequence[str],
        covariates: Mapping[str, Sequence[str]] | None = None,
        *,
        lam: float | None = None,
        values: Mapping[str, Any] | None = None,
    ) -> None:
        covariates = check_free(
            scenario, free, covariates, {LAMBDA: "lambda is set with --lambda free, not --free"}
        )
        if LAMBDA in (p.name for p in scenario.parameters):
            raise ScenarioError(
                f"scenario {scenario.name!r} has a parameter named 'lambda', the name of the QRE "
                "precision in estimation; rename it"
            )
        self.scenario = scenario
        self.free = tuple(free)
        self.covariates = {k: tuple(v) for k, v in covariates.items()}
        self.coefficients = coefficient_names(self.free, self.covariates)
        self.lam_free = lam is None
        self.lam_fixed = None if lam is None else float(lam)
        if self.lam_fixed is not None and not (np.isfinite(self.lam_fixed) and self.lam_fixed >= 0):
            raise ScenarioError(f"lambda must be a number >= 0, got {lam}", key="--lambda")
        fixed = {
            s: v
            for s, v in scenario.values(values or {}, label="--set").items()
            if s.name not in self.free
        }
        self.symbols = tuple(scenario.symbols[name] for name in self.free)
        self.used_covariates = tuple(sorted({c for v in self.covariates.values() for c in v}))
        self._starts: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.tree: GameTree | None = None
        self.nplayer: NPlayerQRE | None = None
        self.agent: AgentTreeQRE | None = None
        many = nplayer_game(scenario)
        if many is not None:
            self.nplayer = NPlayerQRE(many.subs(fixed), self.symbols)
            self.columns = tuple(many.players)
            self.actions = dict(zip(many.players, many.actions, strict=True))
        elif scenario.tree is not None:
            tree = scenario.tree.subs(fixed)
            self.tree = tree
            if tree.perfect_information:
                self.terminals = {
                    n.history: [compile_expression(u, self.symbols) for u in n.payoffs]
                    for n in tree.nodes
                    if n.kind == "terminal"
                }
            else:
                self.agent = AgentTreeQRE(tree, self.symbols)
            self.columns = tuple(
                tree_column(n.history) for n in tree.preorder() if n.kind == "decision"
            )
            self.actions = {
                tree_column(n.history): n.actions for n in tree.nodes if n.kind == "decision"
            }
        else:
            game = scenario.normal_form.subs(fixed)
            self.game = game
            self.payoffs = [[compile_expression(e, self.symbols) for e in m] for m in game.payoffs]
            self.shape = game.shape
            self.columns = tuple(game.players)
            self.actions = dict(zip(game.players, game.actions, strict=True))

    # -- coefficients ----------------------------------------------------------------------
    @property
    def names(self) -> tuple[str, ...]:
        """The coefficient names, ``lambda`` last when it is estimated."""
        return tuple(c.name for c in self.coefficients) + ((LAMBDA,) if self.lam_free else ())

    def parameter_values(
        self, theta: np.ndarray, covs: Mapping[str, np.ndarray], n: int
    ) -> dict[str, np.ndarray]:
        """Each free parameter's value per observation."""
        out: dict[str, np.ndarray] = {name: np.zeros(n) for name in self.free}
        for k, c in enumerate(self.coefficients):
            term = theta[k] * (covs[c.covariate] if c.covariate else np.ones(n))
            out[c.parameter] = out[c.parameter] + term
        return out

    def precision(self, theta: np.ndarray) -> float:
        return float(theta[-1]) if self.lam_free else float(self.lam_fixed or 0.0)

    # -- probabilities ---------------------------------------------------------------------
    def probabilities(
        self, theta: np.ndarray, covs: Mapping[str, np.ndarray], n: int
    ) -> dict[str, np.ndarray]:
        """Choice column → probabilities of its actions, shape ``(actions, n)``."""
        params = self.parameter_values(theta, covs, n)
        args = [params[name] for name in self.free]
        lam = self.precision(theta)
        if self.agent is not None:
            by_node = self.agent.probabilities(args, lam, self._profiles(covs, n))
            return {tree_column(h): p for h, p in by_node.items()}
        if self.tree is not None:
            pay = {
                h: np.stack([np.broadcast_to(f(*args), (n,)) for f in fs])
                for h, fs in self.terminals.items()
            }
            probs = backward_induction_probabilities(self.tree, lam, pay)
            return {tree_column(h): p for h, p in probs.items()}
        if self.nplayer is not None:
            probs_n = self.nplayer.probabilities(args, lam, self._profiles(covs, n))
            return dict(zip(self.columns, probs_n, strict=True))
        return self._strategic(args, lam, covs, n)

    def _profiles(self, covs: Mapping[str, np.ndarray], n: int) -> np.ndarray:
        """The covariate values of each observation, one row each."""
        if not self.used_covariates:
            return np.zeros((n, 1))
        return np.column_stack([covs[c] for c in self.used_covariates])

    def _strategic(
        self, args: list[np.ndarray], lam: float, covs: Mapping[str, np.ndarray], n: int
    ) -> dict[str, np.ndarray]:
        x = self._profiles(covs, n)
        groups, first, inverse = np.unique(x, axis=0, return_index=True, return_inverse=True)
        inverse = np.asarray(inverse).ravel()
        rows, cols = self.shape
        point = [np.asarray(a, dtype=float)[first] for a in args]
        size = len(groups)
        a, b = (
            np.stack([np.broadcast_to(f(*point), (size,)) for f in m], axis=1).reshape(
                size, rows, cols
            )
            for m in self.payoffs
        )
        key = size
        if key in self._starts:
            p, q, ok = logit_qre_newton_batch(a, b, lam, *self._starts[key])
        else:
            p, q, ok = _continuation(a, b, lam)
        for g in np.nonzero(~ok)[0]:
            result = logit_qre([a[g], b[g]], lam)
            p[g], q[g] = result.profile
        self._starts[key] = (p, q)
        return {self.columns[0]: p.T[:, inverse], self.columns[1]: q.T[:, inverse]}

    def loglik(self, theta: np.ndarray, data: ChoiceData) -> float:
        """The log-likelihood of the observed choices."""
        probs = self.probabilities(theta, data.covariates, data.n)
        total = 0.0
        for col, chosen in data.choices.items():
            seen = chosen >= 0
            p = probs[col][chosen[seen], np.nonzero(seen)[0]]
            total += float(np.log(np.clip(p, 1e-300, None)).sum())
        return total


def _continuation(
    a: np.ndarray, b: np.ndarray, lam: float, steps: int = 24
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The QRE of many games at ``lam`` by stepping ``lambda`` up from 0 (Newton at each step);
    games where a step fails are marked, and traced one by one by the caller."""
    g, m, n = a.shape
    p, q = np.full((g, m), 1 / m), np.full((g, n), 1 / n)
    ok = np.ones(g, dtype=bool)
    for k in range(1, steps + 1):
        level = lam * (k / steps) ** 2
        p, q, converged = logit_qre_newton_batch(a, b, level, p, q)
        ok &= converged
    return p, q, ok
