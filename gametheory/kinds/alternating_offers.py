"""Alternating-offers bargaining as a scenario model: a negotiated detainer policy, bound or not.

Two players split a surplus ``S`` by Rubinstein's alternating offers [Rubinstein1982]_, with a
discount factor per player (formulas of the scenario's parameters), a first proposer and outside
options a responder may take after rejecting (the outside-option principle: an option binds only
if it exceeds the Rubinstein share it would be offered). The shares come from
:func:`gametheory.analysis.bargaining.rubinstein`; proposer ``i`` takes
``x_i = S (1 - delta_j) / (1 - delta_i delta_j)``.

Regimes:

* **Enforceable**: the agreement binds; the Rubinstein shares.
* **Unenforceable**: only self-enforcing agreements count, as in ``hennepin_drawdown``. Read ``S``
  as the per-period value of the agreed policy. One player, the *reneger* ``r`` (the federal side,
  whose negotiated policy is a memo it can rescind), can take the other's share ``y`` back for a
  period, after which the other returns to its status quo for good and ``r`` gets its outside
  option ``w_r`` per period. With survival ``delta_r (1 - rho)`` per period (``rho`` the risk of
  a change of administration) and an expected penalty ``phi`` on reneging, honoring is credible iff
  ``S - y >= (1 - d) (S - phi) + d w_r`` with ``d = delta_r (1 - rho)``, that is

  ``y <= y_bar = d (S - w_r) + (1 - d) phi``.

  Bargaining over the credible agreements ``y <= y_bar``: the other player ``j`` demands
  ``x_j = min(y_bar, S - max(w_r, delta_r x_r))`` when it proposes and is offered
  ``max(w_j, delta_j x_j)``. If the Rubinstein share ``x_j*`` is at most ``y_bar`` nothing changes;
  otherwise ``x_j = y_bar`` and ``x_r = S - max(w_j, delta_j y_bar)``. If ``w_j > y_bar`` no
  credible agreement is worth accepting: ``j`` keeps its status quo.

:func:`finite_horizon` solves the ``T``-round game by backward induction, exactly; its shares
converge to the stationary ones as ``T`` grows (an independent check).

References
----------
.. [Rubinstein1982] A. Rubinstein, "Perfect equilibrium in a bargaining model", *Econometrica*
   50(1), 1982, 97-109.
.. [BRW1986] K. Binmore, A. Rubinstein and A. Wolinsky, "The Nash bargaining solution in economic
   modelling", *RAND J. Econ.* 17(2), 1986, 176-188.
.. [OR1990] M. J. Osborne and A. Rubinstein, *Bargaining and Markets*, Academic Press, 1990, ch. 3.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy as sp

from gametheory.analysis.bargaining import rubinstein
from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.formula import as_expression, parse_number
from gametheory.kinds._sections import (
    comparison,
    parameter_texts,
    parameters_line,
    rational,
    rational_at,
    read_formula,
    record_head,
    title_line,
)
from gametheory.kinds.models import SectionContext
from gametheory.limits import to_float
from gametheory.model.scenario import Scenario
from gametheory.numbers import to_latex
from gametheory.regimes.outcomes import Figure, Regime, RegimeComparison, RegimeOutcome
from gametheory.report.records import exact_str
from gametheory.symbolic.text import formula_text as plain
from gametheory.tables import Table, located

__all__ = [
    "AlternatingOffers",
    "Split",
    "capped_shares",
    "compare",
    "derive",
    "describe",
    "finite_horizon",
    "parse",
    "render",
    "solve",
]

KIND = "bargaining"
HORIZONS = (1, 2, 3, 5, 10, 20, 50)


@dataclass(frozen=True)
class AlternatingOffers:
    """The ``[bargaining]`` section: formulas for the ``surplus``, each player's ``discount`` and
    ``outside_options``, the ``first`` proposer (0 or 1), the ``reneger`` (0 or 1) and its
    ``turnover`` risk ``rho``, and the expected ``penalty`` on reneging."""

    surplus: sp.Expr
    discounts: tuple[sp.Expr, sp.Expr]
    outside_options: tuple[sp.Expr, sp.Expr]
    first: int
    reneger: int
    turnover: sp.Expr
    penalty: sp.Expr


@dataclass(frozen=True)
class Split:
    """An outcome: ``shares`` (player order), each player's proposer share, whether an agreement
    is reached, and the credibility cap (``None`` when the agreement binds)."""

    shares: tuple[Fraction, Fraction]
    proposer_shares: tuple[Fraction, Fraction]
    agreement: bool
    cap: Fraction | None = None
    cap_binds: bool = False
    options_bind: tuple[bool, bool] = (False, False)


def capped_shares(
    deltas: tuple[Any, Any],
    *,
    surplus: Any = 1,
    first: int = 0,
    outside_options: tuple[Any, Any] = (0, 0),
    reneger: int = 0,
    cap: Any = None,
) -> Split:
    """Stationary SPE shares when the other player's share cannot exceed ``cap`` (module docstring).

    ``cap=None`` is the binding agreement: :func:`~gametheory.analysis.bargaining.rubinstein`.

    Examples
    --------
    ``pep_bargaining`` (Federal = player 0 with delta 0.9, Local with 0.8):

    >>> capped_shares((Fraction(9, 10), Fraction(4, 5))).shares
    (Fraction(5, 7), Fraction(2, 7))
    >>> s = capped_shares((Fraction(9, 10), Fraction(4, 5)), cap=Fraction(1, 4))
    >>> s.shares, s.proposer_shares[1], s.cap_binds
    ((Fraction(4, 5), Fraction(1, 5)), Fraction(1, 4), True)
    """
    r = rubinstein(
        deltas[0], deltas[1], surplus=surplus, first_proposer=first, outside_options=outside_options
    )
    S, b = Fraction(r.surplus), tuple(Fraction(v) for v in r.outside_options)
    x = [Fraction(v) for v in r.proposer_shares]
    if cap is None or x[1 - reneger] <= Fraction(cap):
        return Split(
            (Fraction(r.shares[0]), Fraction(r.shares[1])),
            (x[0], x[1]),
            True,
            None if cap is None else Fraction(cap),
            False,
            r.binding,
        )
    j, y = 1 - reneger, Fraction(cap)
    if b[j] > y:  # no credible agreement is worth accepting: both keep their status quo
        return Split((b[0], b[1]), (b[0], b[1]), False, y, True, (j == 0, j == 1))
    x[j] = y
    x[reneger] = S - max(b[j], Fraction(deltas[j]) * y)
    shares = [S - x[first], S - x[first]]
    shares[first] = x[first]
    binds = [False, False]
    binds[j] = b[j] > Fraction(deltas[j]) * y
    return Split((shares[0], shares[1]), (x[0], x[1]), True, y, True, (binds[0], binds[1]))


def finite_horizon(
    deltas: tuple[Any, Any],
    rounds: int,
    *,
    surplus: Any = 1,
    first: int = 0,
    outside_options: tuple[Any, Any] = (0, 0),
    reneger: int = 0,
    cap: Any = None,
) -> tuple[Fraction, Fraction]:
    """The SPE shares of the ``rounds``-round game, by backward induction, exactly.

    After the last rejection the game ends with nothing (a responder may still opt out). Each
    round the proposer offers the responder exactly what rejecting is worth to it: its outside
    option or its discounted value as next round's proposer; a share above ``cap`` is not
    credible for the player who is not the ``reneger``.

    Examples
    --------
    >>> finite_horizon((Fraction(9, 10), Fraction(4, 5)), 1)
    (Fraction(1, 1), Fraction(0, 1))
    >>> finite_horizon((Fraction(9, 10), Fraction(4, 5)), 2)
    (Fraction(1, 5), Fraction(4, 5))
    """
    d = (Fraction(deltas[0]), Fraction(deltas[1]))
    S, b = Fraction(surplus), (Fraction(outside_options[0]), Fraction(outside_options[1]))
    if cap is not None and b[1 - reneger] > Fraction(cap):
        return b  # no credible agreement is worth accepting
    nxt = None  # the next round's proposer share
    for t in range(rounds - 1, -1, -1):
        i = first if t % 2 == 0 else 1 - first
        j = 1 - i
        keep = max(b[j], d[j] * nxt) if nxt is not None else b[j]
        own = S - keep
        if cap is not None and i != reneger:
            own = min(Fraction(cap), own)
        nxt = own
    if nxt is None:  # no round was played
        raise ScenarioError(f"rounds must be at least 1, got {rounds}")
    i0 = first
    out = [S - nxt, S - nxt]
    out[i0] = nxt
    return out[0], out[1]


# ----------------------------------------------------------------------------- scenario section


def parse(table: Table, context: SectionContext) -> AlternatingOffers:
    """Read ``[bargaining]``: ``surplus``, ``discount`` and optional ``outside_options`` (tables
    keyed by player), ``first`` and ``reneger`` (player names; default the first player),
    ``turnover`` and ``penalty`` (default 0)."""
    table.allow_only(
        ["surplus", "discount", "outside_options", "first", "reneger", "turnover", "penalty"]
    )
    players = list(context.players)
    if len(players) != 2:
        raise table.error(f"bargaining needs exactly 2 [[players]], got {len(players)}", "players")

    def per_player(name: str, required: bool) -> tuple[sp.Expr, sp.Expr]:
        t = table.table(name, required=required)
        if t is None:
            return (sp.Integer(0), sp.Integer(0))
        t.allow_only(players)
        default = None if required else 0
        out = tuple(
            read_formula(t, p, context.names, file=context.file, default=default) for p in players
        )
        t.finish()
        return out

    def player(key: str) -> int:
        name = table.get(key, str, default=players[0])
        if name not in players:
            raise table.error(
                f"unknown player {name!r}; expected one of: {', '.join(players)}", table.key(key)
            )
        return players.index(name)

    def scalar(key: str, default: Any) -> sp.Expr:
        return read_formula(table, key, context.names, file=context.file, default=default)

    model = AlternatingOffers(
        surplus=scalar("surplus", None),
        discounts=per_player("discount", True),
        outside_options=per_player("outside_options", False),
        first=player("first"),
        reneger=player("reneger"),
        turnover=scalar("turnover", 0),
        penalty=scalar("penalty", 0),
    )
    table.finish()
    return model


def _num(expr: sp.Expr, values: Mapping[sp.Symbol, Any], key: str) -> Fraction:
    return rational_at(expr, values, key=f"bargaining.{key}")


def _at(
    model: AlternatingOffers, values: Mapping[sp.Symbol, Any], penalty: Any = None
) -> dict[str, Any]:
    d = tuple(_num(x, values, "discount") for x in model.discounts)
    b = tuple(_num(x, values, "outside_options") for x in model.outside_options)
    S = _num(model.surplus, values, "surplus")
    rho = _num(model.turnover, values, "turnover")
    phi = (
        _num(located(parse_number, penalty, file=None, key="--penalty"), {}, "penalty")
        if penalty is not None
        else _num(model.penalty, values, "penalty")
    )
    if not all(0 < x < 1 for x in d):
        raise ScenarioError(
            f"discount factors must lie in (0, 1), got {d}", key="bargaining.discount"
        )
    if not 0 <= rho <= 1 or phi < 0:
        raise ScenarioError("turnover must lie in [0, 1] and penalty be >= 0", key="bargaining")
    survive = d[model.reneger] * (1 - rho)
    cap = survive * (S - b[model.reneger]) + (1 - survive) * phi
    return {"d": d, "b": b, "S": S, "rho": rho, "phi": phi, "cap": cap}


def _terms(model: AlternatingOffers, v: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of :func:`capped_shares` and :func:`finite_horizon` at ``v``."""
    return {
        "surplus": v["S"],
        "first": model.first,
        "outside_options": v["b"],
        "reneger": model.reneger,
    }


