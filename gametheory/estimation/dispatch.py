"""The entry points :func:`fit` and :func:`simulate_data`: one place that sends a scenario to its
likelihood.

A ``[statistical_ultimatum]`` scenario goes to :mod:`gametheory.estimation.ultimatum` (the
likelihood of Ramsay and Signorino 2009); every other scenario to the logit QRE of
:mod:`gametheory.estimation.fit`. Both return the same :class:`~gametheory.estimation.FitResult`,
rendered by :mod:`gametheory.estimation.report`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gametheory.estimation.fit import FitResult
from gametheory.estimation.fit import fit as fit_qre
from gametheory.estimation.fit import simulate_data as simulate_qre
from gametheory.estimation.ultimatum import fit_ultimatum, simulate_ultimatum, ultimatum_section
from gametheory.exceptions import ScenarioError
from gametheory.model.scenario import Scenario
from gametheory.scenario import load_scenario

__all__ = ["fit", "simulate_data"]


def _load(scenario: Scenario | str | Path) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


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
    """Estimate ``free`` parameters of a scenario by maximum likelihood.

    The logit QRE (:func:`gametheory.estimation.fit.fit`, which documents the arguments) for
    games and trees; the statistical ultimatum game
    (:func:`gametheory.estimation.ultimatum.fit_ultimatum`) for a ``[statistical_ultimatum]``
    scenario, which has no ``lam``.

    Examples
    --------
    >>> d = simulate_data("igsa_per_diem", 300, seed=2)
    >>> fit("igsa_per_diem", d, free=["c_bed"]).game
    'statistical ultimatum'
    """
    sc = _load(scenario)
    if ultimatum_section(sc) is not None:
        if lam is not None:
            raise ScenarioError(
                "does not apply to a statistical_ultimatum scenario: its scales are the "
                "parameters of scale_proposer and scale_responder (free them with --free)",
                key="--lambda",
            )
        return fit_ultimatum(sc, data, free, covariates, values=values, start=start)
    return fit_qre(sc, data, free, covariates, lam=lam, values=values, start=start)


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
    """Draw ``n`` observations from a scenario's model: the logit QRE
    (:func:`gametheory.estimation.fit.simulate_data`), or plays of the statistical ultimatum
    game (:func:`gametheory.estimation.ultimatum.simulate_ultimatum`, where ``lam`` is unused).

    Examples
    --------
    >>> simulate_data("igsa_per_diem", 3, seed=0).columns.tolist()
    ['offer', 'accept']
    """
    sc = _load(scenario)
    if ultimatum_section(sc) is not None:
        return simulate_ultimatum(
            sc, n, seed, values=values, coefficients=coefficients, covariates=covariates
        )
    return simulate_qre(
        sc, n, seed, lam=lam, values=values, coefficients=coefficients, covariates=covariates
    )
