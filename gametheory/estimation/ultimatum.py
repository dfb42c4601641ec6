"""Maximum likelihood for the statistical ultimatum game (a ``[statistical_ultimatum]`` scenario).

The likelihood is that of Ramsay and Signorino (2009), as ``ultimatum()`` of the R package
``games`` computes it (Kenkel and Signorino 2014): for each observation the log of the atom at 0
or at ``Q``, or of the interior density, of the observed offer, plus the log of the probability
of the observed acceptance given the offer (:func:`gametheory.kinds.ultimatum_offers.loglik_terms`).
An empty acceptance cell, or a section with ``accept = false``, leaves only the offer's term (the
package's ``outcome = "offer"``).

Free parameters are linear in covariates with the coefficient machinery of
:mod:`gametheory.estimation.model` (``R2 = R2[const] + R2[z] * z``); the section's formulas
``Q, R1, R2, s1, s2`` are evaluated at each observation's parameter values. ``Q`` is known
(the package's ``maxOffer``): no free parameter may enter it. A free parameter
that *is* a scale (``scale_proposer = "s1"``) and has no covariates is optimised through its
logarithm, as in the package, and reported as the scale itself. The gradient is analytic
(:func:`gametheory.kinds.ultimatum_offers.loglik_gradient`, by the chain rule through the
formulas); the standard errors come from the observed information, the Hessian being central
finite differences of that gradient. The result is the :class:`~gametheory.estimation.FitResult`
of every fit, rendered by the same renderers.

Data layout: one row per observation, the offer (a number in ``[0, Q]``) in the section's
``offer`` column and the acceptance (``1``, ``0``, or empty when not observed) in its ``accept``
column; other columns may be covariates. Errors name the file, the column and the row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import sympy as sp
from scipy import optimize

from gametheory.estimation.data import _cells, _covariates, _where, read_data
from gametheory.estimation.fit import HESSIAN_STEP, FitResult, _profiles, covariance
from gametheory.estimation.model import check_free, coefficient_names
from gametheory.exceptions import ScenarioError
from gametheory.formula import as_expression
from gametheory.kinds.statistical_ultimatum import KIND, StatisticalUltimatum
from gametheory.kinds.ultimatum_offers import (
    UltimatumPoint,
    accept_probability,
    acceptance_rate,
    expected_offer,
    loglik_gradient,
    loglik_terms,
    offer_cdf,
    offer_rule,
    simulate,
)
from gametheory.model.scenario import Scenario
from gametheory.symbolic.compiled import compile_expression

__all__ = [
    "UltimatumData",
    "UltimatumModel",
    "fit_ultimatum",
    "prepare_ultimatum_data",
    "simulate_ultimatum",
    "ultimatum_section",
]

METHOD = "maximum likelihood, statistical ultimatum game (Ramsay and Signorino 2009)"


def ultimatum_section(scenario: Scenario) -> StatisticalUltimatum | None:
    """The ``[statistical_ultimatum]`` section of a scenario (``None`` for other scenarios)."""
    model = scenario.model
    if model is not None and model[0] == KIND and isinstance(model[1], StatisticalUltimatum):
        return model[1]
    return None


@dataclass(frozen=True)
class UltimatumData:
    """Observed offers, acceptances (``-1``: not observed) and covariates, as floats."""

    source: str
    frame: pd.DataFrame
    offers: np.ndarray
    accepts: np.ndarray
    covariates: dict[str, np.ndarray]

    @property
    def n(self) -> int:
        return len(self.frame)


class UltimatumModel:
    """The likelihood of a statistical-ultimatum scenario at coefficient values."""

    def __init__(
        self,
        scenario: Scenario,
        free: Sequence[str],
        covariates: Mapping[str, Sequence[str]] | None = None,
        *,
        values: Mapping[str, Any] | None = None,
    ) -> None:
        section = ultimatum_section(scenario)
        if section is None:
            raise ScenarioError(f"{scenario.name!r} has no [statistical_ultimatum] section")
        covariates = check_free(scenario, free, covariates)
        self.scenario = scenario
        self.section = section
        self.free = tuple(free)
        self.covariates = {k: tuple(v) for k, v in covariates.items()}
        self.coefficients = coefficient_names(self.free, self.covariates)
        self.used_covariates = tuple(sorted({c for v in self.covariates.values() for c in v}))
        fixed = {
            s: v
            for s, v in scenario.values(values or {}, label="--set").items()
            if s.name not in self.free
        }
        symbols = tuple(scenario.symbols[name] for name in self.free)
        exprs = [as_expression(e).xreplace(fixed) for e in section.formulas().values()]
        self.formulas = [compile_expression(e, symbols) for e in exprs]
        self.derivatives = [[compile_expression(sp.diff(e, s), symbols) for s in symbols]
                            for e in exprs]  # fmt: skip
        q = exprs[0]
        moving = sorted(s.name for s in q.free_symbols & set(symbols))
        if moving:
            raise ScenarioError(
                f"the surplus Q = {section.surplus} is known in the model (the package's "
                f"maxOffer), so it cannot depend on a free parameter: {', '.join(moving)}",
                key="--free",
            )
        self.surplus = float(q) if q.is_number else None
        scales = {str(e) for e in exprs[3:] if e.is_Symbol}
        self.log_scale = tuple(
            c.covariate is None and not c.const and c.parameter in scales for c in self.coefficients
        )
        self.columns = (section.offer, *((section.accept,) if section.accept else ()))

    @property
    def names(self) -> tuple[str, ...]:
        """The coefficient names."""
        return tuple(c.name for c in self.coefficients)

    def parameter_values(
        self, theta: np.ndarray, covs: Mapping[str, np.ndarray], n: int
    ) -> list[np.ndarray]:
        """Each free parameter's value per observation, in the order of ``free``."""
        out = {name: np.zeros(n) for name in self.free}
        for k, c in enumerate(self.coefficients):
            out[c.parameter] = out[c.parameter] + theta[k] * (
                covs[c.covariate] if c.covariate else 1.0
            )
        return [out[name] for name in self.free]

    def point(self, theta: np.ndarray, covs: Mapping[str, np.ndarray], n: int) -> UltimatumPoint:
        """``Q, R1, R2, s1, s2`` per observation."""
        args = self.parameter_values(theta, covs, n)
        return UltimatumPoint(*(np.broadcast_to(f(*args), (n,)) for f in self.formulas))

    def _valid(self, p: UltimatumPoint, offers: np.ndarray) -> bool:
        return bool(np.all(p.s1 > 0) and np.all(p.s2 > 0) and np.all(offers <= p.q * (1 + 1e-12)))

    def loglik(self, theta: np.ndarray, data: UltimatumData) -> float:
        """The log-likelihood (``-inf`` where a scale is not positive or an offer exceeds Q)."""
        p = self.point(theta, data.covariates, data.n)
        if not self._valid(p, data.offers):
            return -np.inf
        return float(loglik_terms(data.offers, self._accepts(data), p).sum())

    def _accepts(self, data: UltimatumData) -> np.ndarray | None:
        return data.accepts if self.section.accept else None

    def gradient(self, theta: np.ndarray, data: UltimatumData) -> np.ndarray:
        """The analytic gradient of :meth:`loglik` in the coefficients."""
        n = data.n
        args = self.parameter_values(theta, data.covariates, n)
        p = UltimatumPoint(*(np.broadcast_to(f(*args), (n,)) for f in self.formulas))
        by_formula = loglik_gradient(data.offers, self._accepts(data), p)  # (5, n)
        out = np.zeros(len(theta))
        for k, c in enumerate(self.coefficients):
            j = self.free.index(c.parameter)
            dparam = sum(
                by_formula[f] * np.broadcast_to(self.derivatives[f][j](*args), (n,))
                for f in range(5)
            )
            term = data.covariates[c.covariate] if c.covariate else 1.0
            out[k] = float(np.sum(dparam * term))
        return out

    def predict(
        self, theta: np.ndarray, covariates: Mapping[str, float] | None = None
    ) -> dict[str, dict[str, float]]:
        """Predictions at covariate values: the offer at ``e1 = 0`` and its acceptance, the
        atoms, the expected offer and the acceptance rate (floating point)."""
        given = dict(covariates or {})
        missing = [c for c in self.used_covariates if c not in given]
        if missing:
            raise ScenarioError(f"predict needs a value for the covariates {', '.join(missing)}")
        covs = {c: np.array([float(given[c])]) for c in self.used_covariates}
        p = self.point(theta, covs, 1)
        one = UltimatumPoint(*(float(np.asarray(v)[0]) for v in (p.q, p.r1, p.r2, p.s1, p.s2)))
        y0 = float(offer_rule(0.0, one))
        return {
            "offer": {
                "y(0)": y0,
                "P(offer=0)": float(offer_cdf(0.0, one)),
                "P(offer=Q)": 1.0 - float(offer_cdf(np.nextafter(one.q, 0.0), one)),
                "E(offer)": expected_offer(one),
            },
            "accept": {
                "P(accept|y(0))": float(accept_probability(y0, one)),
                "P(accept)": acceptance_rate(one),
            },
        }


