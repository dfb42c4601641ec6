"""The one interface every scenario kind implements, and the typed result every verb returns.

A scenario holds exactly one *kind* of game: a strategic-form ``[game]``, a ``[tree]``, or one
of the model sections (``[continuous]``, ``[reputation]``, ...). Each kind is a
:class:`ScenarioKind`: it declares which *verbs* it answers (``show``, ``solve``, ``derive``,
``compare``, ``repeated``, ``tree``), which options each verb takes and which output formats
its records support, and it implements those verbs. The entry points in
:mod:`gametheory.kinds.api` check a call against the declaration before any work is done, so an
unsupported verb, option or format is refused the same way for every kind, in one line that
names the option and the kind.

Every verb returns a :class:`ScenarioResult`: the typed result of the library function that did
the work (an :class:`~gametheory.solvers.result.EquilibriumResult`, a
:class:`~gametheory.regimes.outcomes.RegimeComparison`, ...), the parameter values used and the
JSON record that every renderer (table, JSON, CSV, LaTeX) reads.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

import sympy as sp

from gametheory.exceptions import ScenarioError, UnsupportedGameError, UnsupportedOptionError
from gametheory.kinds.verbs import DEFAULTS, UNSET, VERBS, VerbSpec, format_error, option_flag
from gametheory.limits import json_ready
from gametheory.model.scenario import Scenario
from gametheory.numbers import public_number
from gametheory.report.notebook import result_html, result_latex

__all__ = ["VERBS", "ScenarioKind", "ScenarioResult", "VerbSpec", "option_flag"]

T = TypeVar("T")


@dataclass(frozen=True)
class ScenarioResult(Generic[T]):
    """A verb's answer on one scenario at one parameter point.

    Attributes
    ----------
    verb, kind
        What was asked (``"solve"``) and of which kind of scenario (``"game"``).
    scenario
        The scenario.
    values
        The parameter values used, ``(name, exact value)`` sorted by name; parameters left
        symbolic (``derive``, ``tree --symbolic``) are absent.
    result
        The typed result of the library function that did the work.
    record
        The JSON-ready record (``schema_version``, stable key order, exact strings with float
        twins): the single source of every rendering.
    formats
        The formats :meth:`render` accepts for this result.
    """

    verb: str
    kind: str
    scenario: Scenario
    values: tuple[tuple[str, Any], ...]
    result: T
    record: Mapping[str, Any]
    formats: tuple[str, ...]
    renderer: Callable[[Mapping[str, Any], str], str] = field(repr=False, compare=False)

    def render(self, fmt: str = "table") -> str:
        """The result as text in ``fmt`` (one of :attr:`formats`).

        Examples
        --------
        >>> from gametheory import load_scenario, solve_scenario
        >>> r = solve_scenario(load_scenario("matching_pennies"))
        >>> r.formats
        ('table', 'json', 'csv', 'latex')
        >>> r.render("tikz")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        gametheory.exceptions.UnsupportedOptionError: --format tikz does not apply to solve on a ...
        """
        if fmt not in self.formats:
            raise format_error(fmt, self.verb, self.kind, self.scenario.name, self.formats)
        if fmt == "json":
            return (
                json.dumps(json_ready(self.record), indent=2, ensure_ascii=False, allow_nan=False)
                + "\n"
            )
        return self.renderer(self.record, fmt)

    def to_json(self) -> str:
        """The JSON text of :attr:`record` (``render("json")``)."""
        return self.render("json")

    def value(self, name: str) -> Any:
        """The exact value of parameter ``name`` used (``KeyError`` when it stayed symbolic)."""
        return dict(self.values)[name]

    def _repr_html_(self) -> str:

        return result_html(self)

    def _repr_latex_(self) -> str | None:

        return result_latex(self)


class ScenarioKind:
    """The interface of a scenario kind: its verbs, their options and formats, and the verbs.

    A subclass sets :attr:`name` and :attr:`verbs` and overrides the methods of the verbs it
    declares; the entry points of :mod:`gametheory.kinds.api` check every call against
    :attr:`verbs` first, so a method is only ever called with options it declared. Each method
    receives the scenario, the exact parameter values (``{symbol: value}``, from
    :meth:`Scenario.values`) and the options as keywords, and returns a
    :class:`ScenarioResult`.
    """

    #: The kind's name: ``"game"``, ``"tree"`` or a model section name.
    name: ClassVar[str] = ""
    #: verb → what the kind supports for it.
    verbs: ClassVar[Mapping[str, VerbSpec]] = {}

    def declared(self, scenario: Scenario) -> Mapping[str, VerbSpec]:
        """The verbs this scenario answers: the kind's, less those its content rules out."""
        return self.verbs

    def why_not(self, verb: str, scenario: Scenario) -> str:
        """Why this scenario does not answer ``verb`` when its kind may (empty: the kind never
        does)."""
        return ""

    def spec(self, verb: str, scenario: Scenario) -> VerbSpec:
        """The declaration for ``verb``, or a one-line refusal naming the verb and the kind."""
        if verb not in VERBS:
            raise ScenarioError(f"unknown verb {verb!r}; expected one of: {', '.join(VERBS)}")
        declared = self.declared(scenario)
        if verb not in declared:
            supported = ", ".join(v for v in VERBS if v in declared)
            why = self.why_not(verb, scenario)
            raise UnsupportedGameError(
                f"{verb} does not apply to a {self.name} scenario ({scenario.name!r})"
                + (f": {why}" if why else "")
                + f"; it supports: {supported}"
            )
        return declared[verb]

    def check(self, verb: str, scenario: Scenario, options: Mapping[str, Any]) -> VerbSpec:
        """Refuse, in one line, any option given that the kind does not take for ``verb``."""
        spec = self.spec(verb, scenario)
        defaults = DEFAULTS.get(verb, {})
        for name, value in options.items():
            if name in spec.options:
                continue
            if name in defaults and value == defaults[name]:
                continue
            if any(value is u or (type(value) is type(u) and value == u) for u in UNSET):
                continue
            takes = ", ".join(option_flag(o) for o in spec.options) or "no options"
            raise UnsupportedOptionError(
                f"{option_flag(name)} does not apply to {verb} on a {self.name} scenario "
                f"({scenario.name!r}); it takes: {takes}"
            )
        return spec

    def result(
        self,
        verb: str,
        scenario: Scenario,
        values: Mapping[sp.Symbol, Any],
        result: T,
        record: Mapping[str, Any],
        renderer: Callable[[Mapping[str, Any], str], str],
    ) -> ScenarioResult[T]:
        """Wrap a verb's result with its record, values and formats."""
        return ScenarioResult(
            verb=verb,
            kind=self.name,
            scenario=scenario,
            values=tuple(
                sorted(((s.name, public_number(v)) for s, v in values.items()), key=_first)
            ),
            result=result,
            record=record,
            formats=self.verbs[verb].formats,
            renderer=renderer,
        )

    def shape(self, scenario: Scenario) -> str:
        """A few words on what the scenario holds (``fedlocal validate``)."""
        return f"a {self.name} model"

    # -- the verbs: subclasses override those they declare --------------------------------------
    def show(
        self, scenario: Scenario, overrides: Mapping[str, Any], *args: Any, **options: Any
    ) -> ScenarioResult[Any]:
        raise NotImplementedError  # pragma: no cover - refused by spec() first

    def solve(
        self, scenario: Scenario, overrides: Mapping[str, Any], *args: Any, **options: Any
    ) -> ScenarioResult[Any]:
        raise NotImplementedError  # pragma: no cover

    def derive(
        self, scenario: Scenario, overrides: Mapping[str, Any], *args: Any, **options: Any
    ) -> ScenarioResult[Any]:
        raise NotImplementedError  # pragma: no cover

    def compare(
        self, scenario: Scenario, overrides: Mapping[str, Any], *args: Any, **options: Any
    ) -> ScenarioResult[Any]:
        raise NotImplementedError  # pragma: no cover

    def repeated(
        self, scenario: Scenario, overrides: Mapping[str, Any], *args: Any, **options: Any
    ) -> ScenarioResult[Any]:
        raise NotImplementedError  # pragma: no cover

    def tree(
        self, scenario: Scenario, overrides: Mapping[str, Any], *args: Any, **options: Any
    ) -> ScenarioResult[Any]:
        raise NotImplementedError  # pragma: no cover


def _first(pair: tuple[str, Any]) -> str:
    return pair[0]
