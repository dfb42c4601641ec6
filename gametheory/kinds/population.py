"""Populations of heterogeneous jurisdictions: who cooperates, and what share of them.

Jurisdictions differ in one type ``t`` (a community-trust cost, say) drawn from a distribution.
A jurisdiction cooperates iff ``benefit(theta) >= cost(theta, t)``; the *cooperation share* is
the probability of that event. With ``gain = benefit - cost = A + B t`` affine in the type:

* ``t ~ U[lo, hi]`` and ``B < 0`` (costlier types cooperate less): cooperate iff ``t <= t* =
  -A/B``, so the share is ``clip((t* - lo)/(hi - lo), 0, 1)``; with ``B > 0`` it is
  ``clip((hi - t*)/(hi - lo), 0, 1)``; with ``B = 0`` it is 1 or 0.
* finitely many types ``t_k`` with weights ``w_k`` (any gain, not only affine): the share is
  ``sum_k w_k [gain(t_k) >= 0] / sum_k w_k``.

Regimes are named parameter changes, each tagged with a commitment regime: a federal mandate
(unenforceable: take-it-or-leave-it scope), negotiated priorities, an indemnification contract
(enforceable), or a negotiated policy that may be rescinded (self-enforcing, with the survival
probability folded into a discount ``delta * (1 - rho)``). The model: ``tau_i ~ U[0,
tau_bar]`` and share ``clip((sigma psi v - kappa - pi J)/tau_bar, 0, 1)``.

References
----------
J. Ciancio and C. Garcia-Jimeno, "The political economy of immigration enforcement", *Review of
Economics and Statistics* (2022). R. M. Hills, "The political economy of cooperative federalism",
*Michigan Law Review* 96 (1998) 813.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.kinds._sections import (
    comparison,
    parameter_changes,
    parameter_texts,
    parameters_line,
    record_head,
    required_level,
    section_formula,
    sub_tables,
    title_line,
    with_changes,
)
from gametheory.kinds.models import SectionContext
from gametheory.model.scenario import Scenario
from gametheory.numbers import to_latex
from gametheory.regimes.outcomes import Figure, Regime, RegimeComparison, RegimeOutcome
from gametheory.report.records import exact_str
from gametheory.symbolic.text import formula_text as plain
from gametheory.tables import Table

__all__ = [
    "Population",
    "PopulationRegime",
    "compare",
    "cooperation_share",
    "derive",
    "describe",
    "parse",
    "render",
    "share_formula",
    "solve",
]

KIND = "population"
Values = Mapping[sp.Symbol, Any]


@dataclass(frozen=True)
class PopulationRegime:
    """A named regime: its commitment kind, a label and parameter changes (formulas)."""

    key: str
    regime: Regime
    label: str
    changes: tuple[tuple[str, sp.Expr], ...]


@dataclass(frozen=True)
class Population:
    """The type symbol, the benefit and cost formulas, the type distribution (``"uniform"``
    with ``(lo, hi)``, or ``"discrete"`` with types and weights) and the regimes."""

    type_symbol: sp.Symbol
    benefit: sp.Expr
    cost: sp.Expr
    distribution: str
    support: tuple[sp.Expr, ...]
    weights: tuple[sp.Expr, ...] = ()
    regimes: tuple[PopulationRegime, ...] = ()

    @property
    def gain(self) -> sp.Expr:
        """``benefit - cost``, a formula of the parameters and the type."""
        return self.benefit - self.cost


def parse(table: Table, context: SectionContext) -> Population:
    """Read ``[population]``: ``type`` (a new name), ``benefit``, ``cost`` (formulas; the cost
    may use the type), ``distribution`` (``kind = "uniform"`` with ``low``/``high``, or ``kind =
    "discrete"`` with ``types``/``weights``) and ``regimes.NAME`` (``regime``, ``label``,
    ``set``)."""
    table.allow_only(["type", "benefit", "cost", "distribution", "regimes"])
    name = table.get("type", str, required=True)
    if not name.isidentifier() or name in context.names:
        raise table.error(f"type name {name!r} must be a new identifier", table.key("type"))
    t = sp.Symbol(name, real=True)
    names = {**context.names, name: t}

    def formula(tab: Table, key: str, raw: Any, allowed: Mapping[str, sp.Expr]) -> sp.Expr:
        return section_formula(raw, allowed, file=tab.file, key=tab.key(key))

    benefit = formula(
        table, "benefit", table.get("benefit", (str, int, float), required=True), context.names
    )
    cost = formula(table, "cost", table.get("cost", (str, int, float), required=True), names)
    dist = table.table("distribution", required=True)
    assert dist is not None
    kind = dist.get("kind", str, required=True)
    if kind == "uniform":
        support = tuple(
            formula(dist, k, dist.get(k, (str, int, float), required=True), context.names)
            for k in ("low", "high")
        )
        weights: tuple[sp.Expr, ...] = ()
    elif kind == "discrete":
        types = dist.get("types", list, required=True)
        support = tuple(formula(dist, f"types[{i}]", x, context.names) for i, x in enumerate(types))
        raw_w = dist.get("weights", list, default=[1] * len(types))
        if len(raw_w) != len(types) or not types:
            raise dist.error("types and weights need the same, nonzero length", dist.key("weights"))
        weights = tuple(
            formula(dist, f"weights[{i}]", x, context.names) for i, x in enumerate(raw_w)
        )
    else:
        raise dist.error(f"kind must be 'uniform' or 'discrete', got {kind!r}", dist.key("kind"))
    dist.finish()
    regimes = []
    for key, r in sub_tables(table, "regimes", "regime"):
        kind_text = r.get("regime", str, required=True)
        try:
            regime = Regime(kind_text)
        except ValueError:
            raise r.error(
                f"regime must be one of {', '.join(x.value for x in Regime)}", r.key("regime")
            ) from None
        changes = parameter_changes(r, context.parameters, context.names)
        regimes.append(PopulationRegime(key, regime, r.get("label", str, default=key), changes))
        r.finish()
    table.finish()
    return Population(t, benefit, cost, kind, support, weights, tuple(regimes))


def _num(e: sp.Expr, what: str) -> sp.Expr:
    if not e.is_number:
        raise ScenarioError(f"population: {what} still has symbols: {e}", key="population")
    return sp.nsimplify(e) if e.is_Float else e


def cooperation_share(model: Population, values: Values) -> tuple[sp.Expr, sp.Expr | None]:
    """The exact share of jurisdictions that cooperate at the values, and the threshold type
    ``t*`` (``None`` for discrete types or a type-free gain).

    Examples
    --------
    >>> t, s = sp.symbols("tau sigma", real=True)
    >>> m = Population(t, 10 * s, sp.Rational(1, 2) + t, "uniform", (sp.Integer(0), sp.Integer(5)))
    >>> cooperation_share(m, {s: sp.Rational(37, 100)})
    (16/25, 16/5)
    >>> cooperation_share(m, {s: sp.Rational(7, 50)})
    (9/50, 9/10)
    >>> m2 = Population(t, 10 * s, sp.Rational(3, 2) + t, "uniform", (sp.Integer(0), sp.Integer(5)))
    >>> cooperation_share(m2, {s: sp.Rational(7, 50)})
    (0, -1/10)
    """
    subs = {k: sp.Rational(v) if isinstance(v, int) else v for k, v in values.items()}
    gain = sp.expand(model.gain.xreplace(subs))
    t = model.type_symbol
    if model.distribution == "discrete":
        ws = [
            _num(sp.Rational(w) if isinstance(w, int) else w.xreplace(subs), "a weight")
            for w in model.weights
        ]
        if any(w < 0 for w in ws) or sum(ws) <= 0:
            raise ScenarioError("population: weights must be nonnegative, not all zero")
        hits = [
            w
            for w, x in zip(ws, model.support, strict=True)
            if _num(gain.xreplace({t: x.xreplace(subs)}), "the gain") >= 0
        ]
        return sp.nsimplify(sum(hits, sp.Integer(0)) / sum(ws)), None
    lo, hi = (_num(x.xreplace(subs), "the support") for x in model.support)
    if not lo < hi:
        raise ScenarioError(f"population: the uniform support [{lo}, {hi}] is empty")
    poly = sp.Poly(gain, t)
    if poly.degree() > 1 or not all(c.is_number for c in poly.all_coeffs()):
        raise UnsupportedGameError("a uniform population needs a gain affine in the type")
    b, a = poly.all_coeffs() if poly.degree() == 1 else [sp.Integer(0), *poly.all_coeffs()]
    if b == 0:
        return sp.Integer(1 if a >= 0 else 0), None
    star = sp.nsimplify(-a / b)
    raw = (star - lo) / (hi - lo) if b < 0 else (hi - star) / (hi - lo)
    return sp.Min(sp.Max(raw, 0), 1), star


def share_formula(model: Population, values: Values) -> tuple[sp.Expr, sp.Expr]:
    """The closed form of the share for a uniform population (parameters in ``values`` are
    substituted, the others stay symbolic), and of the threshold type; the gain's slope in the
    type must be negative (costlier types cooperate less).

    Examples
    --------
    >>> t, s, tb = sp.symbols("tau sigma tau_bar", positive=True)
    >>> m = Population(t, 10 * s, sp.Rational(1, 2) + t, "uniform", (sp.Integer(0), tb))
    >>> share_formula(m, {})
    (Min(1, Max(0, (20*sigma - 1)/(2*tau_bar))), 10*sigma - 1/2)
    """
    if model.distribution != "uniform":
        raise UnsupportedGameError("a closed form is derived for uniform populations only")
    gain = sp.expand(model.gain.xreplace(dict(values)))
    t = model.type_symbol
    slope = sp.diff(gain, t)
    if slope.has(t) or not (slope.is_number and slope < 0):
        raise UnsupportedGameError("the closed form needs a gain with a negative constant slope")
    star = sp.simplify(-(gain - slope * t) / slope)
    lo, hi = (x.xreplace(dict(values)) for x in model.support)
    return sp.Min(sp.Max(sp.factor(star - lo) / (hi - lo), 0), 1), star


def _regime_values(
    scenario: Scenario, model: Population, values: Values
) -> list[tuple[PopulationRegime, dict[sp.Symbol, Any]]]:
    return [(r, with_changes(scenario, values, r.changes, sp.nsimplify)) for r in model.regimes]


def describe(scenario: Scenario, model: Population, values: Values) -> list[str]:
    """Lines for ``fedlocal show``."""
    t = model.type_symbol
    sup = ", ".join(sp.sstr(x) for x in model.support)
    lines = [
        f"a jurisdiction of type {t} cooperates iff {sp.sstr(model.benefit)} >= "
        f"{sp.sstr(model.cost)}",
        f"types: {'uniform on [' + sup + ']' if model.distribution == 'uniform' else sup}",
    ]
    for r in model.regimes:
        sets = ", ".join(f"{n} = {sp.sstr(e)}" for n, e in r.changes)
        lines.append(f"regime {r.key} ({r.regime.value}, {r.label}): {sets}")
    return lines


def solve(scenario: Scenario, model: Population, values: Values) -> dict[str, Any]:
    """The record of ``fedlocal solve``: the cooperation share at the values and per regime."""
    rows: list[tuple[str, str, str | None, dict[sp.Symbol, Any]]] = [
        ("values", "at the parameter values", None, dict(values))
    ]
    rows += [
        (r.key, r.label, r.regime.value, v) for r, v in _regime_values(scenario, model, values)
    ]
    cases, base = [], parameter_texts(values)
    for key, label, regime, v in rows:
        share, star = cooperation_share(model, v)
        cases.append(
            {
                "name": key,
                "label": label,
                "regime": regime,
                "share": exact_str(share),
                "share_float": float(share),
                "threshold_type": None if star is None else exact_str(star),
                "changes": {k: x for k, x in parameter_texts(v).items() if base.get(k) != x},
            }
        )
    return {
        **record_head("solve", KIND, scenario),
        "type": str(model.type_symbol),
        "parameters": parameter_texts(values),
        "cases": cases,
    }


def derive(scenario: Scenario, model: Population, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """The record of ``fedlocal derive``: the closed-form share and threshold type, with LaTeX,
    and the comparative statics of the interior share at the values."""
    partial = scenario.values(overrides, partial=True, label="--set")
    point = scenario.values(overrides, label="--set")
    names = {p.symbol: p.latex or p.name for p in scenario.parameters}
    share, star = share_formula(model, partial)
    interior = next((a for a in sp.preorder_traversal(share) if isinstance(a, sp.Max)), share)
    inner = next(a for a in interior.args if a != 0) if isinstance(interior, sp.Max) else share
    at = sp.nsimplify(inner.xreplace(point))
    statics = []
    for s in sorted(inner.free_symbols, key=lambda s: s.name):
        d = sp.simplify(sp.diff(inner, s))
        v = sp.nsimplify(d.xreplace(point))
        statics.append(
            {
                "parameter": s.name,
                "derivative": sp.sstr(d),
                "latex": to_latex(d, symbol_names=names),
                "value": exact_str(v),
                "value_float": float(v),
                "sign": "+" if v > 0 else "-" if v < 0 else "0",
            }
        )
    value = cooperation_share(model, point)[0]
    return {
        **record_head("derive-model", KIND, scenario),
        "substituted": parameter_texts(partial),
        "share": {
            "text": plain(share),
            "latex": to_latex(share, symbol_names=names),
            "value": exact_str(value),
            "value_float": float(value),
        },
        "threshold_type": {
            "text": plain(star),
            "latex": to_latex(star, symbol_names=names),
            "value": exact_str(sp.nsimplify(star.xreplace(point))),
        },
        "interior": bool(0 < at < 1),
        "comparative_statics": statics,
    }


def render(record: Mapping[str, Any]) -> str:
    """Table text of a population ``solve`` or ``derive`` record."""
    lines = [title_line(record)]
    if record["command"] == "derive-model":
        s, t = record["share"], record["threshold_type"]
        lines.append(f"cooperation share = {s['text']} = {s['value']}")
        lines.append(f"threshold type = {t['text']} = {t['value']}")
        where = (
            "interior" if record["interior"] else "at a bound (derivatives of the interior form)"
        )
        lines.append(f"comparative statics of the share ({where}):")
        for c in record["comparative_statics"]:
            lines.append(
                f"  d share/d{c['parameter']} = {c['derivative']} = {c['value']} ({c['sign']})"
            )
        return "\n".join(lines) + "\n"
    lines += [parameters_line(record), ""]
    for c in record["cases"]:
        tag = f" [{c['regime']}]" if c["regime"] else ""
        star = (
            f"; threshold {record['type']}* = {c['threshold_type']}" if c["threshold_type"] else ""
        )
        changes = ", ".join(f"{k}={x}" for k, x in c["changes"].items())
        lines.append(
            f"{c['label']}{tag}: share {c['share']}{star}" + (f" ({changes})" if changes else "")
        )
    return "\n".join(lines) + "\n"


def compare(
    scenario: Scenario,
    model: Population,
    overrides: Mapping[str, Any] | None = None,
    *,
    delta: Any = None,
    penalty: Any = None,
) -> RegimeComparison:
    """The regimes side by side (level = cooperation share). ``delta`` sets a parameter named
    ``delta`` when the scenario has one (the discount of a rescindable agreement)."""
    overrides = dict(overrides or {})
    if delta is not None and "delta" in scenario.symbols:
        overrides["delta"] = delta
    values = scenario.values(overrides, label="--set")
    outcomes, figures = [], []
    for r, v in _regime_values(scenario, model, values):
        share, star = cooperation_share(model, v)
        outcomes.append(
            RegimeOutcome(
                r.regime,
                r.label,
                f"share {exact_str(share)} cooperate",
                (),
                bool(share > 0),
                share,
                None,
                f"Under {r.label}, a share {exact_str(share)} of the jurisdictions "
                f"cooperates{'' if star is None else f' (those with {model.type_symbol} <= {star})'}.",
                parameters=tuple((n, v[scenario.symbols[n]]) for n, _ in r.changes),
                method=f"closed form ({model.distribution} types)",
            )
        )
        if star is not None:
            figures.append(
                Figure(f"threshold_{r.key}", f"highest cooperating type under {r.label}", star)
            )
    binding = [required_level(o) for o in outcomes if o.regime is Regime.ENFORCEABLE]
    loose = [required_level(o) for o in outcomes if o.regime is Regime.UNENFORCEABLE]
    if binding and loose:
        figures.append(
            Figure(
                "share_gap",
                "best enforceable share minus the unenforceable one",
                max(binding) - loose[0],
            )
        )
    return comparison(scenario, KIND, values, outcomes, figures, method="closed form")
