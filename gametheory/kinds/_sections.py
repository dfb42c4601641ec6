"""What the model kinds share: reading a section, exact numbers at the parameter values, the head
of a record and of its table text, and the frame of a comparison.

Every model kind (:mod:`gametheory.kinds.models`) reads its section's formulas through the safe
parser, evaluates them at parameter values as exact rationals, writes ``solve`` and ``derive``
records that begin the same way, renders tables that begin the same way and returns a
:class:`~gametheory.regimes.outcomes.RegimeComparison` framed the same way. These pieces live here
once, so the kinds differ only where their models do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from fractions import Fraction
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError, SolverError
from gametheory.formula import as_expression, parse_formula
from gametheory.model.scenario import Scenario
from gametheory.regimes.outcomes import (
    Figure,
    RegimeComparison,
    RegimeOutcome,
    parameter_pairs,
)
from gametheory.report.records import SCHEMA_VERSION, exact_str, scenario_header
from gametheory.tables import Table, located

__all__ = [
    "FORMULA_TYPES",
    "comparison",
    "parameter_changes",
    "parameter_texts",
    "parameters_line",
    "rational",
    "rational_at",
    "read_formula",
    "record_head",
    "required_level",
    "section_formula",
    "sub_tables",
    "title_line",
    "with_changes",
]

#: What a formula key of a section may hold: text, or a number written as is.
FORMULA_TYPES: tuple[type, ...] = (str, int, float)

Values = Mapping[sp.Symbol, Any]


# ----------------------------------------------------------------------------- reading a section


def section_formula(
    raw: Any, names: Mapping[str, sp.Expr], *, file: str | None, key: str
) -> sp.Expr:
    """The formula ``raw`` (text or a number) through the safe parser, with the scenario's
    ``names``; a parse error names ``file`` and the key path ``key``.

    Examples
    --------
    >>> section_formula("2*a + 1/2", {"a": sp.Symbol("a")}, file="g.toml", key="bargaining.surplus")
    2*a + 1/2
    >>> section_formula("b", {}, file="g.toml", key="bargaining.surplus")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gametheory.exceptions.FormulaError: g.toml: bargaining.surplus: unknown name 'b'...
    """
    return located(parse_formula, raw, names, file=file, key=key)


def read_formula(
    table: Table,
    key: str,
    names: Mapping[str, sp.Expr],
    *,
    file: str | None,
    default: Any = None,
    kinds: tuple[type, ...] = FORMULA_TYPES,
) -> sp.Expr:
    """The formula at ``key`` of ``table``: required when ``default`` is ``None``, otherwise
    ``default`` (text or a number) when the key is absent."""
    raw = table.get(key, kinds, required=default is None, default=default)
    return section_formula(raw, names, file=file, key=table.key(key))


def sub_tables(table: Table, key: str, what: str) -> Iterator[tuple[str, Table]]:
    """Each ``[section.key.NAME]`` of the optional table ``key``, as ``(NAME, table)``; after the
    last one the table ``key`` is finished (checked for unread keys)."""
    parent = table.table(key)
    if parent is None:
        return
    for name in list(parent.data):
        sub = parent.table(name)
        if sub is None:  # pragma: no cover - Table.table refuses a value that is not a table
            raise table.error(f"{what} {name!r} must be a table", table.key(key))
        yield name, sub
    parent.finish()


def parameter_changes(
    table: Table, parameters: Iterable[Any], names: Mapping[str, sp.Expr]
) -> tuple[tuple[str, sp.Expr], ...]:
    """The required ``set`` table of ``table`` (a variant or a named regime): parameter name →
    formula of the parameters, in the order written; unknown parameters are refused."""
    st = table.table("set", required=True)
    assert st is not None  # required=True
    known = {p.name for p in parameters}
    changes = []
    for param in list(st.data):
        if param not in known:
            raise st.error(f"unknown parameter {param!r}", st.key(param))
        raw = st.get(param, FORMULA_TYPES)
        changes.append((param, section_formula(raw, names, file=st.file, key=st.key(param))))
    st.finish()
    return tuple(changes)


def with_changes(
    scenario: Scenario,
    values: Values,
    changes: Iterable[tuple[str, sp.Expr]],
    exact: Callable[[sp.Expr], Any],
) -> dict[sp.Symbol, Any]:
    """``values`` with each changed parameter set to its formula evaluated at ``values`` (made
    exact by ``exact``) and checked against the parameter's domain."""
    new = dict(values)
    for name, expr in changes:
        param = scenario.parameter(name)
        new[param.symbol] = param.check(exact(expr.xreplace(dict(values))))
    return new


