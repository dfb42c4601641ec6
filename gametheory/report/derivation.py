"""Derivations → records → text, JSON and LaTeX (``fedlocal derive``, with ``--explain``).

Every expression in a record is given twice: as a sympy-parsable string and as LaTeX written
with the scenario's own symbols (``\\tau`` for ``tau``). The LaTeX renderers produce fragments
that need only amsmath.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sympy as sp

from gametheory.model.scenario import Scenario
from gametheory.numbers import exact_number, to_latex
from gametheory.report.latex import tex_escape
from gametheory.report.outcomes import outcome_lines, outcome_records, plays_text
from gametheory.report.records import SCHEMA_VERSION, exact_str, scenario_header
from gametheory.report.text import text_table
from gametheory.solvers.backward_induction import SubgamePerfectEquilibrium
from gametheory.solvers.outcomes import Outcome
from gametheory.symbolic.conditions import Assumptions, Condition
from gametheory.symbolic.derive import Derivation, MixedSolution, PureProfile
from gametheory.symbolic.simplify import simplify_condition
from gametheory.symbolic.statics import comparative_statics
from gametheory.symbolic.text import formula_text

__all__ = ["derive_record", "render_derive_latex", "render_derive_table"]

Names = Mapping[sp.Symbol, str]


def _expr(e: sp.Expr, names: Names) -> dict[str, str]:
    return {"sympy": sp.sstr(e), "latex": to_latex(e, symbol_names=dict(names))}


def _equation(eq: sp.Basic, names: Names) -> dict[str, str]:
    out = _expr(eq, names)
    out["text"] = f"{formula_text(eq.lhs)} = {formula_text(eq.rhs)}"
    return out


def _cond(c: Condition, names: Names, known: Assumptions | None = None) -> dict[str, Any]:
    """A condition in its simplest form (:mod:`gametheory.symbolic.simplify`): ``status``,
    ``text``, ``latex`` and, in one free parameter, ``intervals`` as data."""
    return simplify_condition(c, known).record(names)


def _latex_names(scenario: Scenario | None, derivation: Derivation) -> dict[sp.Symbol, str]:
    names: dict[sp.Symbol, str] = {}
    if scenario is not None:
        names = {p.symbol: p.latex for p in scenario.parameters if p.latex}
    return {s: names.get(s, to_latex(s)) for s in derivation.symbols}


def derive_record(
    derivation: Derivation,
    scenario: Scenario | None = None,
    substituted: Mapping[sp.Symbol, sp.Expr] | None = None,
    *,
    explain: bool = False,
    spe: Sequence[SubgamePerfectEquilibrium] = (),
    outcomes: Sequence[Outcome] = (),
) -> dict[str, Any]:
    """The JSON record of a derivation (schema in docs/reference/json.md).

    Comparative statics are evaluated at the scenario's defaults (with ``substituted`` applied).
    For a game tree, ``outcomes`` (:func:`~gametheory.solvers.outcomes.spe_outcomes`) adds the
    subgame-perfect outcomes, each with its simplified condition; ``spe`` (from symbolic
    backward induction) adds each subgame-perfect
    equilibrium with the condition under which it holds.
    """
    game = derivation.game
    names = _latex_names(scenario, derivation)
    at: dict[sp.Symbol, sp.Expr] = {}
    if scenario is not None:
        at = {p.symbol: p.default for p in scenario.parameters if p.symbol in derivation.symbols}
    statics = comparative_statics(derivation, at or None)
    actions = game.actions
    known = derivation.assumptions
    regions = None
    if derivation.regions is not None:
        regions = []
        for r in derivation.regions:
            simple = simplify_condition(r.condition, known)
            if simple.status != "never":
                regions.append((simple, r))
        regions.sort(key=lambda sr: sr[0].sort_key)
    mixed = [(m, _mixed(m, derivation, names)) for m in derivation.mixed]
    valid_mixed = [rec for _, rec in mixed if rec["condition"]["status"] != "never"]
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "derive",
        "scenario": scenario_header(scenario, game.title),
        "players": list(game.players),
        "actions": [list(a) for a in actions],
        "substituted": {
            s.name: exact_str(v)
            for s, v in sorted((substituted or {}).items(), key=lambda kv: kv[0].name)
        },
        "symbolic": [s.name for s in derivation.symbols],
        "latex_symbols": {s.name: names[s] for s in derivation.symbols},
        "assumptions": [_expr(a.relation, names) for a in derivation.assumptions.atoms],
        "payoffs": [
            [
                [_expr(game.payoffs[k][i, j], names) for j in range(len(actions[1]))]
                for i in range(len(actions[0]))
            ]
            for k in (0, 1)
        ],
        "pure": [_pure(p, derivation, names) for p in derivation.pure],
        "regions": None
        if regions is None
        else [
            {
                "condition": simple.record(names),
                "equilibria": [[actions[0][i], actions[1][j]] for i, j in r.equilibria],
                "boundary": r.boundary,
            }
            for simple, r in regions
        ],
        "mixed": valid_mixed,
        "mixed_never_valid": len(mixed) - len(valid_mixed),
        "dominance": [
            {
                "player": game.players[d.player],
                "action": actions[d.player][d.action],
                "by": actions[d.player][d.by],
                "kind": d.kind,
                "condition": _cond(d.condition, names, known),
            }
            for d in derivation.dominance
        ],
        "comparative_statics": [
            {
                "quantity": s.quantity.name,
                "kind": s.quantity.kind,
                "expression": _expr(s.quantity.expr, names),
                "parameter": s.parameter.name,
                "derivative": _expr(s.derivative, names),
                "sign": s.sign,
                "at_defaults": None if s.value is None else exact_str(s.value),
            }
            for s in statics
        ],
        "spe": [
            {
                "path": list(e.path),
                "choices": e.choices_text,
                "payoffs": [_expr(exact_number(u), names) for u in e.payoffs],
                "condition": _cond(e.condition, names, known),
            }
            for e in spe
        ],
        "outcomes": outcome_records(outcomes, symbolic=True, known=known, names=names),
        "assumptions_failed": scenario.failed_assumptions(substituted or {})
        if scenario is not None
        else [],
        "notes": list(derivation.notes),
        "explain": explain,
    }


def _pure(p: PureProfile, derivation: Derivation, names: Names) -> dict[str, Any]:
    game = derivation.game
    return {
        "profile": list(p.labels),
        "payoffs": [_expr(u, names) for u in p.payoffs],
        "condition": _cond(p.condition, names, derivation.assumptions),
        "deviations": [
            {
                "player": game.players[d.player],
                "to": game.actions[d.player][d.action],
                "gain_from_staying": _expr(d.difference, names),
                "verdict": {True: "holds", False: "fails", None: "depends on the parameters"}[
                    d.verdict
                ],
            }
            for d in p.deviations
        ],
    }


def _readable(eq: sp.Basic) -> sp.Basic:
    """Show the derivation's dummy unknowns (``q_A``, ``u_Row``) as plain symbols."""
    return eq.xreplace({d: sp.Symbol(d.name) for d in eq.free_symbols if isinstance(d, sp.Dummy)})


