"""Tests for gametheory.repeated.automata: library strategies, user automata, TOML files.

Transitions are written from the automaton's own point of view, ``(own action, other's action)``.
The expected transition tables below are the textbook definitions:

* grim trigger (Friedman 1971): cooperate until the cooperative profile is left once, then punish
  for ever;
* tit-for-tat (Axelrod 1984, ch. 2): cooperate first, then copy the other's last move;
* tit-for-two-tats (Axelrod 1984, the forgiving variant): punish only after two non-cooperative
  rounds of the other in a row;
* k-period punishment (Mailath & Samuelson 2006, §2.4.2): k rounds of mutual punishment after a
  departure, restarted by a departure during the punishment;
* penance (van Damme 1989): after a unilateral departure the deviator cooperates while being
  punished for one round; a punisher who does not punish repents next.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gametheory.exceptions import ScenarioError
from gametheory.model.normal_form import NormalFormGame
from gametheory.repeated.automata import (
    STRATEGIES,
    Automaton,
    Roles,
    always,
    automaton_from_dict,
    grim_trigger,
    k_period_punishment,
    library_strategy,
    load_automata,
    penance,
    roles_for,
    tit_for_tat,
    tit_for_two_tats,
)

PD = NormalFormGame.from_matrices(
    [[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(("C", "D"), ("C", "D"))
)
SURGE = NormalFormGame.from_matrices(
    [[-2, -6], [0, -4]],
    [[3, 4], [0, 1]],
    players=("Local", "Federal"),
    actions=(("Cooperate", "Refuse"), ("Restrain", "Surge")),
)
ROLES = Roles("C", "D", "C", "D")


def run(automaton: Automaton, observed: list[tuple[str, str]]) -> list[str]:
    """The states visited when the automaton observes ``(own, other)`` profiles in turn."""
    state, out = automaton.initial, [automaton.initial]
    for own, other in observed:
        state = automaton.next_state(state, own, other)
        out.append(state)
    return out


def test_always() -> None:
    a = always("D", "always_defect")
    assert a.play("play") == "D"
    assert run(a, [("C", "D"), ("D", "C")]) == ["play"] * 3


def test_grim_trigger_never_forgives() -> None:
    g = grim_trigger("C", "D", "C")
    assert [g.play(s) for s in g.states] == ["C", "D"]
    assert run(g, [("C", "C"), ("C", "D"), ("C", "C"), ("D", "D")]) == [
        "cooperate",
        "cooperate",
        "punish",
        "punish",
        "punish",
    ]
    # its own departure triggers the punishment too
    assert g.next_state("cooperate", "D", "C") == "punish"


def test_tit_for_tat_copies_the_last_move() -> None:
    t = tit_for_tat("C", "D", "C")
    states = run(t, [("C", "D"), ("D", "C"), ("C", "C"), ("C", "D")])
    assert [t.play(s) for s in states] == ["C", "D", "C", "C", "D"]


def test_tit_for_two_tats_forgives_single_defections() -> None:
    t = tit_for_two_tats("C", "D", "C")
    states = run(t, [("C", "D"), ("C", "C"), ("C", "D"), ("C", "D"), ("D", "D"), ("D", "C")])
    assert states == ["cooperate", "warned", "cooperate", "warned", "punish", "punish", "cooperate"]
    assert [t.play(s) for s in states] == ["C", "C", "C", "C", "D", "D", "C"]


@pytest.mark.parametrize("k", [1, 2, 3])
def test_k_period_punishment(k: int) -> None:
    a = k_period_punishment(k, "C", "D", "C", "D")
    assert a.name == f"punish:{k}" and len(a.states) == k + 1
    # a departure, then k rounds of (D, D), then cooperation again
    states = run(a, [("C", "D")] + [("D", "D")] * k + [("C", "C")])
    assert [a.play(s) for s in states] == ["C"] + ["D"] * k + ["C", "C"]
    # a departure from the punishment restarts it
    assert a.next_state("punish1", "D", "C") == "punish1"
    if k >= 2:
        assert a.next_state("punish2", "C", "D") == "punish1"


@pytest.mark.parametrize("k", [0, -1, True, 1.5])
def test_k_period_punishment_needs_a_positive_int(k: object) -> None:
    with pytest.raises(ScenarioError, match="at least 1 round"):
        k_period_punishment(k, "C", "D", "C", "D")  # type: ignore[arg-type]


def test_penance_states() -> None:
    p = penance("C", "D", "C", "D")
    assert [p.play(s) for s in p.states] == ["C", "C", "D"]
    # I defected alone: I repent (cooperate while punished), then back to cooperation
    assert p.next_state("cooperate", "D", "C") == "repent"
    assert p.next_state("repent", "C", "D") == "cooperate"
    # the other defected alone: I punish for one round
    assert p.next_state("cooperate", "C", "D") == "punish"
    assert p.next_state("punish", "D", "C") == "cooperate"
    # a punisher who fails to punish repents next; a repenter who defects repents again
    assert p.next_state("punish", "C", "C") == "repent"
    assert p.next_state("repent", "D", "D") == "repent"
    # both defected at once: no one to blame, cooperation resumes
    assert p.next_state("cooperate", "D", "D") == "cooperate"


def test_library_names_and_aliases() -> None:
    assert set(STRATEGIES) >= {"grim_trigger", "tit_for_tat", "penance", "always_cooperate"}
    for alias, name in [
        ("grim", "grim_trigger"),
        ("tft", "tit_for_tat"),
        ("tf2t", "tit_for_two_tats"),
        ("forgiving_tit_for_tat", "tit_for_two_tats"),
        ("alld", "always_punish"),
        ("always_defect", "always_punish"),
        ("allc", "always_cooperate"),
        ("k_period_punishment:3", "punish:3"),
    ]:
        assert library_strategy(alias, ROLES).name == name


def test_unknown_strategy_lists_the_names() -> None:
    with pytest.raises(
        ScenarioError, match=r"unknown strategy 'nice'; expected one of: .*punish:K"
    ):
        library_strategy("nice", ROLES)


def test_roles_for_the_column_player_swap_the_profile() -> None:
    row, col = roles_for(SURGE, ("Cooperate", "Restrain"), ("Refuse", "Surge"))
    assert row == Roles("Cooperate", "Refuse", "Restrain", "Surge")
    assert col == Roles("Restrain", "Surge", "Cooperate", "Refuse")
    grim = library_strategy("grim", col)
    grim.check(SURGE, 1)
    assert grim.next_state("cooperate", "Restrain", "Refuse") == "punish"


def test_automaton_validation() -> None:
    with pytest.raises(ScenarioError, match="at least one state"):
        Automaton("x", (), "a", ())
    with pytest.raises(ScenarioError, match="names a state twice"):
        Automaton("x", ("a", "a"), "a", ("C", "C"))
    with pytest.raises(ScenarioError, match="2 states but 1 actions"):
        Automaton("x", ("a", "b"), "a", ("C",))
    with pytest.raises(ScenarioError, match="initial state 'z' is not one of its states"):
        Automaton("x", ("a",), "z", ("C",))
    with pytest.raises(ScenarioError, match="unknown state 'q'"):
        Automaton("x", ("a",), "a", ("C",), (("a", "*", "*", "q"),))


def test_check_against_the_game() -> None:
    with pytest.raises(ScenarioError, match=r"plays 'C' in state 'cooperate'.*'Local'"):
        grim_trigger("C", "D", "C").check(SURGE, 0)
    bad = Automaton("x", ("a",), "a", ("Refuse",), (("a", "Refuse", "Surgee", "a"),))
    with pytest.raises(ScenarioError, match="observes 'Surgee' as the other player's action"):
        bad.check(SURGE, 0)
    bad_own = Automaton("x", ("a",), "a", ("Refuse",), (("a", "Nope", "*", "a"),))
    with pytest.raises(ScenarioError, match="observes 'Nope' as 'Local'"):
        bad_own.check(SURGE, 0)


WARY = {
    "initial": "trust",
    "play": {"trust": "Cooperate", "wary": "Refuse"},
    "transitions": {"trust": {"*/Surge": "wary"}, "wary": {"*/Restrain": "trust"}},
    "description": "trusts until a surge",
}


def test_automaton_from_dict() -> None:
    a = automaton_from_dict("wary", WARY)
    a.check(SURGE, 0)
    assert a.states == ("trust", "wary") and a.description == "trusts until a surge"
    assert run(a, [("Cooperate", "Restrain"), ("Cooperate", "Surge"), ("Refuse", "Restrain")]) == [
        "trust",
        "trust",
        "wary",
        "trust",
    ]


def test_specific_rules_win_over_wildcards_whatever_the_order() -> None:
    a = automaton_from_dict(
        "x",
        {
            "initial": "s",
            "play": {"s": "C", "t": "D"},
            "transitions": {"s": {"*": "t", "C/C": "s"}},
        },
    )
    assert a.next_state("s", "C", "C") == "s"
    assert a.next_state("s", "C", "D") == "t"


@pytest.mark.parametrize(
    "data, key, message",
    [
        ({"initial": "a"}, "play", "expected a table 'play'"),
        ({"initial": "a", "play": {"a": 1}}, "play.a", "expected an action label"),
        ({"play": {"a": "C"}}, "initial", "name of the initial state"),
        ({"initial": "a", "play": {"a": "C"}, "transitions": 3}, "transitions", "table of"),
        (
            {"initial": "a", "play": {"a": "C"}, "transitions": {"a": 1}},
            "transitions.a",
            "own/other",
        ),
        (
            {"initial": "a", "play": {"a": "C"}, "transitions": {"a": {"CD": "a"}}},
            "transitions.a",
            "expected 'own/other'",
        ),
        (
            {"initial": "a", "play": {"a": "C"}, "transitions": {"a": {"C/D": 2}}},
            "transitions.a.C/D",
            "expected a state name",
        ),
    ],
)
def test_automaton_from_dict_errors_name_the_key(data: dict, key: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message) as err:
        automaton_from_dict("x", data)
    assert err.value.key == key


FILE = """
[automata.wary]
player = "Local"
initial = "trust"
play = { trust = "Cooperate", wary = "Refuse" }
transitions = { trust = { "*/Surge" = "wary" }, wary = { "*/Restrain" = "trust" } }