def _splits(model: AlternatingOffers, v: dict[str, Any]) -> dict[str, Split]:
    kw = _terms(model, v)
    return {
        "enforceable": capped_shares(v["d"], **kw),
        "unenforceable": capped_shares(v["d"], cap=v["cap"], **kw),
    }


def describe(
    scenario: Scenario, model: AlternatingOffers, values: Mapping[sp.Symbol, Any]
) -> list[str]:
    """Lines for ``fedlocal show``."""
    v = _at(model, values)
    names = [p.name for p in scenario.players]
    r = names[model.reneger]
    return [
        f"alternating offers over S = {v['S']}; {names[model.first]} proposes first",
        "discount factors "
        + ", ".join(f"{n} {d}" for n, d in zip(names, v["d"], strict=True))
        + "; outside options "
        + ", ".join(f"{n} {b}" for n, b in zip(names, v["b"], strict=True)),
        f"unenforceable: {r} can renege (turnover rho = {v['rho']}, penalty {v['phi']}); it honors "
        f"the other's share only up to {v['cap']}",
    ]


def _split_record(s: Split, names: list[str]) -> dict[str, Any]:
    return {
        "agreement": s.agreement,
        "shares": {n: exact_str(x) for n, x in zip(names, s.shares, strict=True)},
        "shares_float": {n: to_float(x) for n, x in zip(names, s.shares, strict=True)},
        "proposer_shares": {n: exact_str(x) for n, x in zip(names, s.proposer_shares, strict=True)},
        "proposer_shares_float": {
            n: to_float(x) for n, x in zip(names, s.proposer_shares, strict=True)
        },
        "outside_option_binds": dict(zip(names, s.options_bind, strict=True)),
        "cap": None if s.cap is None else exact_str(s.cap),
        "cap_float": None if s.cap is None else to_float(s.cap),
        "cap_binds": s.cap_binds,
    }