def _mixed(m: MixedSolution, derivation: Derivation, names: Names) -> dict[str, Any]:
    game = derivation.game
    return {
        "supports": [[game.actions[p][i] for i in m.supports[p]] for p in (0, 1)],
        "indifference": [_equation(_readable(eq), names) for eq in m.indifference],
        "strategies": [[_expr(v, names) for v in m.strategies[p]] for p in (0, 1)],
        "payoffs": [_expr(u, names) for u in m.payoffs],
        "condition": _cond(m.condition, names, derivation.assumptions),
    }


# -- text ---------------------------------------------------------------------------------------
def _plain_cond(c: Mapping[str, Any]) -> str:
    return c["status"] if c["status"] != "conditional" else f"iff {c['text']}"


def render_derive_table(record: Mapping[str, Any]) -> str:
    """The derivation as text; with ``record["explain"]`` the step-by-step derivation."""

    sc, players = record["scenario"], record["players"]
    lines = [f"{sc['name'] or 'game'}: {sc['title']}"]
    if record["substituted"]:
        lines.append(
            "substituted: " + ", ".join(f"{k}={v}" for k, v in record["substituted"].items())
        )
    lines.append("symbolic parameters: " + (", ".join(record["symbolic"]) or "none"))
    if record["assumptions"]:
        lines.append("assumptions: " + ", ".join(a["sympy"] for a in record["assumptions"]))
    lines += ["", f"payoffs ({players[0]}, {players[1]}):"]
    rows = []
    for i, r in enumerate(record["actions"][0]):
        row = {f"{players[0]} \\ {players[1]}": r}
        for j, c in enumerate(record["actions"][1]):
            row[c] = f"{record['payoffs'][0][i][j]['sympy']}, {record['payoffs'][1][i][j]['sympy']}"
        rows.append(row)
    lines += ["  " + ln for ln in text_table(rows).splitlines()]
    outcomes = [o for o in record.get("outcomes", []) if o["condition"]["status"] != "never"]
    if outcomes:
        lines += ["", "subgame-perfect outcomes of the tree (backward induction):"]
        lines += outcome_lines(outcomes)
        if not record["spe"]:
            lines += ["", "reduced strategic form:"]
    if record["spe"]:
        lines += ["", "subgame-perfect equilibria of the tree (backward induction):"]
        for k, e in enumerate(record["spe"]):
            choices = ", ".join(f"{h or 'root'}: {a}" for h, a in e["choices"].items())
            lines.append(f"  {k}. {choices}: {_plain_cond(e['condition'])}")
            lines.append(f"     payoffs ({', '.join(u['sympy'] for u in e['payoffs'])})")
        lines += ["", "reduced strategic form:"]
    lines += ["", "pure profiles (equilibrium when):"]
    lines += _pure_lines(record)
    if record["regions"] is not None:
        lines += ["", "regions of the parameter space:"]
        rows = [
            {
                "#": k,
                "where": "everywhere"
                if r["condition"]["status"] == "always"
                else r["condition"]["text"],
                "pure equilibria": ", ".join(f"({a}, {b})" for a, b in r["equilibria"]) or "none",
                "kind": "boundary" if r["boundary"] else "open",
            }
            for k, r in enumerate(record["regions"])
        ]
        lines += ["  " + ln for ln in text_table(rows).splitlines()]
    lines += _mixed_lines(record)
    lines += _dominance_lines(record)
    lines += _statics_lines(record)
    for text in record["assumptions_failed"]:
        lines.append(f"note: the scenario's assumption {text} does not hold at the values given")
    for note in record["notes"]:
        lines.append(f"note: {note}")
    return "\n".join(lines) + "\n"