def _number(cell: str) -> float | None:
    try:
        value = float(cell)
    except ValueError:
        return None
    return value if np.isfinite(value) else None


def prepare_ultimatum_data(model: UltimatumModel, data: pd.DataFrame | str | Path) -> UltimatumData:
    """Read (if a path) and check a data set of offers and acceptances (module docstring)."""
    if isinstance(data, str | Path):
        frame, source = read_data(data), str(data)
    elif isinstance(data, pd.DataFrame):
        frame = data.reset_index(drop=True)
        source = str(data.attrs.get("source", "data"))
    else:
        raise ScenarioError("data must be a pandas DataFrame or the path of a CSV file")
    if len(frame) == 0:
        raise ScenarioError(f"{source}: no observations")
    section = model.section
    for col, what in ((section.offer, "offer"), (section.accept, "acceptance")):
        if col and col not in frame.columns:
            raise ScenarioError(
                f"{source}: no column {col!r} (the {what}, named by "
                f"[statistical_ultimatum] {'offer' if what == 'offer' else 'accept'}); the "
                f"columns are {', '.join(map(str, frame.columns))}"
            )
    offers = np.empty(len(frame))
    q = model.surplus
    for r, cell in enumerate(_cells(frame, section.offer)):
        value = _number(cell)
        if value is None or value < 0 or (q is not None and value > q * (1 + 1e-12)):
            bound = f"[0, {q:g}]" if q is not None else "[0, Q]"
            raise ScenarioError(
                f"{_where(source, section.offer, r)}: the offer must be a number in {bound}, "
                f"got {cell!r}"
            )
        offers[r] = value
    accepts = np.full(len(frame), -1, dtype=int)
    if section.accept:
        for r, cell in enumerate(_cells(frame, section.accept)):
            if cell == "":
                continue
            value = _number(cell)
            if value not in (0.0, 1.0):
                raise ScenarioError(
                    f"{_where(source, section.accept, r)}: the acceptance must be 1, 0 or empty "
                    f"(not observed), got {cell!r}"
                )
            accepts[r] = int(value or 0)
    covs = _covariates(frame, model.used_covariates, source, model.columns)
    return UltimatumData(source, frame, offers, accepts, covs)


