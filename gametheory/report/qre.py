"""The record of a logit QRE (``fedlocal solve --method logit-qre``) and its renderers.

A QRE is computed in floating point, so its probabilities and residuals are JSON numbers
(they have no exact value, hence no ``_float`` twin); the record says so (``exact: false``,
``precision``) and carries the fixed-point residual of every point. The precision ``lambda``
the user gave is an exact string with its float twin, as every input value.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

import sympy as sp

from gametheory.exceptions import UnsupportedOptionError
from gametheory.model.scenario import Scenario
from gametheory.numbers import exact_str
from gametheory.report.records import SCHEMA_VERSION, scenario_header
from gametheory.report.text import text_table
from gametheory.solvers.qre import QREBranch, QREResult

__all__ = ["QRE_NOTE", "qre_record", "render_qre"]

#: What every QRE output says about itself.
QRE_NOTE = (
    "a logit quantal response equilibrium, computed in floating point: not an exact Nash "
    "equilibrium"
)


def _point(point: QREResult) -> dict[str, Any]:
    return {
        "lambda": point.lam,
        "probabilities": [list(b) for b in point.profile],
        "residual": point.residual,
    }


def qre_record(
    result: QREResult,
    scenario: Scenario | None,
    values: Mapping[sp.Symbol, sp.Expr],
    *,
    lam: Any,
    game: str,
    branch: QREBranch | None = None,
) -> dict[str, Any]:
    """The JSON record of a QRE (and of its traced branch, when given).

    ``game`` is ``"strategic form"`` or ``"tree"``; ``lam`` the precision as the user gave it.
    """
    blocks = [
        {"label": label, "actions": list(actions), "probabilities": list(probs)}
        for label, actions, probs in zip(result.labels, result.actions, result.profile, strict=True)
    ]
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "solve",
        "kind": "logit-qre",
        "scenario": scenario_header(scenario),
        "game": game,
        "method": result.method,
        "exact": False,
        "precision": result.precision,
        "note": QRE_NOTE,
        "parameters": {s.name: exact_str(v) for s, v in sorted(values.items(), key=str)},
        "lambda": exact_str(lam),
        "lambda_float": result.lam,
        "branch": result.branch,
        "blocks": blocks,
        "residual": result.residual,
        "diagnostics": [f"{k}: {v}" for k, v in result.diagnostics.items()],
        "trace": None if branch is None else [_point(p) for p in branch.points],
    }


def _table(record: Mapping[str, Any]) -> str:
    sc = record["scenario"]
    head = sc["name"] or sc["path"] or "game"
    lines = [f"{head}: {sc['title']}" if sc["title"] else head]
    if record["parameters"]:
        lines.append(
            "parameters: " + ", ".join(f"{k}={v}" for k, v in record["parameters"].items())
        )
    what = "agent logit QRE" if record["game"] == "tree" else "logit QRE"
    branch = "principal branch" if record["branch"] == "principal" else record["branch"]
    lines.append(f"{what} at lambda = {record['lambda']} ({branch})")
    rows = []
    for block in record["blocks"]:
        for action, p in zip(block["actions"], block["probabilities"], strict=True):
            rows.append({"player" if record["game"] != "tree" else "node": block["label"],
                         "action": action, "probability": f"{p:.6f}"})  # fmt: skip
    lines += ["", text_table(rows), ""]
    residual = record["residual"]
    lines.append(
        "fixed-point residual: " + ("below 1e-12" if residual < 1e-12 else f"{residual:.2e}")
    )
    lines.append(f"note: {record['note']}; {record['precision']}")
    if record["trace"] is not None:
        lines += ["", f"principal branch ({len(record['trace'])} points):"]
        labels = [
            f"{b['label']}:{a}" for b in record["blocks"] for a in b["actions"][:-1]
        ]  # the last action of each block is 1 minus the others
        trace_rows = []
        for point in record["trace"]:
            row: dict[str, Any] = {"lambda": f"{point['lambda']:.4f}"}
            probs = [p for b in point["probabilities"] for p in b[:-1]]
            row.update({k: f"{p:.4f}" for k, p in zip(labels, probs, strict=True)})
            trace_rows.append(row)
        lines.append(text_table(trace_rows))
    return "\n".join(lines) + "\n"


def _csv(record: Mapping[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["lambda", "block", "action", "probability", "residual"])
    points = record["trace"] or [
        {
            "lambda": record["lambda_float"],
            "probabilities": [b["probabilities"] for b in record["blocks"]],
            "residual": record["residual"],
        }
    ]
    for point in points:
        for block, probs in zip(record["blocks"], point["probabilities"], strict=True):
            for action, p in zip(block["actions"], probs, strict=True):
                writer.writerow(
                    [repr(point["lambda"]), block["label"], action, repr(p),
                     repr(point["residual"])]
                )  # fmt: skip
    return out.getvalue()


def render_qre(record: Mapping[str, Any], fmt: str) -> str:
    """Render a QRE record as ``table``, ``json`` or ``csv`` (one row per point and action)."""
    if fmt == "json":
        return json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _csv(record)
    if fmt != "table":
        raise UnsupportedOptionError(
            f"--format {fmt} does not apply to --method logit-qre; it has: table, json, csv"
        )
    return _table(record)
