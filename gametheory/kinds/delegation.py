"""Delegated enforcement (287(g)): who volunteers, who is approved, and what a binding scope does.

A stylized delegation model after Magazinnik (2025). Enforcement intensity is one number. The
federal side's ideal is ``p_F``; a locality's ideal is ``l >= p_F`` (its type). Without a 287(g)
agreement the federal side sets the intensity, ``p_F``. Under an agreement the locality sets it
and the federal side saves ``k`` in enforcement costs; applying costs the locality ``c``. Losses
are quadratic, ``-(e - l)**2`` for the locality and ``-(e - p_F)**2`` for the federal side.

* **Unenforceable scope** (the agreement is terminable at will, its terms are not binding): the
  locality drifts to its own ideal, ``e = l``. It applies iff ``(l - p_F)**2 >= c``; the federal
  side approves iff ``(l - p_F)**2 <= k``. The agreements made are exactly
  ``l in [p_F + sqrt(c), p_F + sqrt(k)]``: only moderately hawkish localities, and none at all
  when ``c > k`` (``delegation_287g``: ``[1.2, 1.5]`` at ``c = 0.04``, ``k = 0.25``).
* **Enforceable scope** (the agreement caps the intensity at ``p_F + s`` and the cap binds): the
  locality sets ``e = min(l, p_F + s)``. With the cap at ``s = sqrt(k)`` the federal side approves
  every applicant, and a locality applies iff its gain ``(l - p_F)**2 - max(l - p_F - s, 0)**2``
  covers ``c``: every ``l >= p_F + sqrt(c)``. Binding terms let the federal side accept the
  outliers it would otherwise refuse.

Localities' types are spread uniformly on ``[p_F, l_max]``; the share with an agreement is a
closed form in each regime.

References
----------
M. Magazinnik, "An agency perspective on immigration federalism", *Journal of Politics* (2025).
A. B. Cox and E. A. Posner, "Delegation in immigration law", *U. Chi. L. Rev.* 79 (2012) 1285.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.formula import as_expression
from gametheory.kinds._sections import (
    comparison,
    parameter_texts,
    parameters_line,
    read_formula,
    record_head,
    required_level,
    title_line,
)
from gametheory.kinds.models import SectionContext
from gametheory.limits import to_float
from gametheory.model.scenario import Scenario
from gametheory.regimes.outcomes import Figure, Regime, RegimeComparison, RegimeOutcome
from gametheory.report.records import exact_str
from gametheory.tables import Table

__all__ = ["Delegation", "compare", "describe", "parse", "render", "selected_types", "solve"]

KIND = "delegation"


@dataclass(frozen=True)
class Delegation:
    """The delegation model: formulas for the federal ideal ``p_F``, the participation cost
    ``c``, the federal cost saving ``k``, the cap ``s`` of a binding scope and the highest
    locality type ``l_max`` (types uniform on ``[p_F, l_max]``)."""

    federal_ideal: sp.Expr
    cost: sp.Expr
    saving: sp.Expr
    cap: sp.Expr
    top_type: sp.Expr


def parse(table: Table, context: SectionContext) -> Delegation:
    """Read ``[delegation]``: ``federal_ideal``, ``cost``, ``saving``, ``top_type`` and
    optionally ``cap`` (default ``sqrt(saving)``), each a formula of the parameters."""
    table.allow_only(["federal_ideal", "cost", "saving", "cap", "top_type"])

    def formula(key: str, default: str | None = None) -> sp.Expr:
        return read_formula(table, key, context.names, file=context.file, default=default)

    saving = formula("saving")
    model = Delegation(
        federal_ideal=formula("federal_ideal"),
        cost=formula("cost"),
        saving=saving,
        cap=formula("cap") if table.has("cap") else sp.sqrt(saving),
        top_type=formula("top_type"),
    )
    table.finish()
    return model


def _at(model: Delegation, values: Mapping[sp.Symbol, Any]) -> dict[str, sp.Expr]:
    out = {}
    for name in ("federal_ideal", "cost", "saving", "cap", "top_type"):
        v = as_expression(getattr(model, name)).xreplace(dict(values))
        if not v.is_number:
            raise ScenarioError(f"delegation.{name} still has symbols: {v}")
        out[name] = sp.Rational(str(v)) if v.is_Float else v  # the decimal it was written as
    if out["top_type"] <= out["federal_ideal"]:
        raise ScenarioError("delegation: top_type must exceed federal_ideal", key="delegation")
    return out


def selected_types(model: Delegation, values: Mapping[sp.Symbol, Any], binding: bool) -> sp.Set:
    """The locality types with an agreement, exactly: an interval of ``l``.

    Examples
    --------
    >>> m = Delegation(sp.Integer(1), sp.Rational(1, 25), sp.Rational(1, 4), sp.Rational(1, 2),
    ...                sp.Integer(2))
    >>> selected_types(m, {}, binding=False)
    Interval(6/5, 3/2)
    >>> selected_types(m, {}, binding=True)
    Interval(6/5, 2)
    """
    v = _at(model, values)
    pf, c, k, s, top = v["federal_ideal"], v["cost"], v["saving"], v["cap"], v["top_type"]
    low = pf + sp.sqrt(c)
    if not binding:
        return sp.Interval(low, sp.Min(pf + sp.sqrt(k), top))
    if s**2 > k:  # a cap above sqrt(k) still lets some types drift beyond what F accepts
        return sp.Interval(low, sp.Min(pf + sp.sqrt(k), top))
    # With a binding cap s <= sqrt(k): F approves everyone; the gain of type l is
    # (l-pF)^2 - max(l-pF-s, 0)^2, increasing in l; apply iff gain >= c.
    if s**2 >= c:
        return sp.Interval(low, top)
    # the gain tops out at 2 s (l - pF) - s^2 above the cap; solve 2 s t - s^2 = c
    t = (c + s**2) / (2 * s) if s > 0 else sp.oo
    return sp.Interval(pf + t, top) if pf + t <= top else sp.EmptySet


def _share(types: sp.Set, v: dict[str, sp.Expr]) -> sp.Expr:
    width = v["top_type"] - v["federal_ideal"]
    if types is sp.EmptySet:
        return sp.Integer(0)
    share = as_expression(types.measure / width)
    return share if share.is_Rational else sp.radsimp(share)  # exact, never a guess


def describe(scenario: Scenario, model: Delegation, values: Mapping[sp.Symbol, Any]) -> list[str]:
    """Lines for ``fedlocal show``."""
    v = _at(model, values)
    return [
        f"federal ideal intensity p_F = {v['federal_ideal']}; locality types uniform on "
        f"[{v['federal_ideal']}, {v['top_type']}]",
        f"participation cost c = {v['cost']}; federal cost saving k = {v['saving']}; binding cap "
        f"s = {v['cap']}",
        "unenforceable scope: locals drift to their ideal; enforceable: intensity capped at p_F + s",
    ]


def solve(scenario: Scenario, model: Delegation, values: Mapping[sp.Symbol, Any]) -> dict[str, Any]:
    """The record of ``fedlocal solve``: the selected types and shares in both regimes."""
    v = _at(model, values)
    out: dict[str, Any] = {
        **record_head("solve", KIND, scenario),
        "parameters": parameter_texts(values),
        "regimes": {},
    }
    for name, binding in (("unenforceable", False), ("enforceable", True)):
        types = selected_types(model, values, binding)
        share = _share(types, v)
        out["regimes"][name] = {
            "types": None if types is sp.EmptySet else [exact_str(types.inf), exact_str(types.sup)],
            "types_float": None
            if types is sp.EmptySet
            else [to_float(types.inf), to_float(types.sup)],
            "share": exact_str(share),
            "share_float": float(share),
        }
    return out


def render(record: Mapping[str, Any]) -> str:
    """Table text of a delegation record."""
    lines = [title_line(record), parameters_line(record), ""]
    for name, r in record["regimes"].items():
        types = "none" if r["types"] is None else f"l in [{r['types'][0]}, {r['types'][1]}]"
        lines.append(f"{name}: agreements with {types}; share of localities {r['share']}")
    return "\n".join(lines) + "\n"


def compare(
    scenario: Scenario,
    model: Delegation,
    overrides: Mapping[str, Any] | None = None,
    *,
    delta: Any = None,
    penalty: Any = None,
) -> RegimeComparison:
    """Binding scope against terminable agreements, side by side (level = share with an
    agreement)."""
    values = scenario.values(overrides, label="--set")
    v = _at(model, values)
    outcomes = []
    for regime, binding, text in (
        (Regime.ENFORCEABLE, True, "With a binding scope (intensity capped at p_F + s)"),
        (Regime.UNENFORCEABLE, False, "With agreements terminable at will"),
    ):
        types = selected_types(model, values, binding)
        share = _share(types, v)
        desc = "none" if types is sp.EmptySet else f"l in [{types.inf}, {types.sup}]"
        outcomes.append(
            RegimeOutcome(
                regime,
                regime.value,
                f"agreements with {desc}",
                (),
                bool(share > 0),
                share,
                None,
                f"{text}, localities with {desc} sign up: a share {share} of them.",
                method="closed form (quadratic losses, uniform types)",
            )
        )
    figures = [
        Figure(
            "lowest_type",
            "the least hawkish locality that volunteers",
            v["federal_ideal"] + sp.sqrt(v["cost"]),
        ),
        Figure(
            "highest_type_unenforceable",
            "the most hawkish locality the federal side approves when the scope does not bind",
            v["federal_ideal"] + sp.sqrt(v["saving"]),
        ),
        Figure(
            "share_gap",
            "share of localities with an agreement: binding minus terminable",
            required_level(outcomes[0]) - required_level(outcomes[1]),
        ),
    ]
    return comparison(scenario, KIND, values, outcomes, figures, method="closed form")