def _to_internal(theta: np.ndarray, log_scale: Sequence[bool]) -> np.ndarray:
    return np.array([np.log(t) if lg else t for t, lg in zip(theta, log_scale, strict=True)])


def _to_reported(x: np.ndarray, log_scale: Sequence[bool]) -> np.ndarray:
    return np.array([np.exp(v) if lg else v for v, lg in zip(x, log_scale, strict=True)])


def _hessian(model: UltimatumModel, data: UltimatumData, theta: np.ndarray) -> np.ndarray:
    """Central finite differences of the analytic gradient, symmetrised."""
    k = len(theta)
    h = HESSIAN_STEP * np.maximum(1.0, np.abs(theta))
    out = np.empty((k, k))
    for i in range(k):
        step = np.zeros(k)
        step[i] = h[i]
        out[i] = (model.gradient(theta + step, data) - model.gradient(theta - step, data)) / (
            2 * h[i]
        )
    return (out + out.T) / 2


def _start(
    model: UltimatumModel, sc: Scenario, values: Mapping[str, Any] | None, start: Any
) -> np.ndarray:
    defaults = {p.name: float(p.default) for p in sc.parameters}
    defaults.update({k: float(v) for k, v in (values or {}).items() if isinstance(v, int | float)})
    x0 = [
        defaults.get(c.parameter, 0.0) if c.covariate is None else 0.0 for c in model.coefficients
    ]
    for name, v in dict(start or {}).items():
        if name not in model.names:
            raise ScenarioError(
                f"no coefficient {name!r}; expected one of {', '.join(model.names)}"
            )
        x0[model.names.index(name)] = float(v)
    for name, lg, v in zip(model.names, model.log_scale, x0, strict=True):
        if lg and v <= 0:
            raise ScenarioError(f"the starting value of the scale {name!r} must be positive")
    return np.array(x0, dtype=float)


