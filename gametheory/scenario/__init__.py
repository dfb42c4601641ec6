"""Scenario files: the safe formula parser, the schema and the loaders."""

from gametheory.formula import parse_condition, parse_formula, parse_number
from gametheory.scenario.loader import bundled_scenarios, load_scenario, scenario_from_toml
from gametheory.scenario.schema import FORMAT_VERSION, scenario_from_dict

__all__ = [
    "FORMAT_VERSION",
    "bundled_scenarios",
    "load_scenario",
    "parse_condition",
    "parse_formula",
    "parse_number",
    "scenario_from_dict",
    "scenario_from_toml",
]
