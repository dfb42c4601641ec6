"""The ``[linkage]`` and ``[monitoring]`` sections: reading, and errors naming file, key and
expectation."""

from __future__ import annotations

import pytest
import sympy as sp

from gametheory import ScenarioError
from gametheory.scenario import scenario_from_toml

BASE = """
format = 1
name = "two"
title = "Two issues"

[[players]]
name = "Row"

[[players]]
name = "Col"

[parameters.x]
default = 5
domain = "positive"
provenance = "illustrative"

[game.actions]
Row = ["C", "D"]
Col = ["C", "D"]

[game.payoffs.C]
C = [3, 3]
D = [0, "x"]

[game.payoffs.D]
C = ["x", 0]
D = [1, 1]
"""

INLINE = """
[linkage]
name = "detainers"

[[linkage.issues]]
name = "grants"
actions = { Row = ["Give", "Keep"], Col = ["Comply", "Defy"] }
payoffs = { Give = { Comply = [2, 2], Defy = [-1, 3] }, Keep = { Comply = [3, -1], Defy = [0, 0] } }
"""


def test_inline_issue_in_the_scenarios_parameters() -> None:
    sc = scenario_from_toml(BASE + INLINE, file="two.toml")
    issues = sc.linkage.issues
    assert [i.name for i in issues] == ["detainers", "grants"]
    assert issues[0].source == "the scenario's [game]" and issues[1].source == "inline"
    assert issues[1].game.actions == (("Give", "Keep"), ("Comply", "Defy"))
    assert issues[0].game.free_symbols == {sc.symbols["x"]}


def test_mirror_of_own_game_keeps_parameters() -> None:
    sc = scenario_from_toml(BASE + '[linkage]\n[[linkage.issues]]\nname = "m"\nswap_roles = true\n')
    m = sc.linkage.issues[1].game
    assert m.payoffs[0][1, 0] == sc.symbols["x"]  # (D, C) of the mirror: Row now has Col's x


def test_monitoring_section() -> None:
    sc = scenario_from_toml(
        BASE + '[monitoring]\nnoise = { Row = "1/10", Col = 0 }\ndetection = "x/10"\n'
        "punish_length = 2\n"
    )
    m = sc.monitoring
    assert m.per_player and m.punish_length == 2
    assert m.noise == (sp.Rational(1, 10), 0)
    assert m.detection[0] == sc.symbols["x"] / 10


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ("[linkage]\n", "two.toml: linkage.issues: expected at least one"),
        ("[linkage]\n[[linkage.issues]]\nswap_roles = true\n", "missing required key 'name'"),
        (
            '[linkage]\n[[linkage.issues]]\nname = "game"\n',
            "linkage.issues[0].name: two issues are called 'game'",
        ),
        (
            '[linkage]\n[[linkage.issues]]\nname = "a"\nscenario = "no_such_scenario"\n',
            "linkage.issues[0].scenario: cannot load the linked scenario",
        ),
        (
            '[linkage]\n[[linkage.issues]]\nname = "a"\nscenario = "battle_of_the_sexes"\n',
            "a linked issue must be between Row, Col",
        ),
        (
            '[linkage]\n[[linkage.issues]]\nname = "a"\nswap = true\n',
            "linkage.issues[0].swap: unknown key 'swap'",
        ),
        (
            '[linkage]\n[[linkage.issues]]\nname = "a"\nset = { h = 1 }\n',
            "set goes with scenario",
        ),
        (
            '[linkage]\n[[linkage.issues]]\nname = "a"\ncooperation = ["C", "X"]\n',
            "'X' is not an action of 'Col'",
        ),
        ("[monitoring]\nnoise = 2\ndetection = 1\n", "monitoring.noise: expected a probability"),
        ("[monitoring]\ndetection = 1\n", "missing required key 'noise'"),
        ("[monitoring]\nnoise = 0\ndetection = { Row = 1 }\n", "missing required key 'Col'"),
        ('[monitoring]\nnoise = 0\ndetection = 1\npunish_length = "long"\n', 'expected "forever"'),
        ("[monitoring]\nnoise = 0\ndetection = 1\npunish_length = 0\n", "at least 1 round"),
        ('[monitoring]\nnoise = "y"\ndetection = 1\n', "monitoring.noise"),
    ],
)
def test_errors_name_the_key(extra: str, fragment: str) -> None:
    with pytest.raises(ScenarioError) as err:
        scenario_from_toml(BASE + extra, file="two.toml")
    assert fragment in str(err.value)
