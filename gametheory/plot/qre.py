"""The principal branch of a logit quantal response equilibrium, drawn against ``lambda``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gametheory.exceptions import GameTheoryError
from gametheory.plot.base import require_matplotlib

__all__ = ["qre_branch_plot"]


def qre_branch_plot(record: Mapping[str, Any]) -> Any:
    """The principal branch of a logit QRE against ``lambda``: one line per action (the
    record of ``fedlocal solve --method logit-qre --trace``, :mod:`gametheory.report.qre`).

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> from gametheory.kinds import evaluate
    >>> r = evaluate(load_scenario("matching_pennies"), "solve", method="logit-qre", lam=3,
    ...              trace=True)
    >>> fig = qre_branch_plot(r.record)
    >>> fig.axes[0].get_xlabel()
    '$\\\\lambda$'
    """
    if not record.get("trace"):
        raise GameTheoryError("the QRE record has no traced branch (use --trace)")
    plt = require_matplotlib()
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    lams = [p["lambda"] for p in record["trace"]]
    for b, block in enumerate(record["blocks"]):
        for a, action in enumerate(block["actions"]):
            probs = [p["probabilities"][b][a] for p in record["trace"]]
            ax.plot(lams, probs, marker=".", markersize=3, label=f"{block['label']}: {action}")
    ax.set_xlabel("$\\lambda$")
    ax.set_ylabel("probability (logit QRE)")
    ax.set_ylim(-0.02, 1.02)
    ax.set_title(f"{record['scenario']['name'] or 'game'}: principal branch of the logit QRE")
    ax.legend(fontsize="small")
    fig.tight_layout()
    return fig