def fit_ultimatum(
    scenario: Scenario,
    data: pd.DataFrame | str | Path,
    free: Sequence[str] = (),
    covariates: Mapping[str, Sequence[str] | str] | None = None,
    *,
    values: Mapping[str, Any] | None = None,
    start: Mapping[str, float] | None = None,
) -> FitResult:
    """Estimate ``free`` parameters of a statistical-ultimatum scenario by maximum likelihood
    (BFGS with the analytic gradient; see the module docstring).

    Examples
    --------
    >>> from gametheory.scenario import load_scenario
    >>> sc = load_scenario("igsa_per_diem")
    >>> d = simulate_ultimatum(sc, 500, seed=4)
    >>> r = fit_ultimatum(sc, d, free=["c_alt", "c_bed"])
    >>> r.names, abs(r.estimate("c_bed") - 6) < 3 * r.se("c_bed"), r.exact
    (('c_alt', 'c_bed'), True, False)
    """
    covs = {k: [v] if isinstance(v, str) else list(v) for k, v in (covariates or {}).items()}
    model = UltimatumModel(scenario, list(free), covs, values=values)
    if not model.names:
        raise ScenarioError("nothing to estimate: name parameters with --free")
    obs = prepare_ultimatum_data(model, data)
    lg = model.log_scale
    x0 = _to_internal(_start(model, scenario, values, start), lg)
    chain = np.array([1.0 if not g else 0.0 for g in lg])

    def negll(x: np.ndarray) -> float:
        value = -model.loglik(_to_reported(x, lg), obs)
        return value if np.isfinite(value) else 1e300

    def grad(x: np.ndarray) -> np.ndarray:
        theta = _to_reported(x, lg)
        if not np.isfinite(model.loglik(theta, obs)):
            return np.zeros_like(x)
        return np.asarray(-model.gradient(theta, obs) * (chain + (1 - chain) * theta))

    best = optimize.minimize(negll, x0, jac=grad, method="BFGS", options={"gtol": 1e-8})
    if not best.success:
        polish = optimize.minimize(negll, best.x, method="Nelder-Mead",
                                   options={"xatol": 1e-9, "fatol": 1e-11, "maxiter": 20000})  # fmt: skip
        if polish.fun <= best.fun:
            best = polish
    return _result(scenario, model, obs, _to_reported(best.x, lg), best)


