"""Regime comparisons → records → table, JSON, CSV and LaTeX (``fedlocal compare``).

:func:`compare_record` is the one place that turns a :class:`RegimeComparison` into plain data;
every renderer reads it. Exact numbers are strings (``"3/8"``) with floats beside them; formulas
carry text and LaTeX in the scenario's own symbols.
"""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Mapping
from typing import Any

import sympy as sp

from gametheory.formula import parse_number
from gametheory.limits import to_float
from gametheory.model.scenario import Scenario
from gametheory.numbers import exact_latex, to_latex
from gametheory.regimes.formulas import formula_text
from gametheory.regimes.outcomes import RegimeComparison
from gametheory.report.latex import tex_escape
from gametheory.report.latex_fit import GREEK, fit_width, math_label
from gametheory.report.records import SCHEMA_VERSION, exact_str, scenario_header

__all__ = [
    "compare_record",
    "regime_rows",
    "render_compare_csv",
    "render_compare_latex",
    "render_compare_table",
]


def _num(v: sp.Expr | None) -> tuple[str | None, float | None]:
    if v is None:
        return None, None
    v = sp.sympify(v)
    return exact_str(v), to_float(v) if v.is_number else None


def compare_record(
    comparison: RegimeComparison, scenario: Scenario | None = None
) -> dict[str, Any]:
    """The JSON record of a regime comparison (docs/reference/json.md, "compare")."""
    names = {s: tex for s, tex in comparison.symbols}
    names.setdefault(sp.Symbol("c_L", real=True), "c_L")
    by_name = {s.name: tex for s, tex in names.items()}

    def tex_names(expr: Any) -> dict[sp.Symbol, str]:
        # Formulas may carry symbols with other assumptions than the scenario's: match by name.
        free: set[sp.Symbol] = getattr(expr, "free_symbols", set())
        # A definition (``lam = pi*J``) has no declared symbol: its Greek name, if it has one.
        known = {**GREEK, **by_name}
        return {s: known[s.name] for s in free if s.name in known}

    regimes = []
    for o in comparison.outcomes:
        level, level_f = _num(o.level)
        npv, np_f = _num(o.nash_product)
        regimes.append(
            {
                "regime": o.regime.value,
                "label": o.label,
                "outcome": o.outcome,
                "payoffs": [exact_str(u) for u in o.payoffs],
                "payoffs_float": [to_float(u) for u in o.payoffs],
                "cooperates": o.cooperates,
                "level": level,
                "level_float": level_f,
                "nash_product": npv,
                "nash_product_float": np_f,
                "parameters": {k: exact_str(v) for k, v in o.parameters},
                "sentence": o.sentence,
                "method": o.method,
            }
        )
    figures = {}
    for f in comparison.figures:
        value, value_f = _num(f.value)
        formula = None
        if f.formula is not None:
            formula = {
                "text": formula_text(f.formula),
                "latex": to_latex(f.formula, symbol_names=tex_names(f.formula)),
            }
        figures[f.key] = {
            "description": f.description,
            "value": value,
            "value_float": value_f,
            "formula": formula,
            "note": f.note,
        }
        if f.threshold is not None:
            # Where the deal is reached, as data: intervals in the threshold parameter.
            free = {i.symbol for i in f.threshold.intervals or ()}
            figures[f.key]["threshold"] = f.threshold.record(
                {s: by_name[s.name] for s in free if s.name in by_name}
            )
    deal = None
    if scenario is not None and scenario.compare is not None:
        outcome = getattr(scenario.compare, "outcome", None)
        if outcome:
            deal = "/".join(outcome) if not isinstance(outcome, str) else outcome
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "compare",
        "scenario": scenario_header(scenario)
        if scenario is not None
        else {"name": comparison.scenario, "title": "", "path": None, "bundled": False},
        "kind": comparison.kind,
        "players": list(comparison.players),
        "parameters": {k: exact_str(v) for k, v in comparison.parameters},
        "disagreement": [exact_str(u) for u in comparison.disagreement],
        "regimes": regimes,
        # What "cooperates" means: the deal outcome named by the scenario was reached.
        "deal_outcome": deal,
        "figures": figures,
        "method": comparison.method,
        "exact": comparison.exact,
        "diagnostics": list(comparison.diagnostics),
    }


