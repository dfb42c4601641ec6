"""Renderers: records → text in each output format (table, JSON, CSV, LaTeX).

Every renderer reads the same record (:mod:`gametheory.report.records`), so the formats never
disagree.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from gametheory.exceptions import ScenarioError
from gametheory.limits import json_ready
from gametheory.report.latex import tex_escape, tex_number
from gametheory.report.latex_fit import fit_width, solve_latex
from gametheory.report.outcomes import outcome_lines, plays_text
from gametheory.report.records import equilibrium_rows, strategy_text
from gametheory.report.text import text_table

__all__ = ["RENDERERS", "render", "text_table"]


def _matrix_table(record: Mapping[str, Any], key: str = "payoffs") -> str:
    players, actions = record["players"], record["actions"]
    names = [p["name"] if isinstance(p, dict) else p for p in players]
    rows = []
    for i, r in enumerate(actions[0]):
        row: dict[str, Any] = {f"{names[0]} \\ {names[1]}": r}
        for j, c in enumerate(actions[1]):
            row[c] = f"{record[key][0][i][j]}, {record[key][1][i][j]}"
        rows.append(row)
    return text_table(rows)


# -- solve ------------------------------------------------------------------------------------
def _solve_table(record: Mapping[str, Any]) -> str:
    # Imported on use, for start-up speed.

    sc = record["scenario"]
    head = sc["name"] or sc["path"] or "game"
    lines = [f"{head}: {sc['title']}" if sc["title"] else head]
    if record["parameters"]:
        lines.append(
            "parameters: " + ", ".join(f"{k}={v}" for k, v in record["parameters"].items())
        )
    for text in record["assumptions_failed"]:
        lines.append(f"note: the scenario's assumption {text} does not hold at these values")
    is_tree = record.get("kind") == "tree"
    show_all = bool(record.get("all"))
    if is_tree:
        spe = record["spe"]
        outcomes = record.get("outcomes")
        if spe or not any("imperfect information" in d for d in record["diagnostics"]):
            how = (
                "backward induction over subgames"
                if any(e.get("behavior") for e in spe)
                or any("imperfect information" in d for d in record["diagnostics"])
                else "backward induction"
            )
            if outcomes is not None:
                count = f"{len(spe)} subgame-perfect equilibri{'um' if len(spe) == 1 else 'a'}"
                grouped = f"{len(outcomes)} outcome{'s' if len(outcomes) != 1 else ''}"
                hint = "" if show_all or len(spe) == len(outcomes) else "; all with --all"
                lines += ["", f"{count} in {grouped} ({how}{hint}):"]
                lines += _outcome_lines(outcomes)
            if outcomes is None or show_all:
                count = f"{len(spe)} subgame-perfect equilibri{'um' if len(spe) == 1 else 'a'}"
                lines += ["", f"{count} ({how}):"]
                for k, e in enumerate(spe):
                    lines.append(
                        f"  {k}. path {' -> '.join(e['path']) or '(none)'}; "
                        f"payoffs ({', '.join(e['payoffs'])})"
                    )
                    choices = ", ".join(f"{h or 'root'}: {a}" for h, a in e["choices"].items())
                    lines.append(f"     choices: {choices}")
        if not record["actions"]:
            lines += [f"note: {text}" for text in record["diagnostics"]]
            return "\n".join(lines) + "\n"
        lines += ["", "reduced strategic form:"]
    lines += [
        "",
        f"payoffs ({record['players'][0]}, {record['players'][1]}):",
        _indent(_matrix_table(record)),
        "",
    ]
    status = [
        "exact" if record["exact"] else "floating point",
        "complete" if record["complete"] else "possibly incomplete",
        {True: "degenerate", False: "non-degenerate", None: "degeneracy not checked"}[
            record["degenerate"]
        ],
    ]
    n = len(record["equilibria"])
    lines.append(
        f"{n} equilibri{'um' if n == 1 else 'a'} (method {record['method']}; {', '.join(status)}):"
    )
    rows = [{k: v for k, v in r.items() if "(float)" not in k} for r in equilibrium_rows(record)]
    if is_tree:
        for row, eq in zip(rows, record["equilibria"], strict=True):
            row["subgame perfect"] = {True: "yes", False: "no", None: "not checked"}[
                eq["subgame_perfect"]
            ]
    nash_outcomes = record.get("nash_outcomes") if is_tree else None
    by_outcome = nash_outcomes is not None and len(nash_outcomes) < len(rows)
    if by_outcome:
        # Imported on use, for start-up speed.

        n_out = len(nash_outcomes)  # type: ignore[arg-type]
        lines.append(f"  by outcome ({n_out} outcome{'s' if n_out != 1 else ''}):")
        for k, o in enumerate(nash_outcomes or []):
            perfect = ", ".join(map(str, o["subgame_perfect"])) or "none"
            lines.append(
                f"  {k}. {plays_text(o)}; payoffs ({', '.join(o['payoffs'])}); "
                f"equilibria {', '.join(map(str, o['equilibria']))} (subgame perfect: {perfect})"
            )
    if by_outcome and not show_all and len(rows) > 10:
        lines.append(f"  (the {len(rows)} equilibria one by one with --all, --format json or csv)")
    else:
        shown = rows if len(rows) <= 40 or show_all else rows[:40]
        lines.append(_indent(text_table(shown)))
        if len(rows) > len(shown):
            lines.append(
                f"  ... and {len(rows) - len(shown)} more (all of them with --all, --format json "
                "or csv)"
            )
    players, actions = record["players"], record["actions"]
    for comp_no, comp in enumerate(record["components"]):
        if comp["isolated"]:
            continue
        lines.append(
            f"component {comp_no} (equilibria {', '.join(map(str, comp['equilibria']))}) "
            "is a continuum; every profile below is an equilibrium:"
        )
        for c in comp["cliques"]:
            clique = record["cliques"][c]
            sides = []
            for p, key in ((0, "row_strategies"), (1, "column_strategies")):
                texts = [strategy_text(actions[p], s) for s in clique[key]]
                sides.append(
                    f"{players[p]} plays {texts[0]}"
                    if len(texts) == 1
                    else f"{players[p]} any mix of {' and '.join(f'({t})' for t in texts)}"
                )
            lines.append("  " + ", ".join(sides))
    for d in record["dominated"][:12]:
        lines.append(f"{d['player']}'s {d['action']} is {d['kind']}ly dominated by {d['by_text']}")
    if len(record["dominated"]) > 12:
        lines.append(
            f"... and {len(record['dominated']) - 12} more dominated strategies (see --format json)"
        )
    for text in record["diagnostics"]:
        lines.append(f"note: {text}")
    return "\n".join(lines) + "\n"


def _outcome_lines(outcomes: Sequence[Mapping[str, Any]]) -> list[str]:
    # Imported on use, for start-up speed.

    return outcome_lines(outcomes)


def _indent(text: str) -> str:
    return "\n".join("  " + line if line else line for line in text.splitlines())


def _spe_only(record: Mapping[str, Any]) -> bool:
    """A tree with no strategic form (three or more players): only its SPEs are reported."""
    return record.get("kind") == "tree" and not record["actions"]


def _solve_csv(record: Mapping[str, Any]) -> str:
    out = io.StringIO()
    if _spe_only(record):
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["spe", "path", "plays", *(f"payoff:{p}" for p in record["players"])])
        for k, e in enumerate(record["spe"]):
            writer.writerow([k, "/".join(e["path"]), _plays_cell(record, k), *e["payoffs"]])
        return out.getvalue()
    players, actions = record["players"], record["actions"]
    header = ["index", "component", "pure"]
    header += [f"{players[p]}:{a}" for p in (0, 1) for a in actions[p]]
    header += [f"payoff:{name}" for name in players] + [f"payoff_float:{name}" for name in players]
    is_tree = record.get("kind") == "tree"
    plays: dict[int, str] = {}
    if is_tree:
        header += ["subgame_perfect", "plays"]
        for o in record.get("nash_outcomes") or []:
            for i in o["equilibria"]:
                plays[i] = _plays_text(o["plays"])
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for eq in record["equilibria"]:
        row = (
            [
                eq["index"],
                "" if eq["component"] is None else eq["component"],
                str(eq["pure"]).lower(),
            ]
            + eq["strategies"][0]
            + eq["strategies"][1]
            + eq["payoffs"]
            + [repr(v) for v in eq["payoffs_float"]]
        )
        if is_tree:
            flag = eq.get("subgame_perfect")
            row += ["" if flag is None else str(flag).lower(), plays.get(eq["index"], "")]
        writer.writerow(row)
    return out.getvalue()


def _plays_text(plays: Sequence[Mapping[str, Any]]) -> str:
    """Plays as one CSV cell: ``Defy/Cut/Upheld:1/2;Defy/Cut/Blocked:1/2``."""
    return ";".join(f"{'/'.join(p['path'])}:{p['probability']}" for p in plays)


def _plays_cell(record: Mapping[str, Any], k: int) -> str:
    for o in record.get("outcomes") or []:
        if k in o["spe"]:
            return _plays_text(o["plays"])
    return ""


def _solve_latex(record: Mapping[str, Any]) -> str:
    players = record["players"]
    if _spe_only(record):
        head = ["SPE", "path", *(f"$u_{{\\text{{{tex_escape(p)}}}}}$" for p in players)]
        lines = [
            "\\begin{tabular}{rl" + "c" * len(players) + "}",
            "\\hline",
            " & ".join(head) + " \\\\",
            "\\hline",
        ]
        for k, e in enumerate(record["spe"]):
            cells = [
                str(k),
                tex_escape(" / ".join(e["path"])),
                *(f"${tex_number(u)}$" for u in e["payoffs"]),
            ]
            lines.append(" & ".join(cells) + " \\\\")
        lines += ["\\hline", "\\end{tabular}"]
        # Imported on use, for start-up speed.

        return fit_width("\n".join(lines))
    # Imported on use, for start-up speed.

    return solve_latex(record)


# -- show -------------------------------------------------------------------------------------
def _show_table(record: Mapping[str, Any]) -> str:
    sc = record["scenario"]
    lines = [f"{sc['name']}: {sc['title']}"]
    if record["summary"]:
        lines += ["", *_wrap(record["summary"], 96)]
    lines += ["", "players:"]
    for p, acts in zip(record["players"], record["actions"], strict=True):
        role = f" ({p['role']})" if p["role"] else ""
        lines.append(f"  {p['name']}{role}" + (f": {', '.join(acts)}" if acts else ""))
    if record["parameters"]:
        lines += ["", "parameters:"]
        rows = [
            {
                "name": p["name"],
                "value": p["value"],
                "default": p["default"],
                "domain": p["domain"],
                "range": f"[{p['range'][0]}, {p['range'][1]}]" if p["range"] else None,
                "provenance": p["provenance"],
                "description": p["description"],
            }
            for p in record["parameters"]
        ]
        lines.append(_indent(text_table(rows)))
    if record["definitions"]:
        lines += ["", "definitions:"] + [f"  {k} = {v}" for k, v in record["definitions"].items()]
    if record["assumptions"]:
        lines += ["", "assumptions: " + ", ".join(record["assumptions"])]
        for text in record["assumptions_failed"]:
            lines.append(f"note: {text} does not hold at these values")
    names = [p["name"] for p in record["players"]]
    if record.get("model") is not None:
        lines += ["", f"model ({record['model']['kind']}):"]
        lines += [f"  {line}" for line in record["model"]["description"]]
    elif record["payoff_formulas"] != record["payoffs"]:
        lines += [
            "",
            f"payoff formulas ({names[0]}, {names[1]}):",
            _indent(_matrix_table(record, "payoff_formulas")),
        ]
        lines += ["", "payoffs at these values:", _indent(_matrix_table(record, "payoffs"))]
    else:
        lines += [
            "",
            f"payoffs ({names[0]}, {names[1]}):",
            _indent(_matrix_table(record, "payoffs")),
        ]
    if record["sources"]:
        lines += ["", "sources:"] + [f"  [{s['key']}] {s['citation']}" for s in record["sources"]]
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    # Imported on use, for start-up speed.

    return textwrap.wrap(text, width)


def _json(record: Mapping[str, Any]) -> str:

    return json.dumps(json_ready(record), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


#: (command, format) → renderer of that command's record.
RENDERERS: dict[tuple[str, str], Callable[[Mapping[str, Any]], str]] = {
    ("solve", "table"): _solve_table,
    ("solve", "json"): _json,
    ("solve", "csv"): _solve_csv,
    ("solve", "latex"): _solve_latex,
    ("show", "table"): _show_table,
    ("show", "json"): _json,
    ("derive", "table"): lambda record: _derivation().render_derive_table(record),
    ("derive", "json"): _json,
    ("derive", "latex"): lambda record: _derivation().render_derive_latex(record),
    ("repeated", "table"): lambda record: _repeated().render_repeated_table(record),
    ("repeated", "json"): _json,
    ("repeated", "csv"): lambda record: _repeated().render_repeated_csv(record),
    ("repeated", "latex"): lambda record: _repeated().render_repeated_latex(record),
    ("compare", "table"): lambda record: _compare().render_compare_table(record),
    ("compare", "json"): _json,
    ("compare", "csv"): lambda record: _compare().render_compare_csv(record),
    ("compare", "latex"): lambda record: _compare().render_compare_latex(record),
}


def _compare() -> Any:
    # Imported on use, for start-up speed.
    from gametheory.report import compare

    return compare


def _repeated() -> Any:
    # Imported on use, for start-up speed.
    from gametheory.report import repeated

    return repeated


def _derivation() -> Any:
    # Imported on use, for start-up speed.
    from gametheory.report import derivation

    return derivation


def render(record: Mapping[str, Any], fmt: str = "table") -> str:
    """Render a record (from :mod:`gametheory.report.records`) in format ``fmt``."""
    key = (record["command"], fmt)
    if key not in RENDERERS:
        valid = sorted(f for c, f in RENDERERS if c == record["command"])
        raise ScenarioError(
            f"no {fmt!r} format for {record['command']!r}; expected one of: {', '.join(valid)}"
        )
    return RENDERERS[key](record)
