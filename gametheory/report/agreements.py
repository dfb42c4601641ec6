"""Transfers, linked issues and noisy monitoring → the ``agreements`` part of the repeated record.

:func:`agreements_record` turns an :class:`~gametheory.repeated.agreements.Agreements` into plain
data (exact strings with ``_float`` twins, formulas as text and LaTeX); the table, CSV and LaTeX
renderers of ``fedlocal repeated`` read only that record.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp

from gametheory.exceptions import GameTheoryError
from gametheory.formula import parse_number
from gametheory.numbers import exact_latex, to_latex
from gametheory.regimes.formulas import fold_definitions, formula_text
from gametheory.repeated.linkage import product_threshold
from gametheory.report.latex import tex_escape
from gametheory.report.records import exact_str
from gametheory.report.text import text_table
from gametheory.symbolic.text import formula_text as plain

__all__ = [
    "agreements_csv",
    "agreements_latex",
    "agreements_record",
    "agreements_table_lines",
]


def _twin(out: dict[str, Any], key: str, v: Any) -> None:
    """``out[key]`` as an exact string and ``out[key + "_float"]`` (``None`` for never)."""
    if v is None:
        out[key], out[f"{key}_float"] = None, None
        return
    e = sp.sympify(v)
    out[key] = exact_str(e)
    out[f"{key}_float"] = float(sp.N(e, 17)) if e.is_number else None


@dataclass(frozen=True)
class _Shown:
    formula: Any


def _formulas(
    pairs: Sequence[tuple[str, sp.Expr]], names: Mapping[sp.Symbol, str], scenario: Any = None
) -> dict[str, Any]:
    """Formulas as text and LaTeX, folded into the scenario's definitions (``c_L``) when shorter."""

    out = {}
    for k, f in pairs:
        shown = f
        if scenario is not None and not isinstance(f, sp.Max) and f.free_symbols:
            shown = fold_definitions(_Shown(f), scenario).formula
        elif isinstance(f, sp.Max) and scenario is not None:
            shown = sp.Max(
                *(fold_definitions(_Shown(a), scenario).formula for a in f.args), evaluate=False
            )
        out[k] = {
            "text": formula_text(shown) if not isinstance(shown, sp.Max) else plain(shown),
            "latex": to_latex(shown, symbol_names=dict(names)),
        }
    return out


def _set(s: Any) -> dict[str, Any]:
    return {"text": s.describe(), "latex": s.describe(fmt="latex"), "threshold": None}


def _transfers_record(t: Any, names: Mapping[sp.Symbol, str], sc: Any) -> dict[str, Any]:
    """The ``transfers`` part: each stationary profile's thresholds, the schedule, the contract."""
    rows = []
    for p in t.profiles:
        row: dict[str, Any] = {"profile": list(p.profile)}
        row["payoffs"] = [exact_str(u) for u in p.payoffs]
        row["gains"] = [exact_str(g) for g in p.gains]
        _twin(row, "joint", p.joint)
        for key in ("nash", "nash_transfers", "minmax", "optimal_transfers"):
            _twin(row, key, getattr(p, key))
        row["penal_code"] = [list(x) for x in p.penal_code] if p.penal_code else None
        row["penal_values"] = (
            [exact_str(v) for v in p.penal_values] if p.penal_values is not None else None
        )
        row["formulas"] = _formulas(p.formulas, names, sc)
        rows.append(row)
    schedule = []
    for d, prof, joint in t.schedule:
        step: dict[str, Any] = {"profile": list(prof)}
        _twin(step, "from", d)
        _twin(step, "joint", joint)
        schedule.append(step)
    contract = None
    if t.contract is not None:
        c = t.contract
        contract = {"profile": list(c.profile) if c.profile else None}
        _twin(contract, "delta", c.delta)
        _twin(contract, "joint", c.joint)
        _twin(contract, "transfer", c.transfer)
        contract["transfer_range"] = (
            [exact_str(x) for x in c.transfer_range] if c.transfer_range else None
        )
        contract["payoffs"] = [exact_str(u) for u in c.payoffs]
        contract["payoffs_float"] = [float(sp.N(u, 17)) for u in c.payoffs]
    return {
        "reversion": {
            "profile": t.reversion_profile,
            "payoffs": [exact_str(v) for v in t.reversion],
        },
        "minmax": [exact_str(v) for v in t.minmax_values],
        "minmax_is_equilibrium": t.minmax_is_equilibrium,
        "profiles": rows,
        "schedule": schedule,
        "contract": contract,
        "method": t.method,
        "exact": t.exact,
        "diagnostics": list(t.diagnostics),
    }


