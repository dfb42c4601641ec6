"""Two-player games with continuous actions, solved through first-order conditions.

The ``[continuous]`` scenario kind: each player chooses a number in a closed interval and has a
utility of both actions and the parameters. Best responses come from the first-order conditions,
a Nash equilibrium is a fixed point of the best-response map and it is stable iff the product of
the best-response slopes is below one in absolute value; for linear best responses
``x_L = alpha_L + beta_L x_F``, ``x_F = alpha_F + beta_F x_L`` that is ``|beta_L beta_F| < 1`` and
the equilibrium is ``x_L* = (alpha_L + beta_L alpha_F)/(1 - beta_L beta_F)`` (Gibbons 1992,
§1.2). Comparative statics are the derivatives of the closed form. The best responses, equilibria,
stability and the pact are computed in :mod:`gametheory.kinds.continuous_game`, whose public names
this module re-exports; this module reads the section and describes, solves, derives, renders and
compares it.

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

from collections.abc import Mapping
from typing import Any

import sympy as sp

from gametheory.exceptions import UnsupportedGameError
from gametheory.kinds._sections import (
    comparison,
    parameter_changes,
    parameter_texts,
    parameters_line,
    read_formula,
    record_head,
    sub_tables,
    title_line,
    with_changes,
)
from gametheory.kinds.continuous_game import (
    TOL,
    ContinuousGame,
    Values,
    as_exact,
    best_responses,
    best_responses_at,
    nash_equilibria,
    nash_pact,
    stability,
)
from gametheory.kinds.models import SectionContext
from gametheory.limits import to_float
from gametheory.model.parameters import Domain
from gametheory.model.scenario import Scenario
from gametheory.numbers import to_latex
from gametheory.regimes.outcomes import Figure, Regime, RegimeComparison, RegimeOutcome
from gametheory.report.records import exact_str
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
    "nash_pact",
    "parse",
    "render",
    "solve",
    "stability",
]

KIND = "continuous"


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
    utilities = tuple(read_formula(ut, p, names, file=ut.file) for p in context.players)
    ut.finish()
    variants = []
    for key, v in sub_tables(table, "variants", "variant"):
        label = v.get("label", str, default=key)
        variants.append((key, label, parameter_changes(v, context.parameters, context.names)))
        v.finish()
    table.finish()
    return ContinuousGame(
        tuple(context.players),  # type: ignore[arg-type]
        (symbols[0], symbols[1]),
        (domains[0], domains[1]),
        (texts[0], texts[1]),
        utilities,
        tuple(variants),
    )


def _variant_values(
    scenario: Scenario, model: ContinuousGame, values: Values
) -> list[tuple[str, str, dict[sp.Symbol, Any]]]:
    return [("base", "base case", dict(values))] + [
        (key, label, with_changes(scenario, values, changes, as_exact))
        for key, label, changes in model.variants
    ]


def _case(scenario: Scenario, model: ContinuousGame, values: Values) -> dict[str, Any]:
    eqs = nash_equilibria(model, values)
    (bl, bf), socs = best_responses_at(model, values)
    out: dict[str, Any] = {
        "best_responses": [sp.sstr(bl), sp.sstr(bf)],
        "second_order": [sp.sstr(s) for s in socs],
        "equilibria": [],
    }
    for p in eqs:
        subs = dict(zip(model.actions, p, strict=True))
        pays = [as_exact(u.xreplace(dict(values)).xreplace(subs)) for u in model.utilities]
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


def _text(e: sp.Expr) -> str:
    return plain(e, order="none")


def describe(scenario: Scenario, model: ContinuousGame, values: Values) -> list[str]:
    """Lines for ``fedlocal show``: actions, utilities and best responses at the values."""
    (bl, bf), _ = best_responses_at(model, values)
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
        {"name": key, "label": label, "parameters": parameter_texts(v), **_case(scenario, model, v)}
        for key, label, v in _variant_values(scenario, model, values)
    ]
    return {
        **record_head("solve", KIND, scenario),
        "players": list(model.players),
        "actions": [str(a) for a in model.actions],
        "parameters": parameter_texts(values),
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
        shown, v = _form(e), as_exact(e.xreplace(point))
        out = {**extra, "text": _text(shown)}
        out["latex"] = to_latex(shown, symbol_names=latex, order="none").replace(
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
        **record_head("derive-model", KIND, scenario),
        "players": list(model.players),
        "substituted": parameter_texts(partial),
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
    pl = record["players"]
    lines = [title_line(record)]
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
    lines.append(parameters_line(record))
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


def _show(e: sp.Expr) -> str:
    return exact_str(e) if e.is_Rational else f"{float(e):.6g}"


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
        d = tuple(as_exact(u.xreplace(dict(v)).xreplace(subs)) for u in model.utilities)
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
    return comparison(
        scenario,
        KIND,
        values,
        outcomes,
        figures,
        method="closed form (first-order conditions) and exact Nash bargaining",
        disagreement=outcomes[1].payoffs,
    )
