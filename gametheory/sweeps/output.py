"""A sweep's table as CSV, JSON (the project's record conventions) or Parquet."""

from __future__ import annotations

import json
import math
from typing import Any

from gametheory.formula import parse_number
from gametheory.numbers import exact_latex
from gametheory.report.latex import tex_escape
from gametheory.report.records import SCHEMA_VERSION
from gametheory.report.rows import exact_float

__all__ = ["latex_table", "sweep_record", "write_table"]


def _plain(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    return v


def sweep_record(df: Any, *, scenario: str, what: str, grid: list[str]) -> dict[str, Any]:
    """The JSON record of a sweep: ``schema_version``, what was swept, the column names and
    the rows (exact strings with ``_float`` twins, as in the table)."""

    columns = [str(c) for c in df.columns]
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "sweep",
        "scenario": scenario,
        "what": what,
        "grid": list(grid),
        "columns": columns,
        "rows": [
            {c: _plain(v) for c, v in zip(columns, row, strict=True)}
            for row in df.itertuples(index=False, name=None)
        ],
    }


def write_table(
    df: Any, fmt: str, output: str | None, *, scenario: str, what: str, grid: list[str]
) -> str | None:
    """Write ``df`` in ``fmt`` to ``output``; the text when there is no file (``None`` else)."""
    if fmt == "parquet":
        assert output is not None
        df.to_parquet(output, index=False)
        return None
    if fmt == "csv":
        text = df.to_csv(index=False, lineterminator="\n")
    elif fmt == "json":
        record = sweep_record(df, scenario=scenario, what=what, grid=grid)
        text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    else:  # pragma: no cover - click checks the choice
        raise ValueError(fmt)
    if output is None:
        return str(text)
    with open(output, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    return None


def latex_table(df: Any, columns: list[str], headers: list[str] | None = None) -> str:
    """A LaTeX ``tabular`` of ``columns`` of a sweep, exact values typeset (amsmath only).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"delta": ["1/2", "3/5"], "level": ["1/4", None]})
    >>> print(latex_table(df, ["delta", "level"], [r"$\\delta$", "best deal"]))
    \\begin{tabular}{cc}
    \\hline
    $\\delta$ & best deal \\\\
    \\hline
    $\\frac{1}{2}$ & $\\frac{1}{4}$ \\\\
    $\\frac{3}{5}$ & -- \\\\
    \\hline
    \\end{tabular}
    """

    def cell(v: Any) -> str:
        v = _plain(v)
        if v is None:
            return "--"
        if isinstance(v, str) and exact_float(v) is not None:
            return f"${exact_latex(parse_number(v))}$"
        return tex_escape(str(v))

    heads = headers or [tex_escape(c) for c in columns]
    lines = [r"\begin{tabular}{" + "c" * len(columns) + "}", r"\hline", " & ".join(heads) + r" \\"]
    lines.append(r"\hline")
    for row in df[columns].itertuples(index=False, name=None):
        lines.append(" & ".join(cell(v) for v in row) + r" \\")
    lines += [r"\hline", r"\end{tabular}"]
    return "\n".join(lines)
