"""Tidy rows of any verb's record: the one place a sweep (and any table of results) gets rows.

The row builders the renderers use stay where they are (:func:`~gametheory.report.records.
equilibrium_rows`, :func:`~gametheory.report.compare.regime_rows`,
:func:`~gametheory.report.repeated.strategy_rows`); :func:`record_rows` picks the builder for a
record and adds rows for the verbs that have none (``derive``, the model kinds). :func:`tidy`
then gives every exact column a float twin: ``level`` (``"3/10"``) beside ``level_float``
(``0.3``), the float derived from the exact text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy as sp

from gametheory.exceptions import GameTheoryError
from gametheory.formula import parse_number
from gametheory.report.records import equilibrium_rows

__all__ = ["exact_float", "record_rows", "tidy"]

_SKIP = {"schema_version", "command", "scenario", "parameters", "model", "players", "actions"}


@lru_cache(maxsize=65536)
def exact_float(text: str) -> float | None:
    """The float of an exact number's text, or ``None`` when the text is not a number.

    Examples
    --------
    >>> exact_float("3/10"), exact_float("sqrt(2)/2"), exact_float("deal at x = 3/8")
    (0.3, 0.7071067811865476, None)
    """
    try:
        return float(Fraction(text))
    except (ValueError, ZeroDivisionError):
        pass

    try:
        value = parse_number(text)
    except (GameTheoryError, ValueError, TypeError):
        return None
    if not (value.is_number and value.is_real):
        return None
    return float(sp.N(value, 17))


def _flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, Mapping):
        for k, v in value.items():
            _flatten(f"{prefix}.{k}" if prefix else str(k), v, out)
    elif isinstance(value, list | tuple):
        if all(not isinstance(v, Mapping | list | tuple) for v in value):
            for k, v in enumerate(value):
                out[f"{prefix}[{k}]"] = v
        else:
            for k, v in enumerate(value):
                _flatten(f"{prefix}[{k}]", v, out)
    else:
        out[prefix] = value


def _derive_rows(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for p in record.get("pure") or []:
        row: dict[str, Any] = {"profile": ", ".join(p["profile"])}
        row["condition"] = p["condition"]["text"]
        row["status"] = p["condition"]["status"]
        for k, name in enumerate(record["players"]):
            row[f"payoff {name}"] = p["payoffs"][k]["sympy"]
        rows.append(row)
    for m in record.get("mixed") or []:
        row = {"profile": "mixed", "condition": None, "status": None}
        _flatten("", {k: v for k, v in m.items() if not k.endswith("latex")}, row)
        rows.append(row)
    return rows


def _model_rows(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    body = {k: v for k, v in record.items() if k not in _SKIP}
    regimes = body.get("regimes")
    if isinstance(regimes, Mapping) and all(isinstance(v, Mapping) for v in regimes.values()):
        rest = {k: v for k, v in body.items() if k != "regimes"}
        rows = []
        for name, content in regimes.items():
            row: dict[str, Any] = {"regime": name}
            _flatten("", content, row)
            _flatten("", rest, row)
            rows.append(row)
        return rows
    row = {}
    _flatten("", body, row)
    return [row]


def record_rows(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Flat rows of a record of any verb and kind, from the renderers' own row builders.

    ``solve`` on a game or tree: one row per equilibrium (ties: every equilibrium, in the
    solver's order); ``compare``: one per regime; ``repeated``: one per strategy pair and
    concept; ``derive``: one per pure profile (and mixed solution); a model kind's record: one
    per regime, or one row.

    Examples
    --------
    >>> from gametheory import load_scenario, evaluate
    >>> r = evaluate(load_scenario("hennepin_drawdown"), "compare", {"delta": "3/5"})
    >>> [(row["regime"], row["level"]) for row in record_rows(r.record)][:3]
    [('enforceable', '3/8'), ('unenforceable', None), ('self-enforcing', '3/10')]
    """
    command = record.get("command")
    if record.get("kind") == "nplayer":  # games of three or more players
        # Imported on use, for start-up speed.
        from gametheory.report.nplayer import nplayer_rows

        return nplayer_rows(record)
    if command == "solve" and "equilibria" in record and "actions" in record:
        return equilibrium_rows(record)
    if command == "compare" and isinstance(record.get("regimes"), list):
        # Imported on use, for start-up speed.
        from gametheory.report.compare import regime_rows

        return regime_rows(record)
    if command == "repeated" and "strategies" in record:
        # Imported on use, for start-up speed.
        from gametheory.report.repeated import strategy_rows

        return strategy_rows(record)
    if command == "derive" and "pure" in record:
        return _derive_rows(record)
    return _model_rows(record)


def _is_float_column(name: str) -> bool:
    return "float" in name


def tidy(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows with one column order, the builders' float columns replaced by ``NAME_float`` twins.

    A column is *exact* when every value in it is ``None`` or the text of an exact number; each
    exact column ``NAME`` gets ``NAME_float`` right after it. Other columns are kept as they
    are. The result has the same columns in every row, in first-seen order.

    Examples
    --------
    >>> rows = tidy([{"level": "3/10", "outcome": "deal"}, {"level": None, "outcome": "no"}])
    >>> rows[0], rows[1]["level_float"]
    ({'level': '3/10', 'level_float': 0.3, 'outcome': 'deal'}, None)
    """
    columns: list[str] = []
    seen: set[str] = set()
    for row in rows:
        for k in row:
            if k not in seen and not _is_float_column(k):
                seen.add(k)
                columns.append(k)
    exact = {}
    for c in columns:
        values = [row.get(c) for row in rows]
        texts = [v for v in values if v is not None]
        exact[c] = bool(texts) and all(
            isinstance(v, str) and exact_float(v) is not None for v in texts
        )
    out = []
    for row in rows:
        new: dict[str, Any] = {}
        for c in columns:
            v = row.get(c)
            new[c] = v
            if exact[c]:
                new[f"{c}_float"] = None if v is None else exact_float(v)
        out.append(new)
    return out
