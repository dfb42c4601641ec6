"""Estimating a scenario's parameters from observed choices: the logit QRE as a likelihood.

:func:`fit` estimates free parameters (linear in covariates) and the QRE precision ``lambda`` by
maximum likelihood (the statistical ultimatum game of Ramsay and Signorino 2009 for a
``[statistical_ultimatum]`` scenario, :mod:`gametheory.estimation.ultimatum`); :func:`simulate_data`
draws data from the same model; :func:`prepare_data`
checks a data set against a scenario (:mod:`gametheory.estimation.data` describes the layout).
"""

from gametheory.estimation.data import choice_columns, prepare_data, read_data, tree_column
from gametheory.estimation.dispatch import fit, simulate_data
from gametheory.estimation.fit import FitResult
from gametheory.estimation.model import LAMBDA, Coefficient, QREModel

__all__ = [
    "LAMBDA",
    "Coefficient",
    "FitResult",
    "QREModel",
    "choice_columns",
    "fit",
    "prepare_data",
    "read_data",
    "simulate_data",
    "tree_column",
]
