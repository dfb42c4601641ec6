"""Pictures of a parameter study: matplotlib figures (the ``plot`` extra).

* :mod:`~gametheory.plot.deal`: a deal comparison over two parameters as a map with its exact
  boundaries (:func:`regime_map`), its outcome against one parameter (:func:`threshold_plot`),
  and the regime comparison at one point as a chart (:func:`regime_chart`);
* :mod:`~gametheory.plot.equilibria`: a strategic game's derived regions labelled by their
  equilibria (:func:`equilibrium_map`) and nested exact SPE payoff sets (:func:`payoff_sets`);
* :mod:`~gametheory.plot.cascade`: a threshold cascade drawn on its network, each node coloured
  by the round in which it adopts (:func:`cascade_plot`);
* :mod:`~gametheory.plot.qre`: the principal branch of a logit QRE against ``lambda``
  (:func:`qre_branch_plot`).

Every function returns a :class:`matplotlib.figure.Figure`; axis labels are the scenario's
declared LaTeX symbols. ``fedlocal plot`` is the command-line face. Without matplotlib every
function refuses in one line naming the extra: ``pip install "fedlocal[plot]"``.
"""

from gametheory.plot.base import axis_label, parameter_range, require_matplotlib
from gametheory.plot.cascade import cascade_plot, cascade_rounds, node_positions
from gametheory.plot.deal import (
    REGIONS,
    DealRegions,
    deal_regions,
    map_region,
    regime_chart,
    regime_map,
    threshold_plot,
)
from gametheory.plot.equilibria import equilibrium_map, payoff_sets
from gametheory.plot.qre import qre_branch_plot

__all__ = [
    "PLOT_KINDS",
    "REGIONS",
    "DealRegions",
    "axis_label",
    "cascade_plot",
    "cascade_rounds",
    "deal_regions",
    "equilibrium_map",
    "map_region",
    "node_positions",
    "parameter_range",
    "payoff_sets",
    "qre_branch_plot",
    "regime_chart",
    "regime_map",
    "require_matplotlib",
    "threshold_plot",
]

#: What ``fedlocal plot --what`` draws.
PLOT_KINDS: tuple[str, ...] = (
    "regime",
    "equilibrium",
    "threshold",
    "payoff",
    "payoff-set",
    "cascade",
)
