"""Two-player games with continuous actions, solved through first-order conditions.

Each player ``i`` chooses a number ``x_i`` in a closed interval and has a utility
``u_i(x_i, x_j; theta)``, a formula of both actions and the parameters. Strictly concave utilities
(second-order condition ``d2u_i/dx_i2 < 0``) give the best response ``x_i = BR_i(x_j)`` as the
unique solution of the first-order condition ``du_i/dx_i = 0``, projected onto the action
interval. A Nash equilibrium is a fixed point of the best-response map; it is *stable* (best-
response dynamics converge to it) iff the spectral radius of the map's Jacobian is below one,
which for two players is ``|BR_L'(x_F) BR_F'(x_L)| < 1`` at the equilibrium; for linear best
responses ``x_L = alpha_L + beta_L x_F``, ``x_F = alpha_F + beta_F x_L`` that is
``|beta_L beta_F| < 1`` and the equilibrium is ``x_L* = (alpha_L + beta_L alpha_F)/(1 - beta_L
beta_F)`` (Gibbons 1992, §1.2). Comparative statics are the derivatives of the closed form.

Regimes:

* **Unenforceable**: the Nash equilibrium (an escalation spiral when actions are resistance and
  pressure and each responds to the other).
* **Enforceable**: a binding pact caps both actions at agreed levels ``c``. Each side then plays
  ``min(BR_i(x_j), c_i)``, so the outcomes a pact can reach are the action pairs with
  ``x_L <= BR_L(x_F)`` and ``x_F <= BR_F(x_L)`` (each side would go higher, the cap holds it).
  The pact is the Nash bargaining solution over that set against the spiral: the maximum of
  ``(u_L - d_L)(u_F - d_F)``, found exactly among the vertices, the critical points on each edge
  (roots of a univariate polynomial) and the interior critical points (a lex Groebner basis).
  This needs polynomial utilities with linear best responses (quadratic utilities).

``variants`` are named parameter changes (say, public naming raising ``beta_L``); every command
reports the base case and each variant.

References
----------
R. Gibbons, *Game Theory for Applied Economists* (1992), §1.2 (continuous best responses).
J. Nash, "The bargaining problem", *Econometrica* 18 (1950) 155-162.
J. Ciancio and C. Garcia-Jimeno, "The political economy of immigration enforcement", *Review of
Economics and Statistics* (2022): strategic substitutes and complements in enforcement effort.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import sympy as sp

from gametheory.exceptions import UnsupportedGameError
from gametheory.formula import parse_formula
from gametheory.kinds.models import SectionContext
from gametheory.limits import to_float
from gametheory.model.parameters import Domain
from gametheory.model.scenario import Scenario
from gametheory.regimes.outcomes import (
    Figure,
    Regime,
    RegimeComparison,
    RegimeOutcome,
    parameter_pairs,
)
from gametheory.report.records import SCHEMA_VERSION, exact_str, scenario_header
from gametheory.symbolic.text import formula_text as plain
from gametheory.tables import Table, located

__all__ = [
    "TOL",
    "ContinuousGame",
    "best_responses",
    "compare",
    "derive",
    "describe",
    "nash_equilibria",
    "parse",
    "render",
    "solve",
    "stability",
]

KIND = "continuous"
#: Tolerance used only to decide feasibility of *irrational* (algebraic) pact candidates, which
#: sympy evaluates to 50 digits; rational candidates are decided exactly.
TOL = sp.Rational(1, 10**40)
Values = Mapping[sp.Symbol, Any]


@dataclass(frozen=True)
class ContinuousGame:
    """Players' names, action symbols, action intervals, utilities and named variants."""

    players: tuple[str, str]
    actions: tuple[sp.Symbol, sp.Symbol]
    domains: tuple[Domain, Domain]
    descriptions: tuple[str, str]
    utilities: tuple[sp.Expr, sp.Expr]
    variants: tuple[tuple[str, str, tuple[tuple[str, sp.Expr], ...]], ...] = ()


