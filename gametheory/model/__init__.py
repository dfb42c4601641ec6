"""Model objects: parameters, scenarios and games."""

from gametheory.model.compare import CompareSpec, RegimeSpec
from gametheory.model.normal_form import NormalFormGame, exact_number
from gametheory.model.parameters import PROVENANCES, Domain, Parameter
from gametheory.model.repeated_spec import RepeatedSpec
from gametheory.model.scenario import Player, Scenario, Source
from gametheory.model.tree import GameTree, TreeNode, history_text

__all__ = [
    "PROVENANCES",
    "CompareSpec",
    "Domain",
    "GameTree",
    "NormalFormGame",
    "Parameter",
    "Player",
    "RegimeSpec",
    "RepeatedSpec",
    "Scenario",
    "Source",
    "TreeNode",
    "exact_number",
    "history_text",
]
