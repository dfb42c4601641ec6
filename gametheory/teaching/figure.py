"""The handout's figure: the picture of :mod:`gametheory.plot` that fits the scenario.

:func:`handout_figure` picks, in this order, the first that applies:

1. a **regime map** over the discount factor and the penalty (:func:`gametheory.plot.regime_map`)
   for a deal comparison (``[compare]`` with a term) whose ``delta`` and ``phi`` can be drawn;
2. the nested **SPE payoff sets** of the repeated stage game (:func:`gametheory.plot.payoff_sets`)
   for a two-player strategic-form game of at most 3 x 3 actions;
3. the **regime comparison** at the parameter values as bars of each player's payoff
   (:func:`gametheory.plot.regime_chart`) for any other scenario that answers ``compare``.

It writes the figure as a PDF and returns its caption. Without matplotlib (the ``plot``
extra) it returns ``None`` and the handout simply has no figure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import sympy as sp

from gametheory.exceptions import GameTheoryError
from gametheory.model.scenario import Scenario

__all__ = ["handout_figure"]

#: The discount factors of the payoff-set picture.
DELTAS = ("1/4", "1/2", "3/4", "9/10")


def _overrides(scenario: Scenario, values: Mapping[sp.Symbol, Any]) -> dict[str, Any]:
    """``{name: value}`` of the values that differ from the defaults (``--set``)."""
    defaults = {p.name: p.default for p in scenario.parameters}
    return {s.name: v for s, v in values.items() if defaults.get(s.name) != v}


def _drawable(scenario: Scenario, name: str) -> bool:
    try:
        return bool(scenario.parameter(name).range) or name == "delta"
    except Exception:  # not a parameter of this scenario
        return False


def _choices(
    scenario: Scenario, overrides: Mapping[str, Any]
) -> list[tuple[Callable[[], Any], str]]:
    # Imported on use, for start-up speed.
    from gametheory import plot
    from gametheory.kinds.api import kind_of

    out: list[tuple[Callable[[], Any], str]] = []
    deal = scenario.compare is not None and getattr(scenario.compare, "term", None)
    if deal and _drawable(scenario, "delta") and _drawable(scenario, "phi"):
        fixed = {k: v for k, v in overrides.items() if k not in ("delta", "phi")}
        out.append(
            (
                lambda: plot.regime_map(scenario, "delta", "phi", fixed, resolution=160),
                "Which deal the repeated relationship sustains, over the discount factor "
                "(horizontal) and the penalty (vertical); the boundaries are exact.",
            )
        )
    game = scenario.game
    if (
        scenario.model is None
        and game is not None
        and len(game.players) == 2
        and max(len(a) for a in game.actions) <= 3
    ):
        out.append(
            (
                lambda: plot.payoff_sets(scenario, DELTAS, overrides),
                "The payoffs of the subgame-perfect equilibria of the repeated game (pure "
                "strategies, public randomization), exact, at discount factors "
                + ", ".join(DELTAS)
                + ": the sets grow with patience.",
            )
        )
    if "compare" in kind_of(scenario).declared(scenario):
        out.append(
            (
                lambda: _comparison_chart(scenario, overrides),
                "The regimes compared at these parameter values.",
            )
        )
    return out


def _comparison_chart(scenario: Scenario, overrides: Mapping[str, Any]) -> Any:
    """Each player's payoff under each regime (:func:`gametheory.plot.regime_chart`) or, for a
    model whose regimes have no payoffs, the level each regime reaches (the share of localities
    with an agreement, say), as bars."""
    # Imported on use, for start-up speed.
    from matplotlib.figure import Figure

    from gametheory import plot
    from gametheory.kinds.api import compare_scenario

    record = compare_scenario(scenario, dict(overrides)).record
    regimes = record["regimes"]
    if all(r["payoffs"] for r in regimes):
        return plot.regime_chart(scenario, overrides)
    shown = [r for r in regimes if r["level_float"] is not None]
    if not shown:
        raise GameTheoryError("the regimes have neither payoffs nor levels to draw")
    fig = Figure(figsize=(6.4, 3.6))
    ax = fig.subplots()
    ax.bar([r["label"] for r in shown], [r["level_float"] for r in shown], color="#3182bd")
    for k, r in enumerate(shown):
        ax.annotate(r["level"], (k, r["level_float"]), ha="center", va="bottom")
    ax.set_ylabel("level reached")
    ax.set_title(f"{scenario.name}: the regimes compared", fontsize="small")
    fig.tight_layout()
    return fig


def handout_figure(scenario: Scenario, values: Mapping[sp.Symbol, Any], path: Path) -> str | None:
    """Write the scenario's figure as a PDF at ``path`` and return its caption.

    ``None`` when matplotlib is missing or no picture applies.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from gametheory import load_scenario
    >>> sc = load_scenario("delegation_287g")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     caption = handout_figure(sc, sc.values({}), Path(tmp) / "f.pdf")
    ...     written = (Path(tmp) / "f.pdf").read_bytes()[:4]
    >>> caption.startswith("The regimes compared"), written
    (True, b'%PDF')
    """
    try:
        # Imported on use, for start-up speed.
        import matplotlib  # noqa: F401

        # Imported on use, for start-up speed.
        from gametheory import plot  # noqa: F401
    except ImportError:
        return None
    for draw, caption in _choices(scenario, _overrides(scenario, values)):
        try:
            fig = draw()
        except GameTheoryError:
            continue  # this picture does not apply (no range to draw over, say): the next one
        # A coloured grid as an image: the PDF stays small and quick to write and to typeset;
        # lines and text stay vector.
        for ax in fig.axes:
            for artist in ax.collections:
                if type(artist).__name__ == "QuadMesh":
                    artist.set_rasterized(True)
        fig.savefig(path, format="pdf", dpi=200)
        return caption
    return None