def parse(table: Table, context: SectionContext) -> ContinuousGame:
    """Read ``[continuous]``: ``actions.PLAYER`` (``name``, ``domain``, ``description``),
    ``utilities.PLAYER`` (formulas of both actions and the parameters) and optional
    ``variants.NAME`` (``label`` and ``set``, parameter -> formula of the parameters)."""
    table.allow_only(["actions", "utilities", "variants"])
    if len(context.players) != 2:
        raise table.error("a continuous game needs exactly 2 [[players]]")
    acts = table.table("actions", required=True)
    assert acts is not None
    acts.allow_only(list(context.players))
    symbols, domains, texts = [], [], []
    for p in context.players:
        t = acts.table(p, required=True)
        assert t is not None
        name = t.get("name", str, required=True)
        if not name.isidentifier() or name in context.names:
            raise t.error(f"action name {name!r} must be a new identifier", t.key("name"))
        dom = located(
            Domain.parse, t.get("domain", str, default="real"), file=t.file, key=t.key("domain")
        )
        if (dom.lower.is_finite and not dom.lower_closed) or (
            dom.upper.is_finite and not dom.upper_closed
        ):
            raise t.error("an action interval must include its finite bounds", t.key("domain"))
        symbols.append(sp.Symbol(name, real=True))
        domains.append(dom)
        texts.append(t.get("description", str, default=""))
        t.finish()
    acts.finish()
    names = {**context.names, **{str(s): s for s in symbols}}
    ut = table.table("utilities", required=True)
    assert ut is not None
    ut.allow_only(list(context.players))
    utilities = tuple(
        located(
            parse_formula,
            ut.get(p, (str, int, float), required=True),
            names,
            file=ut.file,
            key=ut.key(p),
        )
        for p in context.players
    )
    ut.finish()
    variants = []
    vt = table.table("variants")
    for key in list(vt.data) if vt is not None else []:
        v = cast(Table, vt).table(key)  # vt is a Table here: otherwise the loop is empty
        if v is None:
            raise table.error(f"variant {key!r} must be a table", table.key("variants"))
        label = v.get("label", str, default=key)
        st = v.table("set", required=True)
        assert st is not None
        changes = []
        for param in list(st.data):
            if param not in {q.name for q in context.parameters}:
                raise st.error(f"unknown parameter {param!r}", st.key(param))
            raw = st.get(param, (str, int, float))
            changes.append(
                (param, located(parse_formula, raw, context.names, file=st.file, key=st.key(param)))
            )
        variants.append((key, label, tuple(changes)))
        v.finish()
    if vt is not None:
        vt.finish()
    table.finish()
    return ContinuousGame(
        tuple(context.players),  # type: ignore[arg-type]
        (symbols[0], symbols[1]),
        (domains[0], domains[1]),
        (texts[0], texts[1]),
        utilities,
        tuple(variants),
    )


def best_responses(model: ContinuousGame) -> tuple[tuple[sp.Expr, sp.Expr], ...]:
    """Each player's ``(BR_i, d2u_i/dx_i2)``: the solution of its first-order condition (before
    projection onto its interval) and its second-order condition, symbolically.

    Examples
    --------
    >>> x, y, a, b = sp.symbols("x y a b", real=True)
    >>> dom = Domain.parse("real")
    >>> g = ContinuousGame(("L", "F"), (x, y), (dom, dom), ("", ""),
    ...                    (-(x - a - b * y) ** 2 / 2, -(y - 1) ** 2))
    >>> best_responses(g)
    ((a + b*y, -1), (1, -2))
    """
    out = []
    for i in (0, 1):
        own, u = model.actions[i], model.utilities[i]
        roots = sp.solve(sp.diff(u, own), own)
        if len(roots) != 1:
            raise UnsupportedGameError(
                f"the first-order condition of {model.players[i]} has {len(roots)} solutions in "
                f"{own}; a continuous game needs exactly one (a strictly concave utility)"
            )
        out.append((sp.simplify(roots[0]), sp.simplify(sp.diff(u, own, 2))))
    return tuple(out)


