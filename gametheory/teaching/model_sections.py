"""The handout sections of a model scenario (``[delegation]``, ``[reputation]``, ...).

A model kind has no payoff matrix or tree; what it has is what the one interface
(:mod:`gametheory.kinds.api`) gives for every kind: a description (``show``), its results at
the parameter values (``solve``), its closed forms where it has them (``derive``) and the
regime comparison (``compare``, set by :mod:`gametheory.teaching.handout` like any other
scenario's). The model's own description lines are set as prose; the ``solve`` and ``derive``
tables, whose columns matter, as listings that fit the page (:func:`~.texts.listing`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gametheory.kinds.api import derive_scenario, kind_of, solve_scenario
from gametheory.model.scenario import Scenario
from gametheory.teaching.texts import listing, prose

__all__ = ["model_sections"]

#: Usable text width in points: an A4 article, and a beamer frame in ``\small``.
ARTICLE_WIDTH = 345.0
SLIDE_WIDTH = 290.0


def model_sections(
    scenario: Scenario, overrides: Mapping[str, Any], show: Mapping[str, Any], slides: bool
) -> list[tuple[str, str]]:
    """``(heading, LaTeX)`` for the model: what it is, its results, its closed forms.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> from gametheory.kinds.api import describe_scenario
    >>> sc = load_scenario("delegation_287g")
    >>> [h for h, _ in model_sections(sc, {}, describe_scenario(sc).record, False)]
    ['The model', 'Results at these values']
    """
    width = SLIDE_WIDTH if slides else ARTICLE_WIDTH
    base = 11 if slides else 10
    model = show.get("model") or {}
    kind = model.get("kind") or kind_of(scenario).name
    lines = model.get("description") or []
    body = [rf"This scenario is a \emph{{{prose(kind.replace('_', ' '))}}} model.\par"]
    if lines:
        body.append(r"\begin{itemize}")
        body += [rf"\item {prose(line)}" for line in lines]
        body.append(r"\end{itemize}")
    sections = [("The model", "\n".join(body))]
    solved = solve_scenario(scenario, dict(overrides))
    sections.append(("Results at these values", listing(solved.render("table"), width, base)))
    if "derive" in kind_of(scenario).declared(scenario):
        derived = derive_scenario(scenario, {})
        intro = (
            r"With every parameter symbolic (\texttt{fedlocal derive "
            + prose(scenario.name or "")
            + r"}):\par\smallskip"
        )
        sections.append(
            ("Derivation", intro + "\n" + listing(derived.render("table"), width, base))
        )
    return sections