# ----------------------------------------------------------------------------- exact numbers


def rational_at(
    expr: Any,
    values: Values,
    *,
    key: str,
    what: str = "must be a rational number here",
    decimals: bool = False,
) -> Fraction:
    """``expr`` at the parameter ``values`` as an exact rational, or a :class:`ScenarioError`
    ``"{what}, got ..."`` naming ``key``; with ``decimals`` a float left over is read as the
    simplest rational it stands for.

    Examples
    --------
    >>> a = sp.Symbol("a")
    >>> rational_at(a / 3, {a: sp.Integer(2)}, key="cheap_talk.bias")
    Fraction(2, 3)
    >>> rational_at(sp.sqrt(a), {a: sp.Integer(2)}, key="cheap_talk.bias")
    Traceback (most recent call last):
    ...
    gametheory.exceptions.ScenarioError: cheap_talk.bias: must be a rational number here, got sqrt(2)
    """
    v = as_expression(expr).xreplace(dict(values))
    if decimals and v.is_Float:
        v = sp.nsimplify(v)
    if not v.is_Rational:
        raise ScenarioError(f"{what}, got {v}", key=key)
    return Fraction(int(v.p), int(v.q))


def rational(x: Fraction) -> sp.Rational:
    """A :class:`~fractions.Fraction` as a sympy ``Rational`` (the numbers of a comparison).

    Examples
    --------
    >>> rational(Fraction(-2, 6))
    -1/3
    """
    return sp.Rational(x.numerator, x.denominator)


# ----------------------------------------------------------------------------- records and tables


def parameter_texts(values: Values) -> dict[str, str]:
    """The ``parameters`` of a record: name → exact text, sorted by name.

    Examples
    --------
    >>> b, a = sp.symbols("b a")
    >>> parameter_texts({b: sp.Rational(1, 2), a: sp.Integer(3)})
    {'a': '3', 'b': '1/2'}
    """
    return {s.name: exact_str(x) for s, x in sorted(values.items(), key=lambda kv: kv[0].name)}


def record_head(command: str, kind: str, scenario: Scenario, **fields: Any) -> dict[str, Any]:
    """The first keys of a model record: ``schema_version``, ``command``, ``model``, then
    ``fields`` (say, the model's variant) and the ``scenario`` header."""
    return {
        "schema_version": SCHEMA_VERSION,
        "command": command,
        "model": kind,
        **fields,
        "scenario": scenario_header(scenario),
    }


def title_line(record: Mapping[str, Any]) -> str:
    """The first line of a model's table text: ``name: title``."""
    sc = record["scenario"]
    return f"{sc['name']}: {sc['title']}"


def parameters_line(record: Mapping[str, Any]) -> str:
    """The ``parameters: a=1, b=1/2`` line of a model's table text."""
    return "parameters: " + ", ".join(f"{k}={x}" for k, x in record["parameters"].items())


# ----------------------------------------------------------------------------- comparisons


def required_level(outcome: RegimeOutcome) -> sp.Expr:
    """The outcome's level, for kinds where every outcome has one (a share)."""
    if outcome.level is None:
        raise SolverError(f"no level computed under {outcome.label}")
    return outcome.level


def comparison(
    scenario: Scenario,
    kind: str,
    values: Values,
    outcomes: Iterable[RegimeOutcome],
    figures: Iterable[Figure],
    *,
    method: str,
    disagreement: Iterable[sp.Expr] = (),
    diagnostics: Iterable[str] = (),
) -> RegimeComparison:
    """A model kind's :class:`RegimeComparison`: the scenario's name and players and the
    parameter values, with the kind's outcomes, figures, method and notes."""
    return RegimeComparison(
        scenario=scenario.name,
        kind=kind,
        players=tuple(p.name for p in scenario.players),
        parameters=parameter_pairs(values),
        disagreement=tuple(disagreement),
        outcomes=tuple(outcomes),
        figures=tuple(figures),
        method=method,
        diagnostics=tuple(diagnostics),
    )