def _linkage_record(
    lk: Any, players: Sequence[str], names: Mapping[sp.Symbol, str], sc: Any
) -> dict[str, Any]:
    """The ``linkage`` part: each issue's thresholds, the linked ones, a check on the product game."""
    issues = []
    for i in lk.issues:
        row: dict[str, Any] = {
            "name": i.name,
            "cooperation": list(i.cooperation),
            "punishment": i.punishment,
            "gains": [exact_str(g) for g in i.gains],
            "stakes": [exact_str(s) for s in i.stakes],
            "per_player": {},
        }
        for k, p in enumerate(players):
            entry: dict[str, Any] = {}
            _twin(entry, "threshold", i.per_player[k])
            row["per_player"][p] = entry
        _twin(row, "threshold", i.threshold)
        row["formula"] = (
            _formulas([("threshold", i.formula)], names, sc)["threshold"]
            if i.formula is not None
            else None
        )
        issues.append(row)
    linked: dict[str, Any] = {"per_player": {}}
    for k, p in enumerate(players):
        entry = {}
        _twin(entry, "threshold", lk.per_player[k])
        linked["per_player"][p] = entry
    for key, v in (
        ("threshold", lk.threshold),
        ("separate", lk.separate),
        ("gain", lk.gain),
        ("with_transfers", lk.with_transfers),
    ):
        _twin(linked, key, v)
    check = None
    try:
        if _product_size(lk) <= 256:
            s = product_threshold(lk)
            check = {
                "method": "grim trigger on the explicit linked game (one-shot deviations)",
                "condition": s.describe(),
                "agrees": s.threshold == lk.threshold or (s.is_empty and lk.threshold is None),
            }
    except Exception as err:
        check = {"method": "product game", "condition": None, "agrees": None, "note": str(err)}
    return {
        "issues": issues,
        "linked": linked,
        "formulas": _formulas(lk.formulas, names, sc),
        "check": check,
        "method": lk.method,
        "exact": lk.exact,
        "diagnostics": list(lk.diagnostics),
    }


def _monitoring_record(
    m: Any, pm: Any, players: Sequence[str], names: Mapping[sp.Symbol, str]
) -> dict[str, Any]:
    """The ``monitoring`` part: the trigger strategies' conditions under noise, and the values."""
    rec: dict[str, Any] = {
        "noise": [exact_str(e) for e in m.noise],
        "detection": [exact_str(e) for e in m.detection],
        "per_player_signals": m.per_player,
        "punish_length": m.punish_length if m.punish_length is not None else "forever",
        "cooperation": list(m.cooperation),
        "punishment": m.punishment,
    }
    _twin(rec, "false_alarm", m.false_alarm)
    rec["detection_probability"] = {
        p: exact_str(m.detection_prob[k]) for k, p in enumerate(players)
    }
    rec["per_player"] = {p: _set(m.per_player_sets[k]) for k, p in enumerate(players)}
    rec["condition"] = _set(m.joint)
    _twin(rec, "threshold", m.threshold)
    _twin(rec, "perfect_threshold", pm.threshold if pm is not None else None)
    rec["perfect_condition"] = _set(pm.joint) if pm is not None else None
    _twin(rec, "delta", m.delta)
    rec["holds"] = m.holds
    for key, vals in (
        ("values", m.values),
        ("loss", m.loss),
        ("deviation_values", m.deviation_values),
    ):
        rec[key] = None if vals is None else [exact_str(v) for v in vals]
        rec[f"{key}_float"] = None if vals is None else [float(sp.N(v, 17)) for v in vals]
    rec["perfect_values"] = [exact_str(m.stage[k][0]) for k in (0, 1)]
    rec["formulas"] = _formulas(m.formulas, names)
    rec["method"] = m.method
    rec["exact"] = m.exact
    rec["diagnostics"] = list(m.diagnostics)
    return rec


