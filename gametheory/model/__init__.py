"""Model objects: parameters, scenarios and games."""

from gametheory.model.normal_form import NormalFormGame, exact_number
from gametheory.model.parameters import PROVENANCES, Domain, Parameter
from gametheory.model.scenario import Player, Scenario, Source

__all__ = [
    "PROVENANCES",
    "Domain",
    "NormalFormGame",
    "Parameter",
    "Player",
    "Scenario",
    "Source",
    "exact_number",
]
