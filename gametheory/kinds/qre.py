"""``solve --method logit-qre``: the logit QRE of a game or the agent QRE of a tree, by kind.

The QRE is not one of the exact solvers of :data:`gametheory.solvers.SOLVERS` (which return
verified exact equilibria); the finite kinds route the method here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gametheory.exceptions import ScenarioError
from gametheory.kinds.base import ScenarioKind, ScenarioResult
from gametheory.model.scenario import Scenario

__all__ = ["TRACE_POINTS", "solve_qre"]

#: At most this many points of a traced branch are reported.
TRACE_POINTS = 41


def _render(record: Mapping[str, Any], fmt: str) -> str:
    # Imported on use, for start-up speed.
    from gametheory.report.qre import render_qre

    return render_qre(record, fmt)


def check_qre_options(method: str, lam: Any, trace: bool) -> None:
    """``--lambda`` and ``--trace`` go with ``--method logit-qre``, which needs ``--lambda``."""
    if method != "logit-qre" and (lam is not None or trace):
        flag = "--lambda" if lam is not None else "--trace"
        raise ScenarioError(f"{flag} goes with --method logit-qre")
    if method == "logit-qre" and lam is None:
        raise ScenarioError(
            "--method logit-qre needs the precision: --lambda L (L >= 0; with --trace, the "
            "largest lambda of the branch)"
        )


def solve_qre(
    kind: ScenarioKind,
    scenario: Scenario,
    overrides: Mapping[str, Any],
    *,
    lam: Any,
    trace: bool = False,
) -> ScenarioResult[Any]:
    """The QRE of ``scenario`` at ``lam`` (and its principal branch from 0 with ``trace``)."""
    # Imported on use, for start-up speed.
    from gametheory.formula import parse_number
    from gametheory.report.qre import qre_record
    from gametheory.solvers.qre import logit_qre, trace_logit_qre
    from gametheory.solvers.qre_tree import agent_qre, trace_agent_qre

    exact_lam = parse_number(lam) if isinstance(lam, str) else lam
    try:
        value = float(exact_lam)
    except (TypeError, ValueError):
        raise ScenarioError(f"--lambda must be a number, got {lam!r}", key="--lambda") from None
    values = scenario.values(overrides, label="--set")
    branch = None
    if scenario.tree is not None:
        tree = scenario.tree.subs(values)
        tree.check_probabilities()
        result = agent_qre(tree, value)
        if trace:
            branch = trace_agent_qre(tree, value, points=TRACE_POINTS)
        game = "tree"
    else:
        nfg = (
            scenario.model[1].subs(values)  # a game of three or more players
            if scenario.model is not None and scenario.model[0] == "nplayer"
            else scenario.normal_form.subs(values)
        )
        result = logit_qre(nfg, value)
        if trace:
            branch = trace_logit_qre(nfg, value, points=TRACE_POINTS)
        game = "strategic form"
    record = qre_record(result, scenario, values, lam=exact_lam, game=game, branch=branch)
    return kind.result("solve", scenario, values, branch or result, record, _render)