def agreements_record(analysis: Any) -> dict[str, Any] | None:
    """The ``agreements`` part of the JSON record of ``fedlocal repeated`` (or ``None``)."""
    ag = analysis.agreements
    if ag is None:
        return None
    sc = analysis.scenario
    names = {p.symbol: p.latex for p in sc.parameters if p.latex}
    players = list(analysis.game.stage.players)
    out: dict[str, Any] = {"transfers": None, "linkage": None, "monitoring": None}
    if ag.transfers is not None:
        out["transfers"] = _transfers_record(ag.transfers, names, sc)
    if ag.linkage is not None:
        out["linkage"] = _linkage_record(ag.linkage, players, names, sc)
    if ag.monitoring is not None:
        out["monitoring"] = _monitoring_record(ag.monitoring, ag.perfect, players, names)
    return out


def _product_size(lk: Any) -> int:
    size = 1
    for i in lk.issues:
        size *= i.game.shape[0] * i.game.shape[1]
    return size


def _rational_text(v: str) -> bool:
    return all(part.lstrip("-").isdigit() for part in v.split("/"))


def _pair(v: Sequence[str]) -> str:
    return v[0] if v[0] == v[1] else ", ".join(v)


def _fmt(v: str | None) -> str:
    return "never" if v is None else v


def _transfers_lines(t: Mapping[str, Any], players: Sequence[str]) -> list[str]:
    """Table lines for the transfers part of the record."""
    lines: list[str] = []
    lines += ["", "stationary profiles, critical delta without and with transfers:"]
    lines.append(
        f"  reversion to {t['reversion']['profile']} with payoffs "
        f"({', '.join(t['reversion']['payoffs'])}); minmax ({', '.join(t['minmax'])})"
        + ("" if t["minmax_is_equilibrium"] else " (not an equilibrium: lower bounds)")
    )
    rows = [
        {
            "profile": f"({', '.join(r['profile'])})",
            "payoffs": f"({', '.join(r['payoffs'])})",
            "Nash reversion": _fmt(r["nash"]),
            "with transfers": _fmt(r["nash_transfers"]),
            "minmax": _fmt(r["minmax"]),
            "optimal code, transfers": _fmt(r["optimal_transfers"]),
        }
        for r in t["profiles"]
    ]
    lines.append(text_table(rows))
    for r in t["profiles"]:
        for key, f in r["formulas"].items():
            label = "Nash reversion" if key == "nash" else "with transfers"
            lines.append(f"  ({', '.join(r['profile'])}) {label}: delta >= {f['text']}")
    if t["schedule"]:
        lines.append(
            "best joint payoff with transfers: "
            + "; ".join(
                f"from delta = {s['from']}: ({', '.join(s['profile'])}) worth {s['joint']}"
                for s in t["schedule"]
            )
        )
    c = t["contract"]
    if c is not None and c["profile"] is not None:
        if c["transfer"] is None:
            how = "no stationary transfer keeps both willing against stage-Nash reversion"
        else:
            lo, hi = c["transfer_range"]
            how = (
                f"{players[1]} pays {players[0]} {c['transfer']} a round (any amount in "
                f"[{lo}, {hi}] works; negative: the other way), payoffs "
                f"({', '.join(c['payoffs'])})"
            )
        lines.append(
            f"optimal relational contract at delta = {c['delta']}: "
            f"({', '.join(c['profile'])}), joint payoff {c['joint']}; {how}"
        )
    for note in t["diagnostics"]:
        lines.append(f"note: {note}")
    return lines


