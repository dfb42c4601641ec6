"""Maximum-likelihood estimation of a scenario's parameters from observed choices.

:func:`fit` maximises the log-likelihood of the logit QRE (the agent QRE for trees, by
statistical backward induction with perfect information; :mod:`gametheory.estimation.model`)
with ``scipy.optimize`` (BFGS on the coefficients, ``lambda`` through its logarithm, then
Nelder-Mead from the BFGS point if BFGS reports a failure). :func:`simulate_data` draws data
from the same model.

Standard errors
---------------
From the observed information: the inverse of minus the Hessian of the log-likelihood at the
optimum, in the reported parametrisation (``lambda`` itself, not its logarithm). The Hessian is
computed by central finite differences with steps ``1e-4 * max(1, |theta_i|)``
(:data:`HESSIAN_STEP`). When it is not negative definite (a parameter is not identified, e.g.
``lambda`` together with every payoff's scale), the standard errors are ``nan`` and the
diagnostics say so. Confidence intervals are Wald intervals, estimate +/- z * SE.

Everything is floating point: estimates are not exact numbers.

References
----------
McKelvey, R. D. and Palfrey, T. R. (1995). Quantal response equilibria for normal form games.
*Games and Economic Behavior* 10(1), 6-38 (maximum-likelihood estimation of lambda).

Signorino, C. S. (2003). Structure and uncertainty in discrete choice models. *Political
Analysis* 11(4), 316-344.

Kenkel, B. and Signorino, C. S. (2014). Estimating extensive form games in R. *Journal of
Statistical Software* 56(8).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize

from gametheory.estimation.data import ChoiceData, prepare_data, tree_column
from gametheory.estimation.model import QREModel
from gametheory.exceptions import ScenarioError
from gametheory.model.scenario import Scenario
from gametheory.scenario import load_scenario

__all__ = ["HESSIAN_STEP", "FitResult", "fit", "simulate_data"]

#: Relative step of the finite-difference Hessian (see the module docstring).
HESSIAN_STEP = 1e-4


@dataclass(frozen=True)
class FitResult:
    """Estimates with their standard errors, the log-likelihood and predicted probabilities.

    ``predictions`` has one row per observation and one column ``P(column=action)`` per
    choice; ``profiles`` the same at covariate profiles (each covariate at its values 0 and 1
    when it is binary, else at its minimum, mean and maximum, the others at their means).
    """

    scenario: str
    source: str
    n: int
    names: tuple[str, ...]
    estimates: tuple[float, ...]
    standard_errors: tuple[float, ...]
    covariance: tuple[tuple[float, ...], ...]
    loglik: float
    lam: float
    lam_free: bool
    converged: bool
    message: str
    game: str
    free: tuple[str, ...]
    covariates: dict[str, tuple[str, ...]]
    predictions: pd.DataFrame = field(compare=False, repr=False)
    profiles: pd.DataFrame = field(compare=False, repr=False)
    diagnostics: tuple[str, ...] = ()
    method: str = "maximum likelihood, logit QRE"
    exact: bool = False
    model: Any = field(default=None, compare=False, repr=False)

    def estimate(self, name: str) -> float:
        """The estimate of one coefficient."""
        return self.estimates[self._index(name)]

    def se(self, name: str) -> float:
        """The standard error of one coefficient."""
        return self.standard_errors[self._index(name)]

    def confint(self, name: str, level: float = 0.95) -> tuple[float, float]:
        """The Wald confidence interval of one coefficient."""
        z = NormalDist().inv_cdf(0.5 + level / 2)
        k = self._index(name)
        return (self.estimates[k] - z * self.standard_errors[k],
                self.estimates[k] + z * self.standard_errors[k])  # fmt: skip

    def _index(self, name: str) -> int:
        if name not in self.names:
            raise ScenarioError(f"no coefficient {name!r}; expected one of {', '.join(self.names)}")
        return self.names.index(name)

    def predict(self, covariates: Mapping[str, float] | None = None) -> dict[str, dict[str, float]]:
        """The predicted choice probabilities at covariate values (column → action → prob);
        for the statistical ultimatum game, the predictions of its model."""
        if not isinstance(self.model, QREModel):
            return dict(self.model.predict(np.array(self.estimates), covariates))
        model: QREModel = self.model
        covs = {c: np.array([float((covariates or {})[c])]) for c in model.used_covariates
                if c in (covariates or {})}  # fmt: skip
        missing = [c for c in model.used_covariates if c not in covs]
        if missing:
            raise ScenarioError(f"predict needs a value for the covariates {', '.join(missing)}")
        probs = model.probabilities(np.array(self.estimates), covs, 1)
        return {
            col: {a: float(p) for a, p in zip(model.actions[col], probs[col][:, 0], strict=True)}
            for col in model.columns
        }


def _theta(x: np.ndarray, lam_free: bool) -> np.ndarray:
    return np.append(x[:-1], np.exp(x[-1])) if lam_free else x


def _hessian(f: Any, theta: np.ndarray) -> np.ndarray:
    k = len(theta)
    h = HESSIAN_STEP * np.maximum(1.0, np.abs(theta))
    out = np.empty((k, k))
    f0 = f(theta)
    for i in range(k):
        ei = np.zeros(k)
        ei[i] = h[i]
        out[i, i] = (f(theta + ei) - 2 * f0 + f(theta - ei)) / h[i] ** 2
        for j in range(i):
            ej = np.zeros(k)
            ej[j] = h[j]
            out[i, j] = out[j, i] = (
                f(theta + ei + ej) - f(theta + ei - ej) - f(theta - ei + ej) + f(theta - ei - ej)
            ) / (4 * h[i] * h[j])
    return out


def covariance(hess: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The covariance of the estimates (the inverse of the observed information ``-hess``),
    their standard errors and diagnostics; NaN with a diagnostic when ``-hess`` is not
    positive definite (a coefficient is not identified)."""
    diagnostics = []
    try:
        eig = np.linalg.eigvalsh(-hess)
        if not np.all(np.isfinite(hess)) or np.any(eig <= 0):
            raise np.linalg.LinAlgError
        cov = np.linalg.inv(-hess)
        se = np.sqrt(np.diag(cov))
        if eig.min() < 1e-7 * eig.max():
            diagnostics.append(
                "the information matrix is nearly singular (condition number "
                f"{eig.max() / eig.min():.1e}): some coefficients are barely identified"
            )
    except np.linalg.LinAlgError:
        cov = np.full_like(hess, np.nan)
        se = np.full(len(hess), np.nan)
        diagnostics.append(
            "the Hessian of the log-likelihood is not negative definite at the optimum: some "
            "coefficients are not identified; no standard errors"
        )
    return cov, se, diagnostics


