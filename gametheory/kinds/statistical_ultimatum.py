"""The statistical ultimatum game of Ramsay and Signorino (2009): the ``[statistical_ultimatum]``
section.

The proposer offers ``y`` out of a surplus ``Q``; the responder accepts (payoffs ``Q - y`` and
``y``) or rejects (payoffs ``R1 + e1`` and ``R2 + e2``), where the reservation values carry private
logistic shocks of scales ``s1`` and ``s2``. The section names the two players and gives ``Q``,
``R1``, ``R2``, ``s1`` and ``s2`` as formulas of the scenario's parameters, and the data columns
of the offer and the acceptance for ``fedlocal fit``:

.. code-block:: toml

    [statistical_ultimatum]
    proposer = "ICE"
    responder = "County"
    surplus = "b"                          # Q
    reservation_proposer = "b - c_alt"     # R1
    reservation_responder = "c_bed + p_pol" # R2
    scale_proposer = "s1"
    scale_responder = "s2"
    offer = "offer"                        # data column of the offer
    accept = "accept"                      # data column of the acceptance (false: offers only)

The section is called ``statistical_ultimatum``, not ``ultimatum``, because the bundled
``ultimatum`` scenario is the textbook finite game, and because the statistical model (private
values, a continuum of offers, a likelihood) is a different object.

The closed forms (:func:`derive`) are exact sympy formulas (Lambert's ``W`` included); the
expected offer and the unconditional probability of acceptance are integrals computed in floating
point (:mod:`gametheory.kinds.ultimatum_offers`) and labelled so. The kind has no regime
comparison (:data:`WHY_NOT`).

References
----------
Ramsay, K. W. and Signorino, C. S. (2009). A statistical model of the ultimatum game. Working
paper, University of Rochester.

Kenkel, B. and Signorino, C. S. (2014). Estimating extensive form games in R. *Journal of
Statistical Software* 56(8).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.formula import as_expression
from gametheory.kinds._sections import (
    parameter_texts,
    parameters_line,
    read_formula,
    record_head,
    title_line,
)
from gametheory.kinds.models import SectionContext
from gametheory.kinds.ultimatum_offers import UltimatumPoint, acceptance_rate, expected_offer
from gametheory.limits import to_float
from gametheory.model.scenario import Scenario
from gametheory.numbers import to_latex
from gametheory.report.records import exact_str
from gametheory.tables import Table

__all__ = [
    "FORMULAS",
    "WHY_NOT",
    "StatisticalUltimatum",
    "closed_forms",
    "derive",
    "describe",
    "parse",
    "point",
    "render",
    "solve",
]

KIND = "statistical_ultimatum"

#: The formula keys of the section, in order, with the symbol each stands for.
FORMULAS: tuple[tuple[str, str], ...] = (
    ("surplus", "Q"),
    ("reservation_proposer", "R1"),
    ("reservation_responder", "R2"),
    ("scale_proposer", "s1"),
    ("scale_responder", "s2"),
)

#: Verbs the kind does not answer, and why (the one-line refusal says it).
WHY_NOT: dict[str, str] = {
    "compare": "the statistical ultimatum game has no regime comparison (there is no agreement "
    "to enforce: an offer, once accepted, is paid; the model is about private reservation "
    "values); use solve and derive, or fit it to data with fedlocal fit",
}

_METHOD = "scipy.integrate.quad (floating point)"

Y, E1 = sp.Symbol("y", real=True), sp.Symbol("e1", real=True)
Q, R1, R2 = sp.Symbol("Q", real=True), sp.Symbol("R1", real=True), sp.Symbol("R2", real=True)
S1, S2 = sp.Symbol("s1", positive=True), sp.Symbol("s2", positive=True)
_LATEX = {Y: "y", E1: r"\varepsilon_1", Q: "Q", R1: "R_1", R2: "R_2", S1: "s_1", S2: "s_2"}


@dataclass(frozen=True)
class StatisticalUltimatum:
    """The section: the two players, the five formulas and the data columns (``accept`` is
    ``None`` when only offers are observed)."""

    proposer: str
    responder: str
    surplus: sp.Expr
    reservation_proposer: sp.Expr
    reservation_responder: sp.Expr
    scale_proposer: sp.Expr
    scale_responder: sp.Expr
    offer: str = "offer"
    accept: str | None = "accept"

    def formulas(self) -> dict[sp.Symbol, sp.Expr]:
        """``Q, R1, R2, s1, s2`` → the scenario's formulas."""
        syms = (Q, R1, R2, S1, S2)
        return {s: getattr(self, key) for s, (key, _) in zip(syms, FORMULAS, strict=True)}


