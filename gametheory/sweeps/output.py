"""A sweep's table as CSV, JSON (the project's record conventions) or Parquet."""

from __future__ import annotations

import json
import math
from typing import Any

__all__ = ["sweep_record", "write_table"]


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
    from gametheory.report.records import SCHEMA_VERSION

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