def _pure_lines(record: Mapping[str, Any]) -> list[str]:
    """The pure profiles and when each is an equilibrium (with ``explain``, each deviation)."""
    players = record["players"]
    lines: list[str] = []
    if record["explain"]:
        for p in record["pure"]:
            lines.append(f"  ({', '.join(p['profile'])}):")
            for d in p["deviations"]:
                kept = p["profile"][players.index(d["player"])]
                lines.append(
                    f"    {d['player']} keeps {kept} rather than switch to {d['to']} iff "
                    f"{d['gain_from_staying']['sympy']} >= 0: {d['verdict']}"
                )
            lines.append(f"    => equilibrium {_plain_cond(p['condition'])}")
    else:
        rows = [
            {"profile": f"({', '.join(p['profile'])})", "equilibrium": _plain_cond(p["condition"])}
            for p in record["pure"]
        ]
        lines += ["  " + ln for ln in text_table(rows).splitlines()]
    return lines


def _mixed_lines(record: Mapping[str, Any]) -> list[str]:
    """The mixed equilibria by support (with ``explain``, the indifference equations)."""
    players = record["players"]
    lines: list[str] = []
    lines += ["", "mixed equilibria (by support):"]
    never = record.get("mixed_never_valid", 0)
    if not record["mixed"] and not never:
        lines.append("  none: no support pair of equal size has a unique indifference solution")
    elif not record["mixed"]:
        lines.append("  none")
    for m in record["mixed"]:
        support = f"({', '.join(m['supports'][0])}) x ({', '.join(m['supports'][1])})"
        lines.append(f"  {support}: {_plain_cond(m['condition'])}")
        for p in (0, 1):
            probs = ", ".join(
                f"{a}: {v['sympy']}"
                for a, v in zip(record["actions"][p], m["strategies"][p], strict=True)
                if v["sympy"] != "0"
            )
            lines.append(f"    {players[p]} plays {probs}")
        lines.append(f"    payoffs: {m['payoffs'][0]['sympy']}, {m['payoffs'][1]['sympy']}")
        if record["explain"]:
            k = len(m["supports"][0])
            for who, mixer, letter, eqs in (
                (0, 1, "q", m["indifference"][: k + 1]),
                (1, 0, "p", m["indifference"][k + 1 :]),
            ):
                lines.append(
                    f"    {players[who]} is indifferent among {', '.join(m['supports'][who])} "
                    f"when {players[mixer]} mixes with probabilities {letter}:"
                )
                lines += [f"      {eq['text']}" for eq in eqs]
            lines.append(
                f"    valid {_plain_cond(m['condition'])}: every probability in (0, 1) and no action "
                "outside the support earns more"
            )
    if never:
        lines.append(
            f"  ({never} other support pair{'s' if never > 1 else ''} never "
            f"give{'s' if never == 1 else ''} an equilibrium under the assumptions)"
        )
    return lines