def parse(table: Table, context: SectionContext) -> StatisticalUltimatum:
    """Read ``[statistical_ultimatum]`` (see the module docstring)."""
    keys = ["proposer", "responder", *(k for k, _ in FORMULAS), "offer", "accept"]
    table.allow_only(keys)
    players = []
    for role in ("proposer", "responder"):
        name = table.get(role, str, required=True)
        if name not in context.players:
            raise table.error(
                f"unknown player {name!r}; expected one of {', '.join(context.players)}",
                table.key(role),
            )
        players.append(name)
    if players[0] == players[1]:
        raise table.error("the proposer and the responder must differ", table.key("responder"))
    formulas = [read_formula(table, k, context.names, file=context.file) for k, _ in FORMULAS]
    offer = table.get("offer", str, default="offer")
    accept = table.get("accept", (str, bool), default="accept")
    if accept is True:
        raise table.error(
            "accept names the data column of the acceptance, or is false (offers only)",
            table.key("accept"),
        )
    q, r1, r2, s1, s2 = formulas
    model = StatisticalUltimatum(
        players[0], players[1], q, r1, r2, s1, s2, offer=offer, accept=accept or None
    )
    table.finish()
    return model


def _number(expr: sp.Expr, key: str) -> sp.Expr:
    v = as_expression(expr)
    if not v.is_number:
        raise ScenarioError(f"still has symbols: {v}", key=f"{KIND}.{key}")
    return sp.Rational(str(v)) if v.is_Float else v


def point(model: StatisticalUltimatum, values: Mapping[sp.Symbol, Any]) -> dict[sp.Symbol, Any]:
    """``Q, R1, R2, s1, s2`` at the parameter values, exactly; the scales must be positive and
    the surplus too."""
    out = {}
    for (key, _), (sym, expr) in zip(FORMULAS, model.formulas().items(), strict=True):
        out[sym] = _number(expr.xreplace(dict(values)), key)
    for sym, key in ((Q, "surplus"), (S1, "scale_proposer"), (S2, "scale_responder")):
        if not out[sym] > 0:
            raise ScenarioError(f"must be positive, got {out[sym]}", key=f"{KIND}.{key}")
    return out


def _float_point(exact: Mapping[sp.Symbol, Any]) -> UltimatumPoint:
    return UltimatumPoint(*(float(exact[s]) for s in (Q, R1, R2, S1, S2)))


def closed_forms() -> dict[str, tuple[str, sp.Expr]]:
    """The model's closed forms in ``Q, R1, R2, s1, s2`` (and ``y``, ``e1``): name →
    (description, formula).

    Examples
    --------
    >>> forms = closed_forms()
    >>> forms["accept_at_predicted"][1]
    LambertW(exp((Q - R1 - R2 - s2)/s2))/(LambertW(exp((Q - R1 - R2 - s2)/s2)) + 1)
    """
    accept = 1 / (1 + sp.exp(-(Y - R2) / S2))
    g = Q - Y - R1 - S2 * (1 + sp.exp((Y - R2) / S2))
    w_arg = sp.exp((Q - R1 - E1 - S2 - R2) / S2)
    rule = Q - R1 - E1 - S2 * (1 + sp.LambertW(w_arg))
    w0 = sp.LambertW(w_arg.subs(E1, 0))
    z = g / S1
    return {
        "accept": ("P(accept | y): the responder accepts iff y >= R2 + e2", accept),
        "objective": (
            "the proposer's expected payoff of offer y",
            (Q - Y) * accept + (R1 + E1) * (1 - accept),
        ),
        "gap": ("g(y): the first-order condition is e1 = g(y), g strictly decreasing", g),
        "offer_rule": ("y*(e1) = g^-1(e1), before clipping to [0, Q]", rule),
        "offer_cdf": ("P(offer <= y) for 0 <= y < Q", 1 / (1 + sp.exp(z))),
        "density": (
            "the density of an interior offer",
            sp.exp(-z) / (S1 * (1 + sp.exp(-z)) ** 2) * (1 + sp.exp((Y - R2) / S2)),
        ),
        "atom_zero": ("P(offer = 0), the lowball atom", 1 / (1 + sp.exp(z.subs(Y, 0)))),
        "atom_surplus": ("P(offer = Q), the highball atom", 1 - 1 / (1 + sp.exp(z.subs(Y, Q)))),
        "predicted_offer": ("the offer at e1 = 0, y(0) (before clipping)", rule.subs(E1, 0)),
        "accept_at_predicted": ("P(accept | y(0)) = W/(1 + W)", w0 / (1 + w0)),
    }