def _exact(e: Any) -> sp.Expr:
    """``e`` with any float replaced by the rational it stands for, and a number simplified
    exactly. Never a guess: ``sympy.nsimplify`` would turn 13717421/109739369 into a "simpler"
    nearby number."""
    e = sp.sympify(e)
    floats = e.atoms(sp.Float)
    if floats:
        e = e.xreplace({f: sp.Rational(str(f)) for f in floats})
    if e.is_number and not e.is_Rational:
        e = sp.simplify(e)
    return e


def _clip(v: sp.Expr, dom: Domain) -> sp.Expr:
    return sp.Max(dom.lower, sp.Min(dom.upper, v)) if v.is_number else v


def _at(model: ContinuousGame, values: Values) -> tuple[list[sp.Expr], list[sp.Expr]]:
    subs = dict(values)
    brs, socs = [], []
    for br, soc in best_responses(model):
        brs.append(_exact(br.xreplace(subs)))
        socs.append(soc.xreplace(subs))
    return brs, socs


def nash_equilibria(model: ContinuousGame, values: Values) -> list[tuple[sp.Expr, sp.Expr]]:
    """The pure Nash equilibria at the values, exactly: the fixed points of the projected best
    responses (interior ones from the first-order conditions, then those on the bounds).

    Examples
    --------
    >>> x, y = sp.symbols("x y", real=True)
    >>> dom = Domain.parse("[0, inf)")
    >>> u = (-(x - 1 - y / 2) ** 2 / 2, -(y - 1 - 4 * x / 5) ** 2 / 2)
    >>> nash_equilibria(ContinuousGame(("L", "F"), (x, y), (dom, dom), ("", ""), u), {})
    [(5/2, 3)]
    """
    (bl, bf), socs = _at(model, values)
    xl, xf = model.actions
    for i, soc in enumerate(socs):
        if not soc.free_symbols - set(model.actions) and not bool(soc < 0):
            raise UnsupportedGameError(
                f"the utility of {model.players[i]} is not strictly concave in its action "
                f"(d2u/dx2 = {soc}): the first-order condition gives no best response"
            )

    def br(i: int, other: sp.Expr) -> sp.Expr:
        e = (bl, bf)[i].xreplace({model.actions[1 - i]: other})
        return _clip(_exact(e), model.domains[i])

    found: list[tuple[sp.Expr, sp.Expr]] = []
    for sol in sp.solve([xl - bl, xf - bf], [xl, xf], dict=True):
        p = (sol.get(xl), sol.get(xf))
        if all(
            v is not None and v.is_real and d.contains(v)
            for v, d in zip(p, model.domains, strict=True)
        ):
            found.append(p)
    for i in (0, 1):
        for b in (model.domains[i].lower, model.domains[i].upper):
            if b.is_finite:
                other = br(1 - i, b)
                p = (b, other) if i == 0 else (other, b)
                if br(i, other) == b and p not in found:
                    found.append(p)
    return found


def stability(model: ContinuousGame, values: Values, point: tuple[sp.Expr, sp.Expr]) -> sp.Expr:
    """The product of best-response slopes at ``point``; the equilibrium is stable iff its
    absolute value is below 1 (the Jacobian of the best-response map has eigenvalues
    ``+-sqrt(product)``). A best response clipped to a bound has slope 0."""
    (bl, bf), _ = _at(model, values)
    subs = dict(zip(model.actions, point, strict=True))
    slopes = []
    for i, b in enumerate((bl, bf)):
        raw = b.xreplace(subs)
        inside = model.domains[i].lower <= raw <= model.domains[i].upper
        slopes.append(sp.diff(b, model.actions[1 - i]).xreplace(subs) if inside else sp.Integer(0))
    return _exact(slopes[0] * slopes[1])