def solve(
    scenario: Scenario, model: AlternatingOffers, values: Mapping[sp.Symbol, Any]
) -> dict[str, Any]:
    """The record of ``fedlocal solve``: shares in both regimes and the finite-horizon check."""
    v = _at(model, values)
    names = [p.name for p in scenario.players]
    splits = _splits(model, v)
    kw = _terms(model, v)
    horizon = []
    for T in HORIZONS:
        sh = finite_horizon(v["d"], T, **kw)
        gap = abs(sh[model.first] - splits["enforceable"].shares[model.first])
        horizon.append(
            {
                "rounds": T,
                "first_proposer_share": exact_str(sh[model.first]),
                "first_proposer_share_float": to_float(sh[model.first]),
                "gap": exact_str(gap),
                "gap_float": to_float(gap),
            }
        )
    return {
        **record_head("solve", KIND, scenario),
        "parameters": parameter_texts(values),
        "first_proposer": names[model.first],
        "reneger": names[model.reneger],
        "regimes": {k: _split_record(s, names) for k, s in splits.items()},
        "finite_horizon": horizon,
        "method": "Rubinstein (1982) stationary SPE; finite horizon by backward induction",
    }


def render(record: Mapping[str, Any]) -> str:
    """Table text of a bargaining record (``solve`` or ``derive``)."""
    lines = [title_line(record)]
    if record["command"] == "derive-model":
        lines += [f"{k}: {v['text']}" for k, v in record["formulas"].items()]
        return "\n".join(lines) + "\n"
    lines.append(parameters_line(record))
    lines.append(f"{record['first_proposer']} proposes first; {record['reneger']} can renege")
    lines.append("")
    for name, r in record["regimes"].items():
        shares = ", ".join(f"{n} {x}" for n, x in r["shares"].items())
        demands = ", ".join(f"{n} {x}" for n, x in r["proposer_shares"].items())
        deal = "agreement" if r["agreement"] else "no agreement (status quo)"
        cap = "" if r["cap"] is None else f"; cap {r['cap']}{' (binds)' if r['cap_binds'] else ''}"
        lines.append(f"{name}: {deal}: {shares}; each as proposer: {demands}{cap}")
    lines.append("")
    lines.append("finite horizon (backward induction), first proposer's share:")
    for h in record["finite_horizon"]:
        share = h["first_proposer_share"]
        text = share if len(share) <= 16 else f"{h['first_proposer_share_float']:.6f}"
        lines.append(
            f"  T = {h['rounds']}: {text} (gap to the stationary share {h['gap_float']:.3g})"
        )
    return "\n".join(lines) + "\n"