def _profiles(model: QREModel, data: ChoiceData) -> list[dict[str, float]]:
    if not model.used_covariates:
        return [{}]
    means = {c: float(data.covariates[c].mean()) for c in model.used_covariates}
    out = []
    for c in model.used_covariates:
        values = data.covariates[c]
        levels = [0.0, 1.0] if set(np.unique(values)) <= {0.0, 1.0} else [
            float(values.min()), means[c], float(values.max())]  # fmt: skip
        for v in levels:
            out.append({**means, c: v})
    return out


def _frame(model: QREModel, probs: Mapping[str, np.ndarray]) -> pd.DataFrame:
    cols = {}
    for col in model.columns:
        for a, action in enumerate(model.actions[col]):
            cols[f"P({col}={action})"] = probs[col][a]
    return pd.DataFrame(cols)


def fit(
    scenario: Scenario | str | Path,
    data: pd.DataFrame | str | Path,
    free: Sequence[str] = (),
    covariates: Mapping[str, Sequence[str] | str] | None = None,
    *,
    lam: float | str | None = None,
    values: Mapping[str, Any] | None = None,
    start: Mapping[str, float] | None = None,
) -> FitResult:
    """Estimate ``free`` parameters (and ``lambda``) of a scenario by maximum likelihood.

    Parameters
    ----------
    scenario
        A scenario, a bundled name or a path: a strategic-form game or a tree (imperfect
        information and chance moves included).
    data
        A data frame or a CSV path, laid out as :mod:`gametheory.estimation.data` describes.
    free
        The parameters to estimate; the others keep their defaults (or ``values``).
    covariates
        ``{parameter: [covariate column, ...]}``: the parameter is linear in these columns,
        ``a = a[const] + a[urban] * urban``.
    lam
        The QRE precision: a number to fix it, ``"free"`` to estimate it. By default it is
        estimated when no parameter is free and fixed at 1 otherwise (the payoffs' scale then
        identifies the model, as in Signorino 1999).
    values
        Values of the parameters that are not free (``{name: number or text}``).
    start
        Starting values by coefficient name (default: the parameters' defaults, slopes 0,
        ``lambda`` 1).

    Returns
    -------
    FitResult

    Examples
    --------
    >>> d = simulate_data("trust_game", 400, seed=1, lam=0.5)
    >>> r = fit("trust_game", d)
    >>> r.names, abs(r.estimate("lambda") - 0.5) < 2.5 * r.se("lambda"), r.exact
    (('lambda',), True, False)
    """
    sc = _load(scenario)
    covs = {k: [v] if isinstance(v, str) else list(v) for k, v in (covariates or {}).items()}
    lam_value = _lam_option(lam, bool(free))
    model = QREModel(sc, list(free), covs, lam=lam_value, values=values)
    if not model.names:
        raise ScenarioError("nothing to estimate: name parameters with --free or use --lambda free")
    choices = prepare_data(sc, data, model.used_covariates)
    defaults = {p.name: float(p.default) for p in sc.parameters}
    defaults.update({k: float(v) for k, v in (values or {}).items() if isinstance(v, int | float)})
    x0 = []
    for c in model.coefficients:
        x0.append(defaults.get(c.parameter, 0.0) if c.covariate is None else 0.0)
    if model.lam_free:
        x0.append(1.0)
    for name, v in (start or {}).items():
        if name not in model.names:
            raise ScenarioError(
                f"no coefficient {name!r}; expected one of {', '.join(model.names)}"
            )
        x0[model.names.index(name)] = float(v)
    x = np.array(x0, dtype=float)
    if model.lam_free:
        if x[-1] <= 0:
            raise ScenarioError("the starting value of lambda must be positive")
        x[-1] = np.log(x[-1])

    def negll(z: np.ndarray) -> float:
        value = -model.loglik(_theta(z, model.lam_free), choices)
        return value if np.isfinite(value) else 1e300

    best = optimize.minimize(negll, x, method="BFGS", options={"gtol": 1e-7})
    if not best.success:
        polish = optimize.minimize(negll, best.x, method="Nelder-Mead",
                                   options={"xatol": 1e-9, "fatol": 1e-11, "maxiter": 20000})  # fmt: skip
        if polish.fun <= best.fun:
            best = polish
    theta = _theta(best.x, model.lam_free)
    return _result(sc, model, choices, theta, best)