def _result(
    sc: Scenario, model: UltimatumModel, obs: UltimatumData, theta: np.ndarray, best: Any
) -> FitResult:
    cov, se, diagnostics = covariance(_hessian(model, obs, theta))
    if not best.success:
        diagnostics.append(f"the optimizer reports: {best.message}")
    if not model.section.accept:
        diagnostics.append("acceptance not observed: the offer-only likelihood")
    p = model.point(theta, obs.covariates, obs.n)
    accepts = model._accepts(obs)
    predictions = pd.DataFrame(
        {
            "P(accept|offer)": accept_probability(obs.offers, p),
            "loglik": loglik_terms(obs.offers, accepts, p),
        }
    )
    rows = []
    for profile in _profiles(model, obs):  # type: ignore[arg-type]
        at = model.predict(theta, profile)
        rows.append({**profile, **at["offer"], **at["accept"]})
    return FitResult(
        scenario=sc.name,
        source=obs.source,
        n=obs.n,
        names=model.names,
        estimates=tuple(float(v) for v in theta),
        standard_errors=tuple(float(v) for v in se),
        covariance=tuple(tuple(float(v) for v in r) for r in cov),
        loglik=float(model.loglik(theta, obs)),
        lam=float("nan"),
        lam_free=False,
        converged=bool(best.success),
        message=str(best.message),
        game="statistical ultimatum",
        free=model.free,
        covariates=model.covariates,
        predictions=predictions,
        profiles=pd.DataFrame(rows),
        diagnostics=tuple(diagnostics),
        method=METHOD + ("" if model.section.accept else ", offers only"),
        model=model,
    )


def simulate_ultimatum(
    scenario: Scenario,
    n: int,
    seed: int | np.random.Generator | None = None,
    *,
    values: Mapping[str, Any] | None = None,
    coefficients: Mapping[str, float] | None = None,
    covariates: Mapping[str, Sequence[float] | np.ndarray] | pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Draw ``n`` plays of a statistical-ultimatum scenario: the proposer's shock, its optimal
    offer, the responder's shock and its decision (:func:`~gametheory.kinds.ultimatum_offers.simulate`).

    ``coefficients`` gives parameters linear in covariates by coefficient name
    (``{"c_bed[const]": 6, "c_bed[z]": 1}``) and ``covariates`` their columns (copied into the
    data); other parameters take ``values`` or their defaults.

    Examples
    --------
    >>> from gametheory.scenario import load_scenario
    >>> d = simulate_ultimatum(load_scenario("igsa_per_diem"), 4, seed=1)
    >>> list(d.columns), len(d), bool(d["offer"].between(0, 15).all())
    (['offer', 'accept'], 4, True)
    """
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
    model = UltimatumModel(scenario, free, with_covs, values=values)
    for c in model.coefficients:
        if c.covariate is None and not c.const and f"{c.name}[const]" in coefs:
            coefs[c.name] = coefs.pop(f"{c.name}[const]")
    missing = [c.name for c in model.coefficients if c.name not in coefs]
    if missing:
        raise ScenarioError(f"simulate_data needs the coefficients {', '.join(missing)}")
    theta = np.array([float(coefs[c.name]) for c in model.coefficients])
    p = model.point(theta, covs, n)
    if not (np.all(p.s1 > 0) and np.all(p.s2 > 0) and np.all(p.q > 0)):
        raise ScenarioError("simulate_data: Q and the scales must be positive at every observation")
    offers, accepts = simulate(n, p, np.random.default_rng(seed))
    frame = pd.DataFrame({model.section.offer: offers})
    if model.section.accept:
        frame[model.section.accept] = accepts
    for k, v in covs.items():
        frame[k] = v
    return frame