def _cap_formula(model: AlternatingOffers) -> sp.Expr:
    r = model.reneger
    d = model.discounts[r] * (1 - model.turnover)
    return d * (model.surplus - model.outside_options[r]) + (1 - d) * model.penalty


def compare(
    scenario: Scenario,
    model: AlternatingOffers,
    overrides: Mapping[str, Any] | None = None,
    *,
    delta: Any = None,
    penalty: Any = None,
) -> RegimeComparison:
    """Binding agreement against self-enforcing ones (and a penalty on reneging, with
    ``--penalty``); level = the share of the player who cannot renege."""
    if delta is not None:
        raise UnsupportedGameError("a bargaining model has a discount factor per player: use --set")
    values = scenario.values(overrides, label="--set")
    names = [p.name for p in scenario.players]
    r, j = model.reneger, 1 - model.reneger
    v = _at(model, values)
    splits = _splits(model, v)
    cases: list[tuple[Regime, str, Split, dict[str, Any]]] = [
        (Regime.ENFORCEABLE, "enforceable", splits["enforceable"], {}),
        (Regime.UNENFORCEABLE, "unenforceable", splits["unenforceable"], {}),
    ]
    if penalty is not None:
        vp = _at(model, values, penalty)
        cases.append(
            (
                Regime.PARTIAL,
                f"penalty {vp['phi']}",
                _splits(model, vp)["unenforceable"],
                {"phi": vp["phi"]},
            )
        )
    b = v["b"]
    outcomes, products = [], {}
    for regime, label, s, params in cases:
        nash = (s.shares[0] - b[0]) * (s.shares[1] - b[1])
        products[label] = nash
        if not s.agreement:
            sentence = (
                f"No agreement: {names[r]} would honor a share of at most {s.cap} for "
                f"{names[j]}, below its status quo {b[j]}."
            )
        elif s.cap_binds:
            sentence = (
                f"Only shares up to {s.cap} for {names[j]} are credible, so {names[j]} gets "
                f"{s.shares[j]} and {names[r]} {s.shares[r]}."
            )
        else:
            sentence = (
                f"{names[model.first]} proposes first and {names[0]} gets {s.shares[0]}, "
                f"{names[1]} {s.shares[1]}"
                + (", as if bound" if regime is not Regime.ENFORCEABLE else "")
                + "."
            )
        outcomes.append(
            RegimeOutcome(
                regime,
                label,
                "agreement" if s.agreement else "no agreement",
                (rational(s.shares[0]), rational(s.shares[1])),
                s.agreement,
                rational(s.shares[j]) if s.agreement else None,
                rational(nash),
                sentence,
                parameters=tuple((k, rational(x)) for k, x in params.items()),
                method="Rubinstein stationary SPE"
                + (", credible shares only" if s.cap is not None else ""),
            )
        )
    xj = splits["enforceable"].proposer_shares[j]
    dr, S, wr, phi = v["d"][r], v["S"], b[r], v["phi"]

    def rho_at(target: Fraction) -> sp.Expr | None:
        if S - wr - phi <= 0:
            return None
        return rational(1 - (target - phi) / (S - wr - phi) / dr)

    figures = [
        Figure(
            "credible_cap",
            f"the largest share for {names[j]} that {names[r]} honors",
            rational(v["cap"]),
            _cap_formula(model),
        ),
        Figure(
            "rubinstein_share",
            f"{names[j]}'s Rubinstein share as proposer (the cap binds below it)",
            rational(xj),
        ),
        Figure("turnover_cap_binds", "the turnover risk rho above which the cap binds", rho_at(xj)),
        Figure(
            "turnover_no_agreement",
            f"the turnover risk above which {names[j]} keeps its status quo",
            rho_at(b[j]),
        ),
        Figure(
            "outside_option_binds_above",
            f"{names[j]}'s outside option binds only above",
            rational(v["d"][j] * xj),
        ),
        Figure(
            "cost_of_unenforceability",
            "Nash product (over the outside options) lost without enforcement",
            rational(products["enforceable"] - products["unenforceable"]),
        ),
        Figure(
            f"cost_{names[j]}",
            f"what {names[j]} loses without enforcement",
            rational(splits["enforceable"].shares[j] - splits["unenforceable"].shares[j]),
        ),
    ]
    return comparison(
        scenario,
        KIND,
        values,
        outcomes,
        figures,
        method="exact",
        disagreement=(rational(b[0]), rational(b[1])),
    )