def _linkage_lines(lk: Mapping[str, Any], players: Sequence[str]) -> list[str]:
    """Table lines for the linked issues."""
    lines: list[str] = []
    lines += ["", "linked issues (grim reversion in every issue after a departure in any):"]
    rows = []
    for i in lk["issues"]:
        row = {"issue": i["name"], "agreement": f"({', '.join(i['cooperation'])})"}
        for p in players:
            row[p] = _fmt(i["per_player"][p]["threshold"])
        row["delta*"] = _fmt(i["threshold"])
        rows.append(row)
    linked = {"issue": "linked", "agreement": "all of them"}
    for p in players:
        linked[p] = _fmt(lk["linked"]["per_player"][p]["threshold"])
    linked["delta*"] = _fmt(lk["linked"]["threshold"])
    rows.append(linked)
    lines.append(text_table(rows))
    L = lk["linked"]
    lines.append(
        f"every issue on its own needs delta >= {_fmt(L['separate'])}; linked, "
        f"delta >= {_fmt(L['threshold'])}"
        + (f" (gain from linkage {L['gain']})" if L["gain"] is not None else "")
        + f"; linked with transfers, delta >= {_fmt(L['with_transfers'])}"
    )
    if "linked" in lk["formulas"]:
        lines.append(f"  linked: delta >= {lk['formulas']['linked']['text']}")
    chk = lk["check"]
    if chk is not None and chk.get("condition") is not None:
        lines.append(
            f"  check (grim trigger on the explicit linked game): {chk['condition']}"
            + ("" if chk["agrees"] else " (DISAGREES)")
        )
    for note in lk["diagnostics"]:
        lines.append(f"note: {note}")
    return lines


def _monitoring_lines(m: Mapping[str, Any], players: Sequence[str]) -> list[str]:
    """Table lines for noisy monitoring."""
    lines: list[str] = []
    length = m["punish_length"]
    sig = "one signal per player" if m["per_player_signals"] else "one public signal"
    lines += [
        "",
        f"noisy monitoring ({sig}: noise {_pair(m['noise'])}, detection "
        f"{_pair(m['detection'])}); trigger strategies punishing "
        + ("for ever" if length == "forever" else f"for {length} rounds")
        + f" with {m['punishment']}:",
    ]
    lines.append(
        f"  a punishment starts with probability {m['false_alarm']} when both cooperate, "
        + ", ".join(f"{m['detection_probability'][p]} when {p} departs" for p in players)
    )
    for p in players:
        lines.append(f"  {p}: {m['per_player'][p]['text']}")
    approx = ""
    if m["threshold"] is not None and not _rational_text(m["threshold"]):
        approx = f" (~{m['threshold_float']:.6g})"
    lines.append(
        f"  both: {m['condition']['text']}{approx} (perfect monitoring: "
        f"{m['perfect_condition']['text'] if m['perfect_condition'] else '-'})"
    )
    if m["values"] is not None:
        lines.append(
            f"  at delta = {m['delta']} ({'an equilibrium' if m['holds'] else 'not an equilibrium'}): "
            f"path payoffs ({', '.join(m['values'])}) against ({', '.join(m['perfect_values'])}) "
            f"with perfect monitoring; loss ({', '.join(m['loss'])})"
        )
    for key, f in m["formulas"].items():
        lines.append(f"  {key}: {f['text']}")
    for note in m["diagnostics"]:
        lines.append(f"note: {note}")
    return lines


def agreements_table_lines(record: Mapping[str, Any]) -> list[str]:
    """Plain-text lines for the table report."""

    ag = record.get("agreements")
    if not ag:
        return []
    players = record["players"]
    lines: list[str] = []
    if ag["transfers"] is not None:
        lines += _transfers_lines(ag["transfers"], players)
    if ag["linkage"] is not None:
        lines += _linkage_lines(ag["linkage"], players)
    if ag["monitoring"] is not None:
        lines += _monitoring_lines(ag["monitoring"], players)
    return lines