def _variant_values(
    scenario: Scenario, model: ContinuousGame, values: Values
) -> list[tuple[str, str, dict[sp.Symbol, Any]]]:
    cases = [("base", "base case", dict(values))]
    for key, label, changes in model.variants:
        new = dict(values)
        for name, expr in changes:
            param = scenario.parameter(name)
            new[param.symbol] = param.check(_exact(expr.xreplace(dict(values))))
        cases.append((key, label, new))
    return cases


def _case(scenario: Scenario, model: ContinuousGame, values: Values) -> dict[str, Any]:
    eqs = nash_equilibria(model, values)
    (bl, bf), socs = _at(model, values)
    out: dict[str, Any] = {
        "best_responses": [sp.sstr(bl), sp.sstr(bf)],
        "second_order": [sp.sstr(s) for s in socs],
        "equilibria": [],
    }
    for p in eqs:
        subs = dict(zip(model.actions, p, strict=True))
        pays = [_exact(u.xreplace(dict(values)).xreplace(subs)) for u in model.utilities]
        prod = stability(model, values, p)
        out["equilibria"].append(
            {
                "actions": [exact_str(v) for v in p],
                "actions_float": [to_float(v) for v in p],
                "payoffs": [exact_str(v) for v in pays],
                "payoffs_float": [to_float(v) for v in pays],
                "slope_product": exact_str(prod),
                "stable": bool(abs(prod) < 1),
            }
        )
    return out


def _form(e: sp.Expr) -> sp.Expr:
    """A display form of a quotient with the fewest leading minus signs: ``a/(1 - b c)``."""
    n, d = sp.fraction(sp.factor(e))
    sign, parts = 1, []
    for f in sp.Mul.make_args(d):
        base, ex = f.as_base_exp()
        neg = 2 * sum(t.could_extract_minus_sign() for t in sp.Add.make_args(base))
        if base.is_Add and (
            neg > len(base.args) or (neg == len(base.args) and base.as_coeff_Add()[0] < 0)
        ):
            base, sign = -base, sign * (-1) ** ex
        parts.append(sp.Pow(base, ex, evaluate=False) if ex != 1 else base)
    den = sp.Mul(*parts, evaluate=False)
    num = sp.expand(sign * n) if sp.expand(sign * n).is_Add else sign * n
    return sp.Mul(num, sp.Pow(den, -1, evaluate=False), evaluate=False) if d != 1 else e


def _params(values: Values) -> dict[str, str]:
    return {s.name: exact_str(x) for s, x in sorted(values.items(), key=lambda kv: kv[0].name)}


def describe(scenario: Scenario, model: ContinuousGame, values: Values) -> list[str]:
    """Lines for ``fedlocal show``: actions, utilities and best responses at the values."""
    (bl, bf), _ = _at(model, values)
    lines = []
    for i, p in enumerate(model.players):
        a = model.actions[i]
        lines.append(f"{p} chooses {a} in {model.domains[i]}: {model.descriptions[i]}".rstrip(": "))
        lines.append(f"  u_{p} = {sp.sstr(model.utilities[i])}")
        lines.append(f"  best response {a} = {sp.sstr((bl, bf)[i])}")
    for key, label, changes in model.variants:
        lines.append(f"variant {key} ({label}): " + ", ".join(f"{n} = {e}" for n, e in changes))
    return lines


def solve(scenario: Scenario, model: ContinuousGame, values: Values) -> dict[str, Any]:
    """The record of ``fedlocal solve``: best responses, equilibria, payoffs and stability, for
    the base case and each variant."""
    cases = [
        {"name": key, "label": label, "parameters": _params(v), **_case(scenario, model, v)}
        for key, label, v in _variant_values(scenario, model, values)
    ]
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "solve",
        "model": KIND,
        "scenario": scenario_header(scenario),
        "players": list(model.players),
        "actions": [str(a) for a in model.actions],
        "parameters": _params(values),
        "cases": cases,
    }