def _result(
    sc: Scenario, model: QREModel, choices: ChoiceData, theta: np.ndarray, best: Any
) -> FitResult:
    cov, se, diagnostics = covariance(_hessian(lambda t: model.loglik(t, choices), theta))
    if not best.success:
        diagnostics.append(f"the optimizer reports: {best.message}")
    probs = model.probabilities(theta, choices.covariates, choices.n)
    profiles = _profiles(model, choices)
    rows = []
    for profile in profiles:
        pc = {c: np.array([v]) for c, v in profile.items()}
        p = model.probabilities(theta, pc, 1)
        rows.append({**profile, **_frame(model, p).iloc[0].to_dict()})
    return FitResult(
        scenario=sc.name,
        source=choices.source,
        n=choices.n,
        names=model.names,
        estimates=tuple(float(v) for v in theta),
        standard_errors=tuple(float(v) for v in se),
        covariance=tuple(tuple(float(v) for v in r) for r in cov),
        loglik=float(model.loglik(theta, choices)),
        lam=model.precision(theta),
        lam_free=model.lam_free,
        converged=bool(best.success),
        message=str(best.message),
        game="tree" if model.tree is not None else "strategic form",
        free=model.free,
        covariates=model.covariates,
        predictions=_frame(model, probs),
        profiles=pd.DataFrame(rows),
        diagnostics=tuple(diagnostics),
        method=_method(model),
        model=model,
    )


def _method(model: QREModel) -> str:
    if model.agent is not None:
        return "maximum likelihood, agent logit QRE (principal branch; imperfect information)"
    if model.tree is not None:
        return "maximum likelihood, agent logit QRE (statistical backward induction)"
    return "maximum likelihood, logit QRE (principal branch)"


