"""The model kinds: one scenario section each (``[continuous]``, ``[reputation]``, ...).

Each model kind is a module of this package with the same functions:

``parse(table, context) -> model``
    Validate the section (a :class:`gametheory.tables.Table`) and build a frozen model object.
    ``context`` is a :class:`SectionContext` with the scenario's players, parameters and formula
    names. Errors are :class:`~gametheory.exceptions.ScenarioError` naming the key path.
``describe(scenario, model, values) -> list[str]``
    Lines for ``fedlocal show``: what the model is, at the parameter values.
``solve(scenario, model, values) -> dict``
    The JSON-ready record of ``solve`` (``"command": "solve"``, ``"model": kind``,
    ``schema_version``), every number an exact string ``x`` with a float twin ``x_float``.
``render(record) -> str``
    The table text of that record (and of the ``derive`` record).
``compare(scenario, model, overrides, *, delta=None, penalty=None) -> RegimeComparison``
    The model's enforceable and unenforceable regimes (:mod:`gametheory.regimes.outcomes`).
    A kind without a regime comparison leaves it out and says why in ``WHY_NOT`` (verb →
    reason), which the one-line refusal quotes.
``derive(scenario, model, overrides) -> dict`` (optional)
    Symbolic results (``"command": "derive-model"``), rendered by ``render``.

:class:`ModelKind` wraps such a module as a :class:`~gametheory.kinds.base.ScenarioKind`; the
table :data:`MODEL_KINDS` declares each kind's module and the ``compare`` options it takes. What
the modules share (reading formulas, exact numbers at the values, record heads, the frame of a
comparison) is in :mod:`gametheory.kinds._sections`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any, ClassVar

import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.kinds.base import ScenarioKind, ScenarioResult
from gametheory.kinds.verbs import MODEL_VERBS, VerbSpec
from gametheory.model.scenario import Scenario

__all__ = ["MODEL_KINDS", "ModelKind", "ModelSpec", "SectionContext", "model_module"]


@dataclass(frozen=True)
class ModelSpec:
    """A model kind's module and what its ``compare`` takes beyond the parameters."""

    module: str
    compare_options: tuple[str, ...] = ()


#: Scenario section → the module implementing it, and its ``compare`` options.
MODEL_KINDS: dict[str, ModelSpec] = {
    "bargaining": ModelSpec("gametheory.kinds.alternating_offers", ("penalty",)),
    "cheap_talk": ModelSpec("gametheory.kinds.cheap_talk"),
    "continuous": ModelSpec("gametheory.kinds.continuous"),
    "delegation": ModelSpec("gametheory.kinds.delegation"),
    "network": ModelSpec("gametheory.kinds.network"),
    "population": ModelSpec("gametheory.kinds.population", ("delta",)),
    "reputation": ModelSpec("gametheory.kinds.reputation"),
    "statistical_ultimatum": ModelSpec("gametheory.kinds.statistical_ultimatum"),
}


@dataclass(frozen=True)
class SectionContext:
    """What a model section may refer to: the scenario's players, parameters and names.

    ``names`` maps every parameter and definition name to its sympy symbol or expression, for
    :func:`gametheory.formula.parse_formula`; ``file`` is used in error messages.
    """

    players: tuple[str, ...]
    parameters: tuple[Any, ...]
    names: dict[str, sp.Expr]
    file: str | None = None


def model_module(kind: str) -> ModuleType:
    """The module implementing the model section ``kind`` (imported on first use).

    Examples
    --------
    >>> model_module("nonsense")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gametheory.exceptions.ScenarioError: unknown model kind 'nonsense'; expected one of: ...
    """
    if kind not in MODEL_KINDS:
        raise ScenarioError(
            f"unknown model kind {kind!r}; expected one of: {', '.join(sorted(MODEL_KINDS))}"
        )
    return importlib.import_module(MODEL_KINDS[kind].module)


class ModelKind(ScenarioKind):
    """A model section as a scenario kind: ``show``, ``solve``, ``compare`` and, where the
    module has closed forms, ``derive``."""

    name: ClassVar[str] = "model"

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.module = model_module(kind)
        verbs = {
            verb: spec
            for verb, spec in MODEL_VERBS.items()
            if verb not in ("derive", "compare") or hasattr(self.module, verb)
        }
        if "compare" in verbs:
            verbs["compare"] = VerbSpec(
                MODEL_VERBS["compare"].formats, MODEL_KINDS[kind].compare_options
            )
        # Instance attributes shadow the class-level declarations of the base class.
        self.name = kind  # type: ignore[misc]
        self.verbs = verbs  # type: ignore[misc]

    def why_not(self, verb: str, scenario: Scenario) -> str:
        """The module's reason (its ``WHY_NOT`` table) for a verb it does not answer."""
        return str(getattr(self.module, "WHY_NOT", {}).get(verb, ""))

    def _model(self, scenario: Scenario) -> Any:
        assert scenario.model is not None and scenario.model[0] == self.kind
        return scenario.model[1]

    def _render(self, record: Mapping[str, Any], fmt: str) -> str:
        return str(self.module.render(record))

    def show(self, scenario: Scenario, overrides: Mapping[str, Any]) -> ScenarioResult[Any]:
        # Imported on use, for start-up speed.
        from gametheory.report import render, scenario_record

        values = scenario.values(overrides, label="--set")
        lines = self.module.describe(scenario, self._model(scenario), values)
        record = scenario_record(scenario, values, model={"kind": self.kind, "description": lines})
        return self.result("show", scenario, values, scenario, record, render)

    def solve(self, scenario: Scenario, overrides: Mapping[str, Any]) -> ScenarioResult[Any]:
        values = scenario.values(overrides, label="--set")
        record = self.module.solve(scenario, self._model(scenario), values)
        return self.result("solve", scenario, values, record, record, self._render)

    def derive(self, scenario: Scenario, overrides: Mapping[str, Any]) -> ScenarioResult[Any]:
        values = scenario.values(overrides, partial=True, label="--set")
        record = self.module.derive(scenario, self._model(scenario), dict(overrides))
        return self.result("derive", scenario, values, record, record, self._render)

    def compare(
        self,
        scenario: Scenario,
        overrides: Mapping[str, Any],
        *,
        delta: Any = None,
        penalty: Any = None,
    ) -> ScenarioResult[Any]:
        # Imported on use, for start-up speed.
        from gametheory.report import render
        from gametheory.report.compare import compare_record

        values = scenario.values(overrides, label="--set")
        comparison = self.module.compare(
            scenario, self._model(scenario), dict(overrides), delta=delta, penalty=penalty
        )
        record = compare_record(comparison, scenario)
        return self.result("compare", scenario, values, comparison, record, render)