def derive(
    scenario: Scenario, model: ContinuousGame, overrides: Mapping[str, Any]
) -> dict[str, Any]:
    """The record of ``fedlocal derive``: best responses, second-order conditions, the
    equilibrium in closed form, the stability condition and comparative statics (each
    derivative with its value and sign at the defaults), with LaTeX."""
    partial = scenario.values(overrides, partial=True, label="--set")
    point = scenario.values(overrides, label="--set")
    latex = {p.symbol: p.latex or p.name for p in scenario.parameters}
    brs = [(b.xreplace(partial), c.xreplace(partial)) for b, c in best_responses(model)]
    xl, xf = model.actions
    sols = sp.solve([xl - brs[0][0], xf - brs[1][0]], [xl, xf], dict=True)
    if len(sols) != 1:
        raise UnsupportedGameError(f"the best responses cross {len(sols)} times; need one")
    eq = [sp.factor(sp.simplify(sols[0][a])) for a in model.actions]
    prod = sp.factor(sp.diff(brs[0][0], xf) * sp.diff(brs[1][0], xl)).xreplace(sols[0])

    def entry(e: sp.Expr, **extra: Any) -> dict[str, Any]:
        shown, v = _form(e), _exact(e.xreplace(point))
        out = {**extra, "text": plain(shown, order="none")}
        out["latex"] = sp.latex(shown, symbol_names=latex, order="none").replace(
            r"1 \frac{1}", r"\frac{1}"
        )
        if v.is_number:
            out["value"], out["value_float"] = exact_str(v), to_float(v)
            out["sign"] = "+" if v > 0 else "-" if v < 0 else "0"
        return out

    statics = [
        entry(sp.diff(e, s), quantity=f"{model.actions[i]}*", parameter=s.name)
        for i, e in enumerate(eq)
        for s in sorted(e.free_symbols, key=lambda s: s.name)
    ]
    stab = entry(prod)
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "derive-model",
        "model": KIND,
        "scenario": scenario_header(scenario),
        "players": list(model.players),
        "substituted": _params(partial),
        "best_responses": [
            entry(b, action=str(a), second_order=sp.sstr(c))
            for a, (b, c) in zip(model.actions, brs, strict=True)
        ],
        "equilibrium": [entry(e, action=str(a)) for a, e in zip(model.actions, eq, strict=True)],
        "stability": {
            **stab,
            "condition": rf"\left|{stab['latex']}\right| < 1",
            "stable": bool(abs(stab["value_float"]) < 1),
        },
        "comparative_statics": statics,
    }


def render(record: Mapping[str, Any]) -> str:
    """Table text of a continuous-game ``solve`` or ``derive`` record."""
    sc, pl = record["scenario"], record["players"]
    lines = [f"{sc['name']}: {sc['title']}"]
    if record["command"] == "derive-model":
        for b in record["best_responses"]:
            lines.append(
                f"best response {b['action']} = {b['text']}  (d2u/dx2 = {b['second_order']})"
            )
        for e in record["equilibrium"]:
            lines.append(f"equilibrium {e['action']}* = {e['text']} = {e['value']}")
        st = record["stability"]
        lines.append(
            f"stable iff |{st['text']}| < 1: {st['value']} "
            f"({'stable' if st['stable'] else 'unstable'})"
        )
        lines.append("comparative statics (at the defaults):")
        for c in record["comparative_statics"]:
            lines.append(
                f"  d{c['quantity']}/d{c['parameter']} = {c['text']} = {c['value']} ({c['sign']})"
            )
        return "\n".join(lines) + "\n"
    lines.append("parameters: " + ", ".join(f"{k}={x}" for k, x in record["parameters"].items()))
    for case in record["cases"]:
        lines += ["", f"{case['label']}:"]
        for a, b in zip(record["actions"], case["best_responses"], strict=True):
            lines.append(f"  best response {a} = {b}")
        if not case["equilibria"]:
            lines.append("  no equilibrium in the action intervals (escalation without bound)")
        for e in case["equilibria"]:
            acts = ", ".join(
                f"{a} = {v}" for a, v in zip(record["actions"], e["actions"], strict=True)
            )
            pays = ", ".join(f"{p} {v}" for p, v in zip(pl, e["payoffs"], strict=True))
            lines.append(f"  equilibrium {acts}; payoffs {pays}")
            lines.append(
                f"  slope product {e['slope_product']}: {'stable' if e['stable'] else 'unstable'}"
            )
    return "\n".join(lines) + "\n"