def agreements_csv(record: Mapping[str, Any]) -> str:
    """CSV blocks (a blank line between them): per-profile thresholds, linked issues, monitoring."""
    ag = record.get("agreements")
    if not ag:
        return ""
    players = record["players"]
    blocks: list[list[dict[str, Any]]] = []
    if ag["transfers"] is not None:
        blocks.append(
            [
                {
                    "section": "transfers",
                    "profile": " ".join(r["profile"]),
                    **{f"payoff:{p}": r["payoffs"][k] for k, p in enumerate(players)},
                    "nash": r["nash"],
                    "nash_transfers": r["nash_transfers"],
                    "minmax": r["minmax"],
                    "optimal_transfers": r["optimal_transfers"],
                    "nash_float": r["nash_float"],
                    "nash_transfers_float": r["nash_transfers_float"],
                }
                for r in ag["transfers"]["profiles"]
            ]
        )
    if ag["linkage"] is not None:
        lk = ag["linkage"]
        rows = [
            {
                "section": "linkage",
                "issue": i["name"],
                **{f"delta:{p}": i["per_player"][p]["threshold"] for p in players},
                "delta": i["threshold"],
                "delta_float": i["threshold_float"],
            }
            for i in lk["issues"]
        ]
        rows.append(
            {
                "section": "linkage",
                "issue": "linked",
                **{f"delta:{p}": lk["linked"]["per_player"][p]["threshold"] for p in players},
                "delta": lk["linked"]["threshold"],
                "delta_float": lk["linked"]["threshold_float"],
            }
        )
        blocks.append(rows)
    if ag["monitoring"] is not None:
        m = ag["monitoring"]
        blocks.append(
            [
                {
                    "section": "monitoring",
                    "player": p,
                    "noise": m["noise"][k],
                    "detection": m["detection"][k],
                    "condition": m["per_player"][p]["text"],
                    "threshold": m["threshold"],
                    "perfect_threshold": m["perfect_threshold"],
                    "value": m["values"][k] if m["values"] else None,
                    "loss": m["loss"][k] if m["loss"] else None,
                }
                for k, p in enumerate(players)
            ]
        )
    out = []
    for rows in blocks:
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if v is None else v) for k, v in r.items()})
        out.append(buf.getvalue())
    return "\n".join(out)


def agreements_latex(record: Mapping[str, Any]) -> str:
    """LaTeX ``tabular``s for the transfers and linkage thresholds and the monitoring condition."""
    ag = record.get("agreements")
    if not ag:
        return ""
    players = record["players"]
    parts: list[str] = []

    def cell(v: str | None) -> str:
        if v is None:
            return r"\text{never}"

        try:  # exact strings are re-read with the safe parser (surds included)
            return str(exact_latex(parse_number(v)))
        except GameTheoryError:  # an algebraic number (CRootOf) the parser does not read
            return r"\text{" + tex_escape(v) + "}"

    if ag["transfers"] is not None:
        lines = [
            r"\begin{tabular}{lllll}",
            r"\hline",
            r"profile & Nash reversion & with transfers & minmax & optimal code, transfers \\",
            r"\hline",
        ]
        for r in ag["transfers"]["profiles"]:
            vals = [cell(r[k]) for k in ("nash", "nash_transfers", "minmax", "optimal_transfers")]
            lines.append(
                tex_escape(f"({', '.join(r['profile'])})")
                + " & "
                + " & ".join(f"${v}$" for v in vals)
                + r" \\"
            )
        lines += [r"\hline", r"\end{tabular}"]
        parts.append("\n".join(lines))
    if ag["linkage"] is not None:
        lk = ag["linkage"]
        lines = [
            r"\begin{tabular}{l" + "l" * (len(players) + 1) + "}",
            r"\hline",
            "issue & " + " & ".join(tex_escape(p) for p in players) + r" & both \\",
            r"\hline",
        ]
        for i in lk["issues"]:
            vals = [cell(i["per_player"][p]["threshold"]) for p in players] + [cell(i["threshold"])]
            lines.append(
                tex_escape(i["name"]) + " & " + " & ".join(f"${v}$" for v in vals) + r" \\"
            )
        vals = [cell(lk["linked"]["per_player"][p]["threshold"]) for p in players]
        both = cell(lk["linked"]["threshold"])
        if "linked" in lk["formulas"]:
            both += r" = " + lk["formulas"]["linked"]["latex"]
        vals.append(both)

        lines.append("linked & " + " & ".join(f"${v}$" for v in vals) + r" \\")
        lines += [r"\hline", r"\end{tabular}"]
        parts.append("\n".join(lines))
    if ag["monitoring"] is not None:
        m = ag["monitoring"]
        lines = [r"\begin{tabular}{ll}", r"\hline", r"player & condition \\", r"\hline"]
        for p in players:
            lines.append(f"{tex_escape(p)} & ${m['per_player'][p]['latex']}$" + r" \\")
        lines.append(f"both & ${m['condition']['latex']}$" + r" \\")
        lines += [r"\hline", r"\end{tabular}"]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"
