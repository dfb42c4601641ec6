"""Repeated-game analyses → records → table, JSON, CSV and LaTeX (``fedlocal repeated``).

:func:`repeated_record` is the one place that turns a :class:`RepeatedAnalysis` into plain data;
every renderer reads that record. Exact numbers are strings (``"1/2"``, ``"-1/2 + sqrt(5)/2"``)
with a float beside them; conditions carry text and LaTeX.
"""

from __future__ import annotations

import csv
import io
import re
import textwrap
from collections.abc import Callable, Mapping
from typing import Any

import sympy as sp

from gametheory.limits import to_float
from gametheory.repeated.analysis import RepeatedAnalysis, StrategyPair
from gametheory.repeated.delta_sets import DeltaSet, SymbolicDeltaCondition, describe
from gametheory.repeated.deviation import StrategyCheck
from gametheory.report import agreements
from gametheory.report.latex import tex_escape
from gametheory.report.latex_fit import fit_width
from gametheory.report.records import SCHEMA_VERSION, exact_str, scenario_header, strategy_text
from gametheory.report.text import text_table

__all__ = [
    "render_repeated_csv",
    "render_repeated_latex",
    "render_repeated_table",
    "repeated_record",
    "strategy_rows",
]

CONCEPT_NAMES = {"spe": "SPE", "nash": "Nash", "renegotiation-proof": "WRP"}


def _float(v: sp.Expr) -> float:
    return to_float(v)  # type: ignore[return-value]