def _num(e: sp.Expr) -> sp.Expr:
    return e if e.is_Rational else sp.N(e, 50)


def _show(e: sp.Expr) -> str:
    return exact_str(e) if e.is_Rational else f"{float(e):.6g}"


def nash_pact(
    model: ContinuousGame, values: Values, spiral: tuple[sp.Expr, sp.Expr]
) -> tuple[tuple[sp.Expr, sp.Expr], tuple[sp.Expr, sp.Expr], sp.Expr]:
    """The binding pact: caps ``(c_L, c_F)`` maximizing the Nash product against ``spiral``
    over the capped outcomes ``x_L <= BR_L(x_F)``, ``x_F <= BR_F(x_L)`` in the intervals.

    Returns the caps, the payoff gains over the spiral and the Nash product, exactly.

    Examples
    --------
    >>> x, y = sp.symbols("x y", real=True)
    >>> dom = Domain.parse("[0, inf)")
    >>> u = (-(x - 1 - y / 2) ** 2 / 2 - y, -(y - 1 - 4 * x / 5) ** 2 / 2 - x)
    >>> nash_pact(ContinuousGame(("L", "F"), (x, y), (dom, dom), ("", ""), u), {}, (5/2, 3))
    ((0, 0), (5/2, 2), 5)
    """
    subs = dict(values)
    xl, xf = model.actions
    (bl, bf), _ = _at(model, values)
    us = [sp.expand(u.xreplace(subs)) for u in model.utilities]
    try:
        polys = [sp.Poly(e, xl, xf) for e in (*us, bl - xl, bf - xf)]
    except sp.PolynomialError:
        polys = []
    if (
        not polys
        or any(p.total_degree() > 1 for p in polys[2:])
        or any(not p.free_symbols <= {xl, xf} for p in polys)
    ):
        raise UnsupportedGameError(
            "the pact needs polynomial utilities with linear best responses (quadratic utilities)"
        )
    sp_at = {xl: _exact(spiral[0]), xf: _exact(spiral[1])}
    gains = [u - u.xreplace(sp_at) for u in us]
    nash = sp.expand(gains[0] * gains[1])
    cons = [bl - xl, bf - xf]  # >= 0
    for a, d in zip(model.actions, model.domains, strict=True):
        cons += [a - d.lower] if d.lower.is_finite else []
        cons += [d.upper - a] if d.upper.is_finite else []
    cands: list[tuple[sp.Expr, sp.Expr]] = [(sp_at[xl], sp_at[xf])]
    for c1, c2 in itertools.combinations(cons, 2):
        sol = sp.solve([c1, c2], [xl, xf], dict=True)
        if sol and len(sol[0]) == 2:
            cands.append((sol[0][xl], sol[0][xf]))
    t = sp.Dummy("t", real=True)
    for c in cons:
        if sp.diff(c, xf) != 0:
            line = {xl: t, xf: sp.solve(c, xf)[0].xreplace({xl: t})}
        else:
            line = {xl: sp.solve(c, xl)[0].xreplace({xf: t}), xf: t}
        for r in sp.Poly(sp.diff(nash.xreplace(line), t), t).real_roots():
            cands.append((line[xl].xreplace({t: r}), line[xf].xreplace({t: r})))
    grad = [sp.diff(nash, xl), sp.diff(nash, xf)]
    elim = [sp.groebner(grad, *order, order="lex").exprs[-1] for order in ((xl, xf), (xf, xl))]
    if elim[0].free_symbols == {xf} and elim[1].free_symbols == {xl}:
        for rf in sp.Poly(elim[0], xf).real_roots():
            for rl in sp.Poly(elim[1], xl).real_roots():
                at = {xl: rl, xf: rf}
                if all(abs(_num(g.xreplace(at))) < TOL for g in grad):
                    cands.append((rl, rf))
    best, value = cands[0], sp.Integer(0)
    for p in cands:
        at = dict(zip(model.actions, p, strict=True))
        if all(_num(c.xreplace(at)) >= -TOL for c in cons) and all(
            _num(g.xreplace(at)) >= -TOL for g in gains
        ):
            n = _num(nash.xreplace(at))
            if n > _num(value) + TOL:
                best, value = p, n
    at = dict(zip(model.actions, best, strict=True))
    caps = tuple(_exact(v) if v.is_Rational else v for v in best)
    # Irrational caps stay CRootOf numbers; the payoffs are exact expressions in them.
    return caps, tuple(g.xreplace(at) for g in gains), nash.xreplace(at)