def describe(
    scenario: Scenario, model: StatisticalUltimatum, values: Mapping[sp.Symbol, Any]
) -> list[str]:
    """Lines for ``fedlocal show``."""
    v = point(model, values)
    p, r = model.proposer, model.responder
    accept = f"column {model.accept!r}" if model.accept else "not observed (offers only)"
    return [
        f"{p} offers y in [0, Q] with Q = {model.surplus} = {v[Q]}; {r} accepts (payoffs Q - y, "
        f"y) or rejects (payoffs R1 + e1, R2 + e2)",
        f"reservation values R1 = {model.reservation_proposer} = {v[R1]} ({p}), "
        f"R2 = {model.reservation_responder} = {v[R2]} ({r})",
        f"private shocks e1 ~ Logistic(0, s1 = {v[S1]}), e2 ~ Logistic(0, s2 = {v[S2]})",
        f"data for fit: the offer in column {model.offer!r}; the acceptance {accept}",
        "statistical ultimatum game of Ramsay and Signorino (2009)",
    ]


def _exact(value: sp.Expr) -> tuple[str, float | None]:
    return exact_str(value), to_float(value)


def solve(
    scenario: Scenario, model: StatisticalUltimatum, values: Mapping[sp.Symbol, Any]
) -> dict[str, Any]:
    """The record of ``fedlocal solve``: the offer rule, the atoms, the predicted offer and its
    acceptance exactly; the expected offer and the acceptance rate in floating point."""
    v = point(model, values)
    forms = {k: f.xreplace(v) for k, (_, f) in closed_forms().items()}
    y0 = forms["predicted_offer"]
    y0_n = y0.evalf(50)  # y(0) is transcendental: placed in [0, Q] at 50 digits
    inside = bool(0 <= y0_n <= v[Q])
    clipped = y0 if inside else (sp.Integer(0) if y0_n < 0 else v[Q])
    # inside [0, Q], exp((y(0) - R2)/s2) = W and P(accept | y(0)) = W/(1 + W)
    at_y0 = forms["accept_at_predicted"] if inside else forms["accept"].subs(Y, clipped)
    exact: dict[str, Any] = {}
    for key, value in (
        ("atom_zero", forms["atom_zero"]),
        ("atom_surplus", forms["atom_surplus"]),
        ("predicted_offer", clipped),
        ("accept_at_predicted", at_y0),
    ):
        exact[key], exact[f"{key}_float"] = _exact(value)
    fp = _float_point(v)
    return {
        **record_head("solve", KIND, scenario),
        "players": {"proposer": model.proposer, "responder": model.responder},
        "parameters": parameter_texts(values),
        "values": {sym.name: exact_str(v[sym]) for sym in (Q, R1, R2, S1, S2)},
        "offer_rule": {
            "text": f"clip({sp.sstr(forms['offer_rule'])}, 0, {v[Q]})",
            "latex": to_latex(forms["offer_rule"], symbol_names=_LATEX),
        },
        **exact,
        "predicted_offer_clipped": not inside,
        "numerical": {
            "method": _METHOD,
            "exact": False,
            "expected_offer": expected_offer(fp),
            "acceptance_rate": acceptance_rate(fp),
        },
        "notes": [
            "atoms, predicted offer y(0) (the offer at e1 = 0, by Lambert's W) and P(accept | "
            "y(0)) are exact; expected_offer and acceptance_rate are integrals in floating point",
        ],
    }