def derive(
    scenario: Scenario, model: AlternatingOffers, overrides: Mapping[str, Any]
) -> dict[str, Any]:
    """Closed forms (``fedlocal derive``), symbolic in the parameters not given with ``--set``.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> sc = load_scenario("pep_bargaining")
    >>> derive(sc, sc.model[1], {})["formulas"]["proposer_share_Federal"]["text"]
    'S*(1 - delta_L)/(-delta_F*delta_L + 1)'
    """
    sub = scenario.values(overrides, partial=True, label="--set")
    names = [p.name for p in scenario.players]
    r, j = model.reneger, 1 - model.reneger
    d0, d1 = (as_expression(x).xreplace(sub) for x in model.discounts)
    S = as_expression(model.surplus).xreplace(sub)
    x = (S * (1 - d1) / (1 - d0 * d1), S * (1 - d0) / (1 - d0 * d1))
    d = (d0, d1)
    w = tuple(as_expression(o).xreplace(sub) for o in model.outside_options)
    cap = _cap_formula(model).xreplace(sub)
    forms: dict[str, Any] = {}
    for k in (0, 1):
        forms[f"proposer_share_{names[k]}"] = x[k]
        forms[f"responder_share_{names[k]}"] = d[k] * x[k]
    check = rubinstein(d0, d1, surplus=S)  # the library's own closed form agrees
    if any(
        sp.simplify(as_expression(check.proposer_shares[k]) - x[k]) != 0 for k in (0, 1)
    ):  # pragma: no cover
        raise AssertionError("closed form disagrees with gametheory.analysis.bargaining.rubinstein")
    # The first proposer's share if both discounted at its own rate: S(1 - d)/(1 - d**2).
    f = model.first
    forms["equal_discount_share"] = sp.factor(S * (1 - d[f]) / (1 - d[f] ** 2))
    forms[f"outside_option_binds_{names[j]}"] = w[j] > d[j] * x[j]
    forms["credible_cap"] = cap
    forms["cap_binds"] = cap < x[j]
    forms[f"capped_proposer_share_{names[j]}"] = cap
    forms[f"capped_proposer_share_{names[r]}"] = S - sp.Max(w[j], d[j] * cap)
    forms["no_agreement"] = w[j] > cap
    return {
        **record_head("derive-model", KIND, scenario),
        "formulas": {k: {"text": plain(v), "latex": to_latex(v)} for k, v in forms.items()},
    }
