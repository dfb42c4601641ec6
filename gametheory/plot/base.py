"""What every figure of :mod:`gametheory.plot` shares: matplotlib on use, labels and ranges.

Figures are made without pyplot (a library's figures are not kept open by pyplot's state), and
matplotlib is imported only when a figure is drawn: without it :func:`require_matplotlib`
refuses in one line naming the extra, ``pip install "fedlocal[plot]"``.
"""

from __future__ import annotations

from typing import Any

from gametheory.exceptions import GameTheoryError
from gametheory.model.scenario import Scenario

__all__ = ["Figures", "axis_label", "parameter_range", "require_matplotlib"]

#: LaTeX of the verb options that are grid names without a scenario parameter.
OPTION_SYMBOLS: dict[str, str] = {"delta": r"\delta", "penalty": r"\phi"}


class Figures:
    """New figures and colour maps, straight from matplotlib (no pyplot)."""

    def __init__(self) -> None:
        # Imported on use, for start-up speed.
        import matplotlib
        from matplotlib.figure import Figure

        self._figure = Figure
        self._colormaps = matplotlib.colormaps

    def subplots(
        self, figsize: tuple[float, float], *, layout: str | None = None, **kwargs: Any
    ) -> tuple[Any, Any]:
        """A figure (with matplotlib's ``layout`` engine) and its axes (``fig.subplots(**kwargs)``)."""
        fig = self._figure(figsize=figsize, layout=layout)  # type: ignore[arg-type]
        return fig, fig.subplots(**kwargs)

    def get_cmap(self, name: str, n: int | None = None) -> Any:
        """The colour map ``name``, resampled to ``n`` colours when given."""
        cmap = self._colormaps[name]
        return cmap.resampled(n) if n else cmap


def require_matplotlib() -> Figures:
    """The figure factory, or a one-line :class:`GameTheoryError` naming the ``plot`` extra.

    Examples
    --------
    >>> fig, ax = require_matplotlib().subplots((2, 2))
    >>> type(fig).__name__
    'Figure'
    """
    try:
        return Figures()
    except ImportError:
        raise GameTheoryError('plotting needs matplotlib: pip install "fedlocal[plot]"') from None


def axis_label(scenario: Scenario, name: str) -> str:
    """The axis label of ``name``: the parameter's declared LaTeX symbol, in math mode.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> axis_label(load_scenario("sanctuary_diffusion"), "Delta")
    '$\\\\Delta$'
    """
    try:
        tex = scenario.parameter(name).latex
    except Exception:  # an option name (delta, penalty) without a parameter
        tex = OPTION_SYMBOLS.get(name, name)
    return f"${tex}$" if tex else name


def parameter_range(scenario: Scenario, name: str) -> tuple[float, float]:
    """The declared plotting range of ``name`` (``delta`` without one: 0 to 0.99)."""
    try:
        r = scenario.parameter(name).range
    except Exception:
        r = None
    if name == "delta" and not r:
        return 0.0, 0.99
    if not r:
        raise GameTheoryError(f"--x/--y {name}: the parameter declares no range to plot over")
    return float(r[0]), float(r[1])
