"""Symbolic equilibria: conditions, regions, closed forms, comparative statics.

Payoffs stay formulas of the parameters; results are conditions on the parameters (decided
exactly under their domains and the scenario's assumptions where possible) and closed forms.
"""

from gametheory.symbolic.compiled import compile_condition, compile_expression
from gametheory.symbolic.conditions import Assumptions, Atom, Condition
from gametheory.symbolic.derive import (
    Derivation,
    MixedSolution,
    PureProfile,
    Region,
    SymbolicDominance,
    derive,
    derive_normal_form,
    scenario_assumptions,
)
from gametheory.symbolic.statics import Quantity, Sensitivity, comparative_statics, sign_of

__all__ = [
    "Assumptions",
    "Atom",
    "Condition",
    "Derivation",
    "MixedSolution",
    "PureProfile",
    "Quantity",
    "Region",
    "Sensitivity",
    "SymbolicDominance",
    "comparative_statics",
    "compile_condition",
    "compile_expression",
    "derive",
    "derive_normal_form",
    "scenario_assumptions",
    "sign_of",
]
