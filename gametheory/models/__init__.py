"""Model classes beyond finite games: one module per kind, each with its own scenario section.

A scenario file may hold, instead of a ``[game]`` or a ``[tree]``, one *model section* named
after a kind below (``[continuous]``, ``[reputation]``, ...). The registry :data:`MODEL_KINDS`
maps each section to the module that implements it; the module is imported only when a scenario
uses it. Every model module provides the same five functions, so ``fedlocal show``, ``solve``,
``derive`` and ``compare`` work on every kind:

``parse(table, context) -> model``
    Validate the section (a :class:`gametheory.scenario.schema.Table`) and build a frozen model
    object. ``context`` is a :class:`SectionContext` with the scenario's players, parameters and
    formula names. Errors are :class:`~gametheory.exceptions.ScenarioError` naming the key path.
``describe(scenario, model, values) -> list[str]``
    Lines for ``fedlocal show``: what the model is, at the parameter values.
``solve(scenario, model, values) -> dict``
    The JSON-able record of ``fedlocal solve`` (``"command": "solve"``, ``"model": kind``,
    ``schema_version``), every number an exact string with a float beside it.
``render(record) -> str``
    The table text of that record.
``compare(scenario, model, overrides, *, delta=None, penalty=None) -> RegimeComparison``
    The model's enforceable and unenforceable regimes (:mod:`gametheory.analysis.regimes`).

Optionally ``derive(scenario, model, overrides) -> dict`` for ``fedlocal derive`` (symbolic
results, ``"command": "derive-model"``), rendered by ``render``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError

__all__ = ["MODEL_KINDS", "SectionContext", "model_module"]

#: Scenario section → implementing module.
MODEL_KINDS: dict[str, str] = {
    "bargaining": "gametheory.models.alternating_offers",
    "cheap_talk": "gametheory.models.cheap_talk",
    "continuous": "gametheory.models.continuous",
    "delegation": "gametheory.models.delegation",
    "network": "gametheory.models.network",
    "population": "gametheory.models.population",
    "reputation": "gametheory.models.reputation",
}


@dataclass(frozen=True)
class SectionContext:
    """What a model section may refer to: the scenario's players, parameters and names.

    ``names`` maps every parameter and definition name to its sympy symbol or expression, for
    :func:`gametheory.scenario.parse_formula`; ``file`` is used in error messages.
    """

    players: tuple[str, ...]
    parameters: tuple[Any, ...]
    names: dict[str, sp.Expr]
    file: str | None = None


def model_module(kind: str) -> ModuleType:
    """The module implementing the model section ``kind``.

    Examples
    --------
    >>> model_module("nonsense")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gametheory.exceptions.ScenarioError: unknown model kind 'nonsense'; expected one of: bargaining, cheap_talk, ...
    """
    if kind not in MODEL_KINDS:
        raise ScenarioError(
            f"unknown model kind {kind!r}; expected one of: {', '.join(sorted(MODEL_KINDS))}"
        )
    return importlib.import_module(MODEL_KINDS[kind])
