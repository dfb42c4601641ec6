"""The record of an estimation (``fedlocal fit``) and its renderers: table, JSON and LaTeX.

Estimates are floating point (maximum likelihood), so every number in the record is a JSON
number (no exact value exists, hence no ``_float`` twins);
JSON ``null`` stands for a standard error that does not exist (an unidentified coefficient),
and for ``lambda.value`` of a model without a QRE precision (the statistical ultimatum game).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from statistics import NormalDist
from typing import Any

from gametheory.estimation.fit import HESSIAN_STEP, FitResult
from gametheory.report.latex import tex_escape
from gametheory.report.latex_fit import GREEK
from gametheory.report.records import SCHEMA_VERSION, scenario_header
from gametheory.report.text import text_table

__all__ = ["FIT_FORMATS", "fit_record", "render_fit"]

#: The formats of ``fedlocal fit``.
FIT_FORMATS: tuple[str, ...] = ("table", "json", "latex")

_NOTE = (
    "maximum-likelihood estimates in floating point (not exact); standard errors from the "
    "observed information (the inverse of minus the finite-difference Hessian of the "
    f"log-likelihood at the optimum, relative step {HESSIAN_STEP:g}); Wald 95% intervals"
)


_NOTE_ULTIMATUM = (
    "maximum-likelihood estimates in floating point (not exact); standard errors from the "
    "observed information (minus the inverse of the Hessian, central finite differences of the "
    f"analytic gradient, relative step {HESSIAN_STEP:g}); Wald 95% intervals"
)


def _num(x: float) -> float | None:
    return x if math.isfinite(x) else None


def fit_record(result: FitResult, scenario: Any = None) -> dict[str, Any]:
    """The JSON record of a :class:`~gametheory.estimation.FitResult` (``command: fit``)."""
    z = NormalDist().inv_cdf(0.975)
    coefficients = []
    for name, est, se in zip(result.names, result.estimates, result.standard_errors, strict=True):
        coefficients.append(
            {
                "name": name,
                "estimate": est,
                "se": _num(se),
                "z": _num(est / se) if se and math.isfinite(se) else None,
                "ci95": [_num(est - z * se), _num(est + z * se)],
            }
        )
    profiles = [
        {k: _num(float(v)) for k, v in row.items()} for row in result.profiles.to_dict("records")
    ]
    observations = [
        {k: _num(float(v)) for k, v in row.items()} for row in result.predictions.to_dict("records")
    ]
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "fit",
        "scenario": scenario_header(scenario)
        if scenario is not None
        else {"name": result.scenario, "title": "", "path": None, "bundled": False},
        "data": {"source": result.source, "observations": result.n},
        "game": result.game,
        "method": result.method,
        "exact": False,
        "note": _NOTE_ULTIMATUM if result.game == "statistical ultimatum" else _NOTE,
        "free": list(result.free),
        "covariates": {k: list(v) for k, v in result.covariates.items()},
        "lambda": {"free": result.lam_free, "value": _num(result.lam)},
        "coefficients": coefficients,
        "loglik": result.loglik,
        "aic": 2 * len(result.names) - 2 * result.loglik,
        "converged": result.converged,
        "optimizer": result.message,
        "diagnostics": list(result.diagnostics),
        "predictions": {"at_profiles": profiles, "per_observation": observations},
    }


#: The caption's head by ``game`` (default: logit QRE).
_HEADS = {"statistical ultimatum": "Statistical ultimatum game"}


def _fmt(x: float | None, digits: int = 4) -> str:
    return "nan" if x is None else f"{x:.{digits}f}"


def _table(record: Mapping[str, Any]) -> str:
    sc = record["scenario"]
    lines = [f"{sc['name']}: {sc['title']}" if sc["title"] else str(sc["name"])]
    data = record["data"]
    lines.append(f"data: {data['source']} ({data['observations']} observations)")
    lines.append(f"method: {record['method']}")
    lam = record["lambda"]
    if not lam["free"] and lam["value"] is not None:
        lines.append(f"lambda fixed at {lam['value']:g}")
    rows = [
        {
            "coefficient": c["name"],
            "estimate": _fmt(c["estimate"]),
            "std. error": _fmt(c["se"]),
            "z": _fmt(c["z"], 2),
            "95% interval": f"[{_fmt(c['ci95'][0])}, {_fmt(c['ci95'][1])}]",
        }
        for c in record["coefficients"]
    ]
    lines += ["", text_table(rows), ""]
    lines.append(
        f"log-likelihood: {record['loglik']:.4f}   AIC: {record['aic']:.4f}   "
        f"converged: {'yes' if record['converged'] else 'no'}"
    )
    profiles = record["predictions"]["at_profiles"]
    if profiles:
        ult = record["game"] == "statistical ultimatum"
        lines += ["", "predictions at covariate profiles:" if ult else "predicted probabilities:"]
        lines.append(text_table([{k: _fmt(v) for k, v in row.items()} for row in profiles]))
    for d in record["diagnostics"]:
        lines.append(f"note: {d}")
    lines.append(f"note: {record['note']}")
    return "\n".join(lines) + "\n"


def _tex_name(name: str) -> str:
    base, _, cov = name.partition("[")
    plain = len(base) == 1 and base.isalpha()
    head = GREEK.get(base, base if plain else f"\\text{{{tex_escape(base)}}}")
    if not cov:
        return f"${head}$"
    cov = cov.rstrip("]")
    return f"${head}$: {tex_escape('constant' if cov == 'const' else cov)}"


def _latex(record: Mapping[str, Any]) -> str:
    sc = record["scenario"]
    lines = [
        "\\begin{table}[ht]",
        "\\centering",
        f"\\caption{{{_HEADS.get(record['game'], 'Logit QRE')} estimates: "
        f"{tex_escape(str(sc['name']))}, "
        f"{record['data']['observations']} observations}}",
        "\\begin{tabular}{lrr}",
        "\\hline",
        "Coefficient & Estimate & Std.\\ error \\\\",
        "\\hline",
    ]
    for c in record["coefficients"]:
        lines.append(
            f"{_tex_name(c['name'])} & {_fmt(c['estimate'], 3)} & ({_fmt(c['se'], 3)}) \\\\"
        )
    lines += [
        "\\hline",
        f"Log-likelihood & \\multicolumn{{2}}{{r}}{{{record['loglik']:.2f}}} \\\\",
        f"Observations & \\multicolumn{{2}}{{r}}{{{record['data']['observations']}}} \\\\",
    ]
    if not record["lambda"]["free"] and record["lambda"]["value"] is not None:
        lines.append(
            f"$\\lambda$ (fixed) & \\multicolumn{{2}}{{r}}{{{record['lambda']['value']:g}}} \\\\"
        )
    lines += [
        "\\hline",
        "\\end{tabular}",
        "\\par\\smallskip{\\footnotesize Maximum likelihood; standard errors from the observed "
        "information.}",
        "\\end{table}",
    ]
    return "\n".join(lines) + "\n"


def render_fit(record: Mapping[str, Any], fmt: str = "table") -> str:
    """Render a fit record as ``table``, ``json`` or ``latex``.

    Examples
    --------
    >>> from gametheory.estimation import fit, simulate_data
    >>> r = fit("trust_game", simulate_data("trust_game", 200, seed=2, lam=0.3))
    >>> print(render_fit(fit_record(r), "latex").splitlines()[7])
    $\\lambda$ & 0.272 & (0.026) \\\\
    """
    if fmt == "json":
        return json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    if fmt == "latex":
        return _latex(record)
    return _table(record)