def _load(scenario: Scenario | str | Path) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    return load_scenario(scenario)


def _lam_option(lam: float | str | None, any_free: bool) -> float | None:
    if lam is None:
        return 1.0 if any_free else None
    if isinstance(lam, str):
        if lam.strip().lower() == "free":
            return None
        try:
            return float(lam)
        except ValueError:
            raise ScenarioError(f"--lambda takes 'free' or a number, got {lam!r}") from None
    return float(lam)


def simulate_data(
    scenario: Scenario | str | Path,
    n: int,
    seed: int | np.random.Generator | None = None,
    *,
    lam: float = 1.0,
    values: Mapping[str, Any] | None = None,
    coefficients: Mapping[str, float] | None = None,
    covariates: Mapping[str, Sequence[float] | np.ndarray] | pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Draw ``n`` observations from the logit QRE (agent QRE for trees) of a scenario.

    ``coefficients`` gives the true values of parameters linear in covariates, by coefficient
    name (``{"a[const]": 1, "a[urban]": -2}``); ``covariates`` the covariate columns (length
    ``n``), copied into the data. Other parameters take ``values`` or their defaults. The same
    ``seed`` gives the same data.

    Examples
    --------
    >>> d = simulate_data("trust_game", 5, seed=3, lam=0.2)
    >>> list(d.columns), len(d)
    (['root', 'Trust'], 5)
    >>> d.equals(simulate_data("trust_game", 5, seed=3, lam=0.2))
    True
    """
    sc = _load(scenario)
    if n < 1:
        raise ScenarioError(f"n must be a positive number of observations, got {n}")
    coefs = dict(coefficients or {})
    covs = {k: np.asarray(v, dtype=float) for k, v in dict(covariates or {}).items()}
    for k, v in covs.items():
        if v.shape != (n,):
            raise ScenarioError(f"covariate {k!r} needs {n} values, got shape {v.shape}")
    with_covs: dict[str, list[str]] = {}
    for name in coefs:
        param, _, cov = name.partition("[")
        if cov and cov.rstrip("]") != "const":
            with_covs.setdefault(param, []).append(cov.rstrip("]"))
    free = list(dict.fromkeys(name.partition("[")[0] for name in coefs))
    model = QREModel(sc, free, with_covs, lam=lam, values=values)
    for c in model.coefficients:  # "a[const]" also names a parameter without covariates
        if c.covariate is None and not c.const and f"{c.name}[const]" in coefs:
            coefs[c.name] = coefs.pop(f"{c.name}[const]")
    missing = [c.name for c in model.coefficients if c.name not in coefs]
    if missing:
        raise ScenarioError(f"simulate_data needs the coefficients {', '.join(missing)}")
    theta = np.array([float(coefs[c.name]) for c in model.coefficients])
    probs = model.probabilities(theta, covs, n)
    rng = np.random.default_rng(seed)
    out: dict[str, Any] = {}
    if model.tree is None:
        for col in model.columns:
            cum = np.cumsum(probs[col], axis=0)
            idx = (rng.random(n)[None, :] > cum).sum(axis=0)
            out[col] = [model.actions[col][min(i, len(model.actions[col]) - 1)] for i in idx]
    else:
        out = _simulate_tree(model, probs, rng, n)
    frame = pd.DataFrame(out)
    for k, v in covs.items():
        frame[k] = v
    return frame


def _simulate_tree(
    model: QREModel, probs: Mapping[str, np.ndarray], rng: np.random.Generator, n: int
) -> dict[str, list[str]]:
    tree = model.tree
    assert tree is not None
    out = {col: [""] * n for col in model.columns}
    for k in range(n):
        node = tree.root
        while node.kind != "terminal":
            if node.kind == "chance":
                w = np.array([float(q) for q in node.probabilities])
            else:
                w = probs[tree_column(node.history)][:, k]
            drawn = int(np.searchsorted(np.cumsum(w), rng.random(), side="right"))
            a = min(drawn, len(w) - 1)
            if node.kind == "decision":
                out[tree_column(node.history)][k] = node.actions[a]
            node = tree.node((*node.history, node.actions[a]))
    return out