def _dominance_lines(record: Mapping[str, Any]) -> list[str]:
    """The dominated pure strategies (at most 12 listed) and where they are dominated."""
    lines: list[str] = []
    dominance = [d for d in record["dominance"] if d["condition"]["status"] != "never"]
    if dominance:
        lines += ["", "dominance (by a pure strategy):"]
        for d in dominance[:12]:
            where = _plain_cond(d["condition"])
            lines.append(
                f"  {d['player']}'s {d['action']} is {d['kind']}ly dominated by {d['by']}: {where}"
            )
        if len(dominance) > 12:
            lines.append(f"  ... and {len(dominance) - 12} more (see --format json)")
    return lines


def _statics_lines(record: Mapping[str, Any]) -> list[str]:
    """The comparative statics: the sign of each derivative and its value at the defaults."""
    lines: list[str] = []
    statics = record["comparative_statics"]
    if statics:
        lines += ["", "comparative statics (sign of the derivative; its value at the defaults):"]
        quantities: dict[str, dict[str, Any]] = {}
        for s in statics:
            row = quantities.setdefault(s["quantity"], {"quantity": s["quantity"]})
            value = (
                f" ({s['at_defaults']})"
                if s["at_defaults"] is not None and s["sign"] != "0"
                else ""
            )
            row[s["parameter"]] = s["sign"] + value
        lines += ["  " + ln for ln in text_table(list(quantities.values())).splitlines()]
    return lines


# -- LaTeX --------------------------------------------------------------------------------------
def render_derive_latex(record: Mapping[str, Any]) -> str:
    """A LaTeX fragment (amsmath only): conditions, closed forms, and with ``explain`` the steps."""
    players, actions = record["players"], record["actions"]
    title = tex_escape(record["scenario"]["title"] or "")
    out = [f"% fedlocal derive: {title}", r"\begin{align*}"]
    rows: list[str] = []
    for p in record["pure"]:
        label = tex_escape(", ".join(p["profile"]))
        if record["explain"]:
            for d in p["deviations"]:
                kept = p["profile"][players.index(d["player"])]
                caption = tex_escape(f"{d['player']} keeps {kept} over {d['to']}:")
                rows.append(
                    rf"&\text{{{caption}}} && {d['gain_from_staying']['latex']} \ge 0 && \text{{{d['verdict']}}}"
                )
        rows.append(rf"&\text{{({label}) is an equilibrium:}} && {p['condition']['latex']}")
    for k, o in enumerate(record.get("outcomes", [])):
        if o["condition"]["status"] == "never":
            continue
        play = tex_escape(plays_text(o))
        rows.append(rf"&\text{{outcome {k} ({play}):}} && {o['condition']['latex']}")
    for k, e in enumerate(record["spe"]):
        choices = tex_escape(", ".join(f"{h or 'root'}: {a}" for h, a in e["choices"].items()))
        rows.append(rf"&\text{{SPE {k} ({choices}):}} && {e['condition']['latex']}")
    for m in record["mixed"]:
        left, right = (tex_escape(", ".join(m["supports"][p])) for p in (0, 1))
        support = rf"\text{{({left})}} \times \text{{({right})}}"
        if record["explain"]:
            k = len(m["supports"][0])
            for who, eqs in ((0, m["indifference"][: k + 1]), (1, m["indifference"][k + 1 :])):
                joined = r",\quad ".join(e["latex"] for e in eqs)
                rows.append(
                    rf"&\text{{{tex_escape(players[who])} indifferent on its support:}} && {joined}"
                )
        for pl in (0, 1):
            for a, v in zip(actions[pl], m["strategies"][pl], strict=True):
                if v["sympy"] != "0":
                    rows.append(
                        rf"&\Pr(\text{{{tex_escape(players[pl])} plays {tex_escape(a)}}}) && = {v['latex']}"
                    )
        rows.append(
            rf"&\text{{mixed equilibrium on }} {support}\text{{:}} && {m['condition']['latex']}"
        )
    out.append(" \\\\\n".join(rows))
    out.append(r"\end{align*}")
    return "\n".join(out) + "\n"