def compare(
    scenario: Scenario,
    model: ContinuousGame,
    overrides: Mapping[str, Any] | None = None,
    *,
    delta: Any = None,
    penalty: Any = None,
) -> RegimeComparison:
    """For the base case and each variant: the binding pact (enforceable) against the Nash
    spiral (unenforceable)."""
    values = scenario.values(overrides, label="--set")
    outcomes, figures = [], []
    players = model.players
    for key, label, v in _variant_values(scenario, model, values):
        eqs = nash_equilibria(model, v)
        if len(eqs) != 1:
            raise UnsupportedGameError(
                f"{label}: the game has {len(eqs)} equilibria in the action intervals; the pact "
                "needs exactly one spiral to bargain against"
            )
        spiral = eqs[0]
        subs = dict(zip(model.actions, spiral, strict=True))
        d = tuple(_exact(u.xreplace(dict(v)).xreplace(subs)) for u in model.utilities)
        caps, gains, product = nash_pact(model, v, spiral)
        suffix = "" if key == "base" else f", {label}"
        acts = ", ".join(f"{a} = {_show(x)}" for a, x in zip(model.actions, caps, strict=True))
        spiral_text = ", ".join(
            f"{a} = {exact_str(x)}" for a, x in zip(model.actions, spiral, strict=True)
        )
        outcomes.append(
            RegimeOutcome(
                Regime.ENFORCEABLE,
                f"pact{suffix}",
                f"caps {acts}",
                tuple(di + g for di, g in zip(d, gains, strict=True)),
                bool(product != 0),
                None,
                product,
                f"A binding pact capping {acts} gains {players[0]} {_show(gains[0])} and "
                f"{players[1]} {_show(gains[1])} over the spiral{suffix}.",
                method="Nash bargaining over capped action pairs (exact candidates)",
            )
        )
        prod = stability(model, v, spiral)
        outcomes.append(
            RegimeOutcome(
                Regime.UNENFORCEABLE,
                f"spiral{suffix}",
                spiral_text,
                d,
                False,
                None,
                sp.Integer(0),
                f"Without a binding pact each side best-responds to the other: {spiral_text}"
                f"{suffix}, {'a stable' if abs(prod) < 1 else 'an unstable'} spiral "
                f"(slope product {exact_str(prod)}).",
                method="first-order conditions",
            )
        )
        tag = "" if key == "base" else f"_{key}"
        for a, x in zip(model.actions, spiral, strict=True):
            figures.append(Figure(f"{a}_spiral{tag}", f"{a} in the Nash spiral{suffix}", x))
        figures.append(
            Figure(
                f"slope_product{tag}",
                f"product of best-response slopes{suffix}"
                " (stable iff its absolute value is below 1)",
                prod,
            )
        )
    return RegimeComparison(
        scenario=scenario.name,
        kind=KIND,
        players=players,
        parameters=parameter_pairs(values),
        disagreement=outcomes[1].payoffs,
        outcomes=tuple(outcomes),
        figures=tuple(figures),
        method="closed form (first-order conditions) and exact Nash bargaining",
    )
