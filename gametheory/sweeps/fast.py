"""Closed-form fast paths of sweeps: region by region, exact, point by point only where needed.

``compare`` on an offer tree with a negotiated term (a ``[compare]`` section of kind ``deal``,
such as hennepin_drawdown) depends on the discount factor only through the self-enforcing
regime, and its figures give that dependence in closed form: no deal is self-enforcing below
``delta_any_deal``, the binding deal is from ``delta_enforceable_deal`` on, and in between the
best self-enforcing term is ``term_self_enforcing_max(delta)``. A sweep over ``delta`` (with the
other grid names fixed per group) therefore computes the comparison exactly once per region that
holds grid points (:func:`gametheory.evaluate`, the representative) and, at the other points,
evaluates the closed forms in exact rational arithmetic. Whatever the closed forms do not cover
(a figure without a rational value, a term formula that is not rational in delta, payoffs that
depend on delta) falls back to the exact per-point computation, group by group. The property
test tests/property/test_sweep_properties.py checks this path against the per-point one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import sympy as sp

from gametheory.kinds.api import evaluate
from gametheory.repeated.roles import discount_symbol
from gametheory.sweeps.fast_repeated import repeated_rows
from gametheory.sweeps.points import rows_at, split_point

__all__ = ["rational_function", "try_fast"]

Rows = list[dict[str, Any]]


def rational_function(expr: sp.Expr, var: sp.Symbol) -> Callable[[Fraction], Fraction] | None:
    """``expr`` (rational in ``var``, rational coefficients) as an exact ``Fraction`` function.

    ``None`` when ``expr`` has other symbols or irrational coefficients.

    Examples
    --------
    >>> d = sp.Symbol("delta")
    >>> f = rational_function((d * 2 + sp.Rational(1, 3)) / (1 - d), d)
    >>> f(Fraction(1, 2))
    Fraction(8, 3)
    >>> rational_function(sp.sqrt(2) * d, d) is None
    True
    """
    expr = sp.sympify(expr)
    if expr.free_symbols - {var}:
        return None
    num, den = sp.fraction(sp.together(expr))
    try:
        pn, pd = sp.Poly(num, var), sp.Poly(den, var)
    except sp.PolynomialError:
        return None
    coeffs = []
    for p in (pn, pd):
        cs = p.all_coeffs()
        if not all(isinstance(c, sp.Rational) for c in cs):
            return None
        coeffs.append([Fraction(int(c.p), int(c.q)) for c in cs])
    cn, cd = coeffs

    def horner(cs: list[Fraction], t: Fraction) -> Fraction:
        acc = Fraction(0)
        for c in cs:
            acc = acc * t + c
        return acc

    def f(t: Fraction) -> Fraction:
        return horner(cn, t) / horner(cd, t)

    return f


def _fraction(v: Any) -> Fraction | None:
    if v is None:
        return None
    if isinstance(v, Fraction):
        return v
    v = sp.sympify(v)
    if isinstance(v, sp.Rational):
        return Fraction(int(v.p), int(v.q))
    return None


def try_fast(
    scenario: Any,
    what: str,
    grid: Mapping[str, Sequence[Fraction]],
    points: Sequence[Mapping[str, Fraction]],
    fixed: Mapping[str, Any],
    options: Mapping[str, Any],
) -> list[Rows] | None:
    """The rows of every point by the closed forms, or ``None`` when no fast path applies."""
    if what == "repeated":
        return repeated_rows(scenario, grid, points, fixed, options)
    if what != "compare" or options.get("delta") is not None:
        return None
    spec = getattr(scenario, "compare", None)
    if spec is None or spec.kind != "deal" or scenario.tree is None or spec.term is None:
        return None

    dsym = discount_symbol(scenario)
    dname = "delta" if "delta" in grid else dsym.name if dsym.name in grid else None
    if dname is None:
        return None
    if dname != dsym.name and dsym.name in {p.name for p in scenario.parameters}:
        return None  # an option delta beside a discount parameter: leave it to evaluate
    if any(
        dsym in sp.sympify(u).free_symbols for n in scenario.tree.nodes for u in (n.payoffs or ())
    ):
        return None
    groups: dict[tuple[Any, ...], list[int]] = {}
    for k, p in enumerate(points):
        key = tuple((n, v) for n, v in p.items() if n != dname)
        groups.setdefault(key, []).append(k)
    out: list[Rows | None] = [None] * len(points)
    for indices in groups.values():
        _group(scenario, dname, dsym, [points[k] for k in indices], fixed, options, out, indices)
    return out  # type: ignore[return-value]


def _group(
    scenario: Any,
    dname: str,
    dsym: sp.Symbol,
    points: list[Mapping[str, Fraction]],
    fixed: Mapping[str, Any],
    options: Mapping[str, Any],
    out: list[Rows | None],
    indices: list[int],
) -> None:

    def exact(k: int) -> Rows:
        return rows_at(scenario, "compare", points[k], fixed, options)

    def per_point() -> None:
        for k, i in enumerate(indices):
            out[i] = exact(k)

    values, point_options = split_point(scenario, "compare", points[0])
    first = evaluate(scenario, "compare", {**fixed, **values}, **{**options, **point_options})
    comparison = first.result
    figures = {f.key: f for f in comparison.figures}
    try:
        d1 = _fraction(figures["delta_any_deal"].value)
        d2 = _fraction(figures["delta_enforceable_deal"].value)
        xbar = figures["term_self_enforcing_max"].formula
    except KeyError:
        return per_point()
    if d1 is None or d2 is None or xbar is None or d2 < d1:
        return per_point()
    # The group's values, as the comparison used them, into the term formula.
    by_name = {s.name: s for s in xbar.free_symbols}
    delta_s = by_name.get(dsym.name, by_name.get(dname))
    if delta_s is None:
        return per_point()
    subs = {
        s: sp.Rational(str(v))
        for s, v in ((by_name.get(n), v) for n, v in first.values)
        if s is not None and s is not delta_s
    }
    level_of = rational_function(sp.sympify(xbar).xreplace(subs), delta_s)
    spec = scenario.compare
    x = scenario.parameter(spec.term).symbol
    scen_values = scenario.values({**fixed, **values}, label="--set")
    scen_values.pop(x, None)
    scen_values.pop(dsym, None)
    deal = scenario.tree.node(spec.deal).payoffs
    deal_of = [rational_function(sp.expand(sp.sympify(u).xreplace(scen_values)), x) for u in deal]
    disagreement = [
        _fraction(parse) for parse in (sp.Rational(v) for v in first.record["disagreement"])
    ]
    if level_of is None or any(f is None for f in deal_of) or any(d is None for d in disagreement):
        return per_point()

    def region(d: Fraction) -> int:
        return 0 if d < d1 else 1 if d < d2 else 2

    reps: dict[int, tuple[Fraction, Rows]] = {}
    for k, (p, i) in enumerate(zip(points, indices, strict=True)):
        d = p[dname]
        r = region(d)
        if r not in reps:
            rows = exact(k)
            reps[r] = (d, rows)
            out[i] = rows
            continue
        rep_d, rep_rows = reps[r]
        rows = []
        for row in rep_rows:
            new = {**row, dname: str(d)}
            if row.get("regime") == "self-enforcing":
                new["label"] = _replace_tail(row["label"], str(rep_d), str(d))
                if r == 1:
                    level = level_of(d)
                    pay = [f(level) for f in deal_of]  # type: ignore[misc]
                    new["outcome"] = _replace_tail(row["outcome"], row["level"], str(level))
                    new["level"] = str(level)
                    players = [c[len("payoff:") :] for c in row if c.startswith("payoff:")]
                    for name, u in zip(players, pay, strict=True):
                        new[f"payoff:{name}"] = str(u)
                    gains = [u - dd for u, dd in zip(pay, disagreement, strict=True)]  # type: ignore[operator]
                    new["nash_product"] = str(gains[0] * gains[1])
                    new = {c: v for c, v in new.items() if "float" not in c}
            rows.append(new)
        out[i] = rows
    for i in indices:
        assert out[i] is not None


def _replace_tail(text: str, old: str, new: str) -> str:
    if not text.endswith(old):
        raise AssertionError(f"unexpected text {text!r}")  # pragma: no cover
    return text[: len(text) - len(old)] + new