[automata.firm]
player = "Federal"
initial = "restrain"
play = { restrain = "Restrain", surge = "Surge" }
transitions = { restrain = { "*/Refuse" = "surge" } }
"""

EITHER = """
[automata.wary]
description = "for either player of a symmetric game"
initial = "trust"
play = { trust = "C", wary = "D" }
transitions = { trust = { "*/D" = "wary" } }
"""


def test_load_automata(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(FILE, encoding="utf-8")
    got = load_automata(path, SURGE)
    assert [(name, who) for name, who, _ in got] == [("wary", 0), ("firm", 1)]  # by player
    firm = got[1][2]
    assert firm.next_state("restrain", "Restrain", "Refuse") == "surge"
    path.write_text(EITHER, encoding="utf-8")
    ((name, who, wary),) = load_automata(path, PD)  # no player: checked against both
    assert (name, who, wary.description) == ("wary", None, "for either player of a symmetric game")


@pytest.mark.parametrize(
    "text, key, message",
    [
        ("x = 1\n", "automata", "expected \\[automata.NAME\\] tables"),
        ('[automata.a]\ninitial = "s"\nplay = { s = "Refuse" }\n[other]\n', "other", "unknown key"),
        ("automata = 3\n", "automata", "expected \\[automata.NAME\\] tables"),
        ("[automata]\na = 3\n", "automata.a", "expected a table"),
        (
            '[automata.a]\ninitial = "s"\nplay = { s = "Refuse" }\ncolour = 1\n',
            "automata.a.colour",
            "unknown key 'colour'",
        ),
        (
            '[automata.a]\nplayer = "Mayor"\ninitial = "s"\nplay = { s = "Refuse" }\n',
            "automata.a.player",
            "expected one of Local, Federal",
        ),
        (
            '[automata.a]\nplayer = "Federal"\ninitial = "s"\nplay = { s = "Refuse" }\n',
            "automata.a",
            "not an action of 'Federal'",
        ),
        ('[automata.a]\ninitial = "s"\n', "automata.a.play", "expected a table 'play'"),
    ],
)
def test_load_automata_errors_name_file_and_key(
    tmp_path: Path, text: str, key: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=message) as err:
        load_automata(path, SURGE)
    assert err.value.key == key
    assert err.value.file == str(path)


def test_load_automata_file_errors(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read the file"):
        load_automata(tmp_path / "missing.toml", SURGE)
    bad = tmp_path / "bad.toml"
    bad.write_text("[automata\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_automata(bad, SURGE)