def regime_rows(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One flat row per regime (for CSV)."""
    rows = []
    for r in record["regimes"]:
        row: dict[str, Any] = {"regime": r["regime"], "label": r["label"], "outcome": r["outcome"]}
        for k, p in enumerate(record["players"]):
            row[f"payoff:{p}"] = r["payoffs"][k] if r["payoffs"] else None
        row["cooperates"] = r["cooperates"]
        row["level"] = r["level"]
        row["nash_product"] = r["nash_product"]
        for k, p in enumerate(record["players"]):
            row[f"payoff_float:{p}"] = r["payoffs_float"][k] if r["payoffs_float"] else None
        rows.append(row)
    return rows


def _reached_label(record: Mapping[str, Any]) -> str:
    """The "cooperates" row says what it means: the scenario's deal outcome was reached."""
    deal = record.get("deal_outcome")
    return f"deal ({deal}) reached" if deal else "deal reached"


def _yes(v: bool | None) -> str:
    return "-" if v is None else ("yes" if v else "no")


def render_compare_table(record: Mapping[str, Any]) -> str:
    """The side-by-side text report of ``fedlocal compare``."""

    sc = record["scenario"]
    lines = [f"{sc['name']}: {sc['title']}" if sc.get("title") else str(sc["name"])]
    if record["parameters"]:
        lines += textwrap.wrap(
            "parameters: " + ", ".join(f"{k}={v}" for k, v in record["parameters"].items()),
            100,
            subsequent_indent="  ",
        )
    players = record["players"]
    if record["disagreement"]:
        lines.append(f"no deal: ({', '.join(record['disagreement'])})")
    lines.append("")
    regimes = record["regimes"]
    header = ["", *[r["label"] for r in regimes]]
    body = [["outcome", *[r["outcome"] for r in regimes]]]
    if any(r["payoffs"] for r in regimes):
        for k, p in enumerate(players):
            body.append(
                [f"payoff {p}", *[r["payoffs"][k] if r["payoffs"] else "-" for r in regimes]]
            )
    body.append([_reached_label(record), *[_yes(r["cooperates"]) for r in regimes]])
    if any(r["level"] is not None for r in regimes):
        body.append(["level", *[r["level"] or "-" for r in regimes]])
    body.append(["Nash product", *[r["nash_product"] or "-" for r in regimes]])
    widths = [max(len(str(row[c])) for row in [header, *body]) for c in range(len(header))]
    for row in [header, *body]:
        lines.append("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    lines.append("")
    lines.append("what closes the gap:")
    for key, f in record["figures"].items():
        value = f["value"] if f["value"] is not None else "none"
        formula = ""
        if f["formula"] and f["value"] is None:
            formula = f" at these values (in general {f['formula']['text']})"
        elif f["formula"] and f["value"] != f["formula"]["text"]:
            formula = f" = {f['formula']['text']}"
        note = f" ({f['note']})" if f["note"] else ""
        text = f"  {key}: {value}{formula}{note}"
        lines += textwrap.wrap(text, 100, subsequent_indent="      ")
        lines += textwrap.wrap(
            f["description"], 100, initial_indent="      ", subsequent_indent="      "
        )
    lines.append("")
    for r in regimes:
        lines += textwrap.wrap(f"{r['label']}: {r['sentence']}", 100, subsequent_indent="  ")
    for note in record["diagnostics"]:
        lines += textwrap.wrap(f"note: {note}", 100, subsequent_indent="  ")
    return "\n".join(lines) + "\n"


def render_compare_csv(record: Mapping[str, Any]) -> str:
    """One CSV row per regime."""
    rows = regime_rows(record)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: ("" if v is None else str(v).lower() if isinstance(v, bool) else v)
                for k, v in row.items()
            }
        )
    return buf.getvalue()


def render_compare_latex(record: Mapping[str, Any]) -> str:
    """A LaTeX fragment (amsmath only): the regimes as columns, then the figures' formulas."""
    regimes = record["regimes"]
    players = record["players"]
    cols = "l" + "c" * len(regimes)
    lines = [
        r"\begin{tabular}{" + cols + "}",
        r"\hline",
        " & ".join(["", *[math_label(r["label"]) for r in regimes]]) + r" \\",
        r"\hline",
    ]
    lines.append(" & ".join(["outcome", *[math_label(r["outcome"]) for r in regimes]]) + r" \\")
    for k, p in enumerate(players):
        if not all(r["payoffs"] for r in regimes):
            break
        cells = [f"${exact_latex(parse_number(r['payoffs'][k]))}$" for r in regimes]
        lines.append(" & ".join([f"payoff {tex_escape(p)}", *cells]) + r" \\")
    reached = tex_escape(_reached_label(record))
    lines.append(" & ".join([reached, *[_yes(r["cooperates"]) for r in regimes]]) + r" \\")
    lines += [r"\hline", r"\end{tabular}"]
    lines = [fit_width("\n".join(lines)).rstrip("\n"), "", r"\begin{align*}"]
    rows = []
    for key, f in record["figures"].items():
        label = rf"\text{{{tex_escape(key.replace('_', ' '))}}}"
        if f.get("threshold") is not None:
            # A threshold keeps its direction: sigma >= 1/5, then the closed form.
            where = f["threshold"]["latex"]
            closed = rf" \quad\left({f['formula']['latex']}\right)" if f["formula"] else ""
            rows.append(rf"{label} &: {where}{closed}")
            continue
        if f["value"] is None:
            continue
        value = exact_latex(parse_number(f["value"]))
        formula = f" = {f['formula']['latex']}" if f["formula"] else ""
        rows.append(
            rf"{label} &= {value}"
            + (rf" \quad\left({f['formula']['latex']}\right)" if formula else "")
        )
    lines.append(" \\\\\n".join(rows))
    lines.append(r"\end{align*}")
    return "\n".join(lines) + "\n"