def derive(
    scenario: Scenario, model: StatisticalUltimatum, overrides: Mapping[str, Any]
) -> dict[str, Any]:
    """The record of ``fedlocal derive``: the definitions of ``Q, R1, R2, s1, s2`` in the
    scenario's parameters, the first-order condition (checked symbolically) and the closed
    forms, each with LaTeX and, where it is a number, its value at the parameter values."""
    partial = scenario.values(overrides, partial=True, label="--set")
    at = point(model, scenario.values(overrides, label="--set"))
    names = {p.symbol: p.latex or p.name for p in scenario.parameters}
    definitions = []
    for (key, _), (sym, expr) in zip(FORMULAS, model.formulas().items(), strict=True):
        shown = as_expression(expr).xreplace(partial)
        value, value_float = _exact(at[sym])
        definitions.append(
            {
                "name": sym.name,
                "key": key,
                "text": sp.sstr(shown),
                "latex": to_latex(shown, symbol_names=names),
                "value": value,
                "value_float": value_float,
            }
        )
    forms = closed_forms()
    foc = sp.diff(forms["objective"][1], Y).subs(E1, forms["gap"][1])
    checked = sp.simplify(foc) == 0
    results = []
    for name, (description, expr) in forms.items():
        entry: dict[str, Any] = {
            "name": name,
            "description": description,
            "text": sp.sstr(expr),
            "latex": to_latex(expr, symbol_names=_LATEX),
        }
        value = expr.xreplace(at)
        if value.is_number:
            entry["value"], entry["value_float"] = _exact(value)
        results.append(entry)
    return {
        **record_head("derive-model", KIND, scenario),
        "players": {"proposer": model.proposer, "responder": model.responder},
        "substituted": parameter_texts(partial),
        "definitions": definitions,
        "first_order_condition": {
            "text": f"e1 = {sp.sstr(forms['gap'][1])}",
            "latex": rf"\varepsilon_1 = {to_latex(forms['gap'][1], symbol_names=_LATEX)}",
            "checked": bool(checked),
        },
        "results": results,
    }


def render(record: Mapping[str, Any]) -> str:
    """Table text of a statistical-ultimatum ``solve`` or ``derive`` record."""
    lines = [title_line(record)]
    pl = record["players"]
    if record["command"] == "derive-model":
        for d in record["definitions"]:
            lines.append(f"{d['name']} = {d['text']} = {d['value']}")
        foc = record["first_order_condition"]
        verdict = "checked" if foc["checked"] else "NOT checked"
        lines.append(f"first-order condition ({verdict} with sympy): {foc['text']}")
        for r in record["results"]:
            value = f" = {r['value']} ~ {r['value_float']:.6g}" if "value" in r else ""
            lines.append(f"{r['name']}: {r['text']}{value}")
            lines.append(f"    {r['description']}")
        return "\n".join(lines) + "\n"
    lines.append(parameters_line(record))
    v = record["values"]
    lines.append(
        f"{pl['proposer']} offers out of Q = {v['Q']}; R1 = {v['R1']}, R2 = {v['R2']}, "
        f"s1 = {v['s1']}, s2 = {v['s2']}"
    )
    lines.append("")
    lines.append(f"offer rule y*(e1) = {record['offer_rule']['text']}")
    lines.append(
        f"predicted offer y(0) = {record['predicted_offer']} ~ {record['predicted_offer_float']:.6g}"
        + (" (clipped to [0, Q])" if record["predicted_offer_clipped"] else "")
    )
    lines.append(
        f"P({pl['responder']} accepts y(0)) = {record['accept_at_predicted']} ~ "
        f"{record['accept_at_predicted_float']:.6g}"
    )
    lines.append(f"P(offer = 0) = {record['atom_zero']} ~ {record['atom_zero_float']:.6g}")
    lines.append(f"P(offer = Q) = {record['atom_surplus']} ~ {record['atom_surplus_float']:.6g}")
    num = record["numerical"]
    lines.append(f"expected offer ~ {num['expected_offer']:.6g} (floating point)")
    lines.append(f"P(accept) ~ {num['acceptance_rate']:.6g} (floating point)")
    for note in record["notes"]:
        lines.append(f"note: {note}")
    return "\n".join(lines) + "\n"