def _verdict(v: Any, name: str, latex_names: Mapping[sp.Symbol, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"text": describe(v, name)}
    if isinstance(v, DeltaSet | SymbolicDeltaCondition):
        out["latex"] = _latex(describe(v, name, "latex"), latex_names)
    else:
        out["latex"] = r"\text{always}" if v else r"\text{never}"
    if isinstance(v, DeltaSet):
        out["status"] = "never" if v.is_empty else ("always" if v.is_everything else "conditional")
        out["set"] = [
            {
                "low": exact_str(lo),
                "high": exact_str(hi),
                "low_closed": lc,
                "high_closed": hc,
                "low_float": _float(lo),
                "high_float": _float(hi),
            }
            for lo, hi, lc, hc in v.intervals
        ]
        t = v.threshold
        out["threshold"] = exact_str(t) if t is not None else None
        out["threshold_float"] = _float(t) if t is not None else None
    elif isinstance(v, bool):
        out["status"] = "always" if v else "never"
    else:
        out["status"] = (
            "never"
            if v.parameters.is_never
            else (
                "always"
                if not v.bounds and v.parameters.is_always and not v.unresolved
                else "conditional"
            )
        )
    return out


def _constant(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement function that always gives ``text`` (backslashes kept as they are)."""
    return lambda _match: text


def _latex(text: str, names: Mapping[sp.Symbol, str]) -> str:
    # Conditions are rendered by sympy with plain names; swap in the scenario's LaTeX symbols.

    for sym, tex in sorted(names.items(), key=lambda kv: -len(kv[0].name)):
        if tex and tex != sym.name:
            text = re.sub(
                rf"(?<![A-Za-z\\]){re.escape(sym.name)}(?![A-Za-z_])", _constant(tex), text
            )
    return text


def _check(check: StrategyCheck, names: Mapping[sp.Symbol, str], dname: str) -> dict[str, Any]:
    players = check.game.stage.players
    labels = check.game.stage.actions

    def profile(s: tuple[str, str]) -> list[str]:
        return [check.strategies[0].play(s[0]), check.strategies[1].play(s[1])]

    return {
        "condition": _verdict(check.joint, dname, names) if check.joint is not None else None,
        "per_player": {
            players[k]: _verdict(check.per_player[k], _player_delta(check, k, dname), names)
            for k in (0, 1)
        },
        "holds": check.holds,
        "path": [profile(s) for s in check.path],
        "cycle": [profile(s) for s in check.cycle],
        "values": [exact_str(sp.factor(v)) for v in check.values],
        "constraints": [
            {
                "player": players[c.player],
                "state": list(c.state),
                "deviation": c.deviation,
                "on_path": c.on_path,
                "slack": exact_str(sp.factor(c.slack)),
                "rounds_left": c.rounds_left,
            }
            for c in check.constraints
        ],
        "method": check.method,
        "exact": check.exact,
        "diagnostics": list(check.diagnostics),
        "_labels": [list(x) for x in labels],
    }


def _player_delta(check: StrategyCheck, k: int, dname: str) -> str:
    d = check.game.delta[k]
    return d.name if isinstance(d, sp.Symbol) else dname


def _pair(p: StrategyPair, names: Mapping[sp.Symbol, str], dname: str) -> dict[str, Any]:
    players = p.check.game.stage.players
    out = {
        "strategies": {players[k]: p.names[k] for k in (0, 1)},
        "descriptions": {players[k]: p.check.strategies[k].description for k in (0, 1)},
        "concept": p.concept,
        **_check(p.check, names, dname),
        "symbolic": None,
    }
    out.pop("_labels")
    if p.symbolic is not None:
        sym = p.symbolic
        players_ = sym.game.stage.players
        out["symbolic"] = {
            "condition": _verdict(sym.joint, dname, names) if sym.joint is not None else None,
            "per_player": {
                players_[k]: (
                    _verdict(sym.per_player[k], _player_delta(sym, k, dname), names)
                    if sym.per_player[k] is not None
                    else None  # renegotiation-proofness is a joint property: no per-player part
                )
                for k in (0, 1)
            },
        }
    return out


def repeated_record(analysis: RepeatedAnalysis) -> dict[str, Any]:
    """The JSON record of a repeated-game analysis (docs/reference/json.md, "repeated")."""
    sc = analysis.scenario
    game = analysis.game
    stage = game.stage
    players = stage.players
    names = {p.symbol: p.latex for p in sc.parameters if p.latex}
    names.setdefault(analysis.delta_symbol, r"\delta")
    dname = analysis.delta_symbol.name
    eqs = []
    for e in analysis.stage.equilibria:
        eqs.append(
            {
                "strategies": [strategy_text(stage.actions[k], e.strategies[k]) for k in (0, 1)],
                "payoffs": [exact_str(u) for u in e.payoffs],
                "payoffs_float": [to_float(u) for u in e.payoffs],
            }
        )
    pset = None
    if analysis.payoff_set is not None:
        ps = analysis.payoff_set
        pset = {
            "delta": exact_str(ps.delta),
            # Exact strings only for an exactly verified set; otherwise the floats say it all.
            "vertices": [[exact_str(x), exact_str(y)] for x, y in ps.vertices]
            if ps.exact
            else None,
            "vertices_float": [[to_float(x), to_float(y)] for x, y in ps.vertices],
            "is_point": ps.is_point,
            # Like the vertices: an exact string only when the set is verified exactly.
            "area": exact_str(ps.area) if ps.exact else None,
            "area_float": to_float(ps.area),
            "method": ps.method,
            "exact": ps.exact,
            "iterations": ps.iterations,
            "diagnostics": list(ps.diagnostics),
        }
    critical = None
    if analysis.critical is not None:
        c = analysis.critical
        critical = {
            "first": exact_str(c.first) if c.first is not None else None,
            "first_float": c.first_float,
            "first_exact": c.first_exact,
            "full": exact_str(c.full) if c.full is not None else None,
            "full_float": c.full_float,
            "method": c.method,
            "diagnostics": list(c.diagnostics),
        }
    finite = None
    if analysis.finite is not None:
        fh = analysis.finite
        finite = {
            "horizon": fh.horizon,
            "unravels": fh.unravels,
            "sustained": [
                {
                    "profile": list(s.profile),
                    "reward": s.reward,
                    "punishments": {players[k]: s.punishments[k] for k in (0, 1)},
                    "per_player": {players[k]: _verdict(s.deltas[k], dname, names) for k in (0, 1)},
                    "condition": _verdict(s.joint, dname, names) if s.joint is not None else None,
                }
                for s in fh.sustained
            ],
            "method": fh.method,
            "diagnostics": list(fh.diagnostics),
        }
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "repeated",
        "scenario": scenario_header(sc),
        "players": list(players),
        "actions": [list(a) for a in stage.actions],
        "parameters": {k: exact_str(v) for k, v in analysis.parameters},
        "discount": {
            "symbol": dname,
            "players": {players[k]: exact_str(game.delta[k]) for k in (0, 1)},
            "common": game.is_common,
        },
        "horizon": game.horizon,
        "payoffs": [
            [[exact_str(m[i, j]) for j in range(m.cols)] for i in range(m.rows)]
            for m in stage.payoffs
        ],
        "cooperation": {players[k]: analysis.cooperation[k] for k in (0, 1)},
        "punishment": {players[k]: analysis.punishment[k] for k in (0, 1)},
        "stage_equilibria": eqs,
        "minmax": {
            players[k]: {
                "pure": exact_str(m.pure),
                "pure_punishments": [stage.actions[1 - k][i] for i in m.pure_punishments],
                "mixed": exact_str(m.mixed),
                "mixed_punishment": strategy_text(stage.actions[1 - k], m.mixed_punishment),
            }
            for k, m in enumerate(analysis.minmax)
        },
        "feasible_set": [[exact_str(x), exact_str(y)] for x, y in analysis.feasible],
        "individually_rational_set": [
            [exact_str(x), exact_str(y)] for x, y in analysis.individually_rational
        ],
        "folk_theorem": analysis.folk_theorem,
        "strategies": [_pair(p, names, dname) for p in analysis.pairs],
        "payoff_set": pset,
        "critical_deltas": critical,
        "finite_horizon": finite,
        "simulation": _simulation(analysis),
        "agreements": agreements.agreements_record(analysis),
        "diagnostics": list(analysis.diagnostics),
    }


def _simulation(analysis: RepeatedAnalysis) -> dict[str, Any] | None:
    sim = analysis.simulation
    if sim is None:
        return None
    players = analysis.game.stage.players
    first = analysis.pairs[0].names if analysis.pairs else ("", "")
    return {
        "strategies": {players[k]: first[k] for k in (0, 1)},
        "delta": [exact_str(d) for d in sim.delta],
        "rounds": [
            {
                "round": r.number,
                "states": list(r.states),
                "actions": list(r.actions),
                "payoffs": [exact_str(u) for u in r.payoffs],
                "discounted": [None if u is None else exact_str(u) for u in r.discounted],
                "discounted_float": list(r.discounted_float),
                "deviation": r.deviation,
            }
            for r in sim.rounds
        ],
        "totals": [exact_str(u) for u in sim.totals],
        "totals_float": [to_float(u) for u in sim.totals],
        "tail_bound": [exact_str(u) for u in sim.tail_bound],
    }


def _points(points: list[list[str]]) -> str:
    return ", ".join(f"({x}, {y})" for x, y in points) if points else "(empty)"


def strategy_rows(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One flat row per strategy pair and concept (for the table and CSV)."""
    players = record["players"]
    rows = []
    for s in record["strategies"]:
        names = [s["strategies"][p] for p in players]
        row: dict[str, Any] = {
            "strategies": names[0] if names[0] == names[1] else f"{names[0]}, {names[1]}",
            "concept": CONCEPT_NAMES[s["concept"]],
        }
        for p in players:
            row[p] = s["per_player"][p]["text"]
        cond = s["condition"]
        row["both"] = cond["text"] if cond else "-"
        row["delta*"] = cond.get("threshold") if cond else None
        row["delta* (float)"] = cond.get("threshold_float") if cond else None
        row["holds"] = None if s["holds"] is None else ("yes" if s["holds"] else "no")
        rows.append(row)
    return rows


def _setting_lines(record: Mapping[str, Any], players: list[str]) -> list[str]:
    """The scenario, parameters, discount factors, horizon, cooperation and punishment."""
    sc = record["scenario"]
    lines = [f"{sc['name']}: {sc['title']}, repeated" if sc["name"] else "repeated game"]
    if record["parameters"]:
        lines.append(
            "parameters: " + ", ".join(f"{k}={v}" for k, v in record["parameters"].items())
        )
    disc = record["discount"]
    ds = [disc["players"][p] for p in players]
    who = (
        f"{ds[0]} for both players"
        if ds[0] == ds[1]
        else "; ".join(f"{p} {d}" for p, d in zip(players, ds, strict=True))
    )
    horizon = "infinite" if record["horizon"] is None else f"{record['horizon']} rounds"
    lines.append(f"discount factor: {who}; horizon: {horizon}")
    coop = ", ".join(record["cooperation"][p] for p in players)
    pun = ", ".join(record["punishment"][p] for p in players)
    lines.append(f"cooperation ({coop}); punishment ({pun})")
    lines.append("")
    return lines


def _stage_lines(record: Mapping[str, Any], players: list[str]) -> list[str]:
    """The stage game: its equilibria, minmax values, feasible set and the folk theorem."""
    lines: list[str] = []
    eqs = record["stage_equilibria"]
    lines.append(
        f"stage game: {len(eqs)} equilibri{'um' if len(eqs) == 1 else 'a'}: "
        + "; ".join(
            f"({', '.join(e['strategies'])}) with payoffs ({', '.join(e['payoffs'])})" for e in eqs
        )
    )
    mm = record["minmax"]
    lines.append(
        "minmax (pure / mixed): "
        + ", ".join(f"{p} {mm[p]['pure']} / {mm[p]['mixed']}" for p in players)
    )
    lines.append(f"feasible payoffs: {_points(record['feasible_set'])}")
    lines.append(f"individually rational part: {_points(record['individually_rational_set'])}")
    lines += _wrap(record["folk_theorem"])
    lines.append("")
    return lines


def _strategy_lines(record: Mapping[str, Any], players: list[str]) -> list[str]:
    """The strategy pairs: for which discount factors each is an equilibrium."""
    lines: list[str] = []
    rows = strategy_rows(record)
    if all(r["holds"] is None for r in rows):
        for r in rows:
            r.pop("holds")
    else:
        for r in rows:
            r.pop("delta*")
            r.pop("delta* (float)")
    lines.append("strategy pairs (the discount factors for which each is an equilibrium):")
    lines.append(text_table(rows))
    formulas = [s for s in record["strategies"] if s["symbolic"]]
    if formulas:
        lines.append("")
        lines.append("with the parameters symbolic:")
        for s in formulas:
            names = [s["strategies"][p] for p in players]
            label = names[0] if names[0] == names[1] else f"{names[0]}, {names[1]}"
            cond = s["symbolic"]["condition"]
            per_player = s["symbolic"]["per_player"]
            if cond is None and all(per_player[p] is not None for p in players):
                text = "; ".join(f"{p}: {per_player[p]['text']}" for p in players)
            elif cond is None:
                text = "undecided with the parameters symbolic"
            else:
                text = cond["text"]
            lines += _wrap(f"{label} ({CONCEPT_NAMES[s['concept']]}): {text}", indent="  ")
    return lines


def _payoff_set_lines(record: Mapping[str, Any]) -> list[str]:
    """The subgame-perfect payoff set and its critical discount factors."""
    lines: list[str] = []
    pset = record["payoff_set"]
    if pset is not None:
        lines.append("")
        how = "exact" if pset["exact"] else "floating point, not verified exactly"
        lines.append(
            f"subgame-perfect payoffs at {record['discount']['symbol']} = {pset['delta']} "
            f"({pset['method']}, {how}):"
        )
        pts = (
            pset["vertices"]
            if pset["exact"]
            else [[f"{x:.6g}", f"{y:.6g}"] for x, y in pset["vertices_float"]]
        )
        if not pts:
            lines.append(
                "  empty: no pure-strategy subgame-perfect equilibrium (the stage game has no "
                "pure equilibrium to fall back on); mixed equilibria, such as repeating a mixed "
                "stage equilibrium, are outside this set"
            )
        else:
            kind = "a single point" if pset["is_point"] else f"{len(pts)} vertices"
            lines.append(f"  {kind}: {_points(pts)}")
    crit = record["critical_deltas"]
    if crit is not None and pset is not None and not pset["vertices_float"]:
        crit = None  # the critical discount factors of an empty set say nothing
    if crit is not None:
        d = record["discount"]["symbol"]
        first = (
            f"{crit['first']} (~{crit['first_float']:.6g})"
            if crit["first"] is not None
            else "never"
        )
        full = (
            f"{crit['full']} (~{crit['full_float']:.6g})" if crit["full"] is not None else "never"
        )
        lines.append(
            f"  it grows beyond the stage equilibria from {d} = {first}, and is the "
            f"whole feasible individually rational set from {d} = {full}"
        )
    return lines


def _finite_horizon_lines(record: Mapping[str, Any], players: list[str]) -> list[str]:
    """The finite-horizon verdict: unravelling, or the profiles playable before the end."""
    lines: list[str] = []
    fh = record["finite_horizon"]
    if fh is not None:
        lines.append("")
        if fh["unravels"]:
            lines.append(
                f"finite horizon ({fh['horizon']} rounds): the stage equilibrium is "
                "unique, so cooperation unravels: every subgame-perfect equilibrium "
                "plays it in every round"
            )
        else:
            lines.append(
                f"finite horizon ({fh['horizon']} rounds): several stage equilibria; "
                "profiles playable in every round but the last:"
            )
            for s in fh["sustained"]:
                cond = (
                    s["condition"]["text"]
                    if s["condition"]
                    else "; ".join(f"{p}: {s['per_player'][p]['text']}" for p in players)
                )
                lines.append(f"  ({', '.join(s['profile'])}): {cond}")
    return lines


def _simulation_lines(record: Mapping[str, Any], players: list[str]) -> list[str]:
    """The simulated play, round by round."""
    lines: list[str] = []
    sim = record.get("simulation")
    if sim is not None:
        names = [sim["strategies"][p] for p in players]
        lines += ["", f"play ({names[0]} against {names[1]}), normalised discounted payoffs:"]
        rows = [
            {
                "round": r["round"],
                **{f"{p} plays": r["actions"][k] for k, p in enumerate(players)},
                **{f"{p} gets": r["payoffs"][k] for k, p in enumerate(players)},
                **{
                    f"{p} so far": r["discounted"][k] or r["discounted_float"][k]
                    for k, p in enumerate(players)
                },
                "deviation": "yes" if r["deviation"] else "",
            }
            for r in sim["rounds"]
        ]
        lines.append(text_table(rows))
        lines.append(
            f"after {len(sim['rounds'])} rounds: "
            + ", ".join(f"{p} {sim['totals'][k]}" for k, p in enumerate(players))
            + "; the rounds not played are worth at most "
            + ", ".join(f"{p} {sim['tail_bound'][k]}" for k, p in enumerate(players))
        )
    return lines


def render_repeated_table(record: Mapping[str, Any]) -> str:
    """The plain-text report of ``fedlocal repeated``."""

    players = record["players"]
    lines = _setting_lines(record, players)
    lines += _stage_lines(record, players)
    lines += _strategy_lines(record, players)
    lines += _payoff_set_lines(record)
    lines += _finite_horizon_lines(record, players)
    lines += _simulation_lines(record, players)
    lines += agreements.agreements_table_lines(record)
    notes = [n for s in record["strategies"] for n in s["diagnostics"]] + record["diagnostics"]
    for note in dict.fromkeys(notes):
        lines += _wrap(f"note: {note}")
    return "\n".join(lines) + "\n"


def _wrap(text: str, indent: str = "") -> list[str]:

    return textwrap.wrap(text, 100, initial_indent=indent, subsequent_indent=indent + "  ")


def render_repeated_csv(record: Mapping[str, Any]) -> str:
    """One CSV row per strategy pair and concept."""
    rows = strategy_rows(record)
    buf = io.StringIO()
    writer = csv.DictWriter(
        buf, fieldnames=list(rows[0]) if rows else ["strategies"], lineterminator="\n"
    )
    writer.writeheader()
    for r in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in r.items()})
    extra = agreements.agreements_csv(record)
    return buf.getvalue() + ("\n" + extra if extra else "")


def render_repeated_latex(record: Mapping[str, Any]) -> str:
    """A LaTeX ``tabular`` (amsmath only): per player and jointly, where each pair is an
    equilibrium; the last column is the closed form when the parameters were kept symbolic."""
    players = record["players"]
    head = " & ".join(["strategies", "concept", *(tex_escape(p) for p in players), "both"])
    lines = [
        r"\begin{tabular}{" + "l" * (len(players) + 3) + "}",
        r"\hline",
        head + r" \\",
        r"\hline",
    ]
    for s in record["strategies"]:
        names = [s["strategies"][p] for p in players]
        label = tex_escape(names[0] if names[0] == names[1] else f"{names[0]}, {names[1]}")
        cells = [f"${s['per_player'][p]['latex']}$" for p in players]
        cond = s["symbolic"]["condition"] if s["symbolic"] else s["condition"]
        both = f"${cond['latex']}$" if cond else "--"
        row = " & ".join([label, CONCEPT_NAMES[s["concept"]], *cells, both])
        lines.append(row + r" \\")
    lines += [r"\hline", r"\end{tabular}"]
    extra = agreements.agreements_latex(record)
    return fit_width("\n".join(lines)) + ("\n" + extra if extra else "")
