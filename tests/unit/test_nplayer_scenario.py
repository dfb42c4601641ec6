"""N-player games in scenario files and Gambit files; the kind's verbs, refusals and exports."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from oracle import pygambit_api

from gametheory import evaluate, kind_of, load_scenario
from gametheory.cli.main import cli
from gametheory.exceptions import ScenarioError, UnsupportedGameError, UnsupportedOptionError
from gametheory.io.nfg import read_nfg_game, write_nfg
from gametheory.model.nplayer import NPlayerGame
from gametheory.scenario import scenario_from_toml

DATA = Path(__file__).resolve().parents[1] / "data" / "gambit"

HEAD = """format = 1
title = "three"
[[players]]
name = "A"
[[players]]
name = "B"
[[players]]
name = "C"
[parameters.x]
default = 2
provenance = "illustrative"
[game.actions]
A = ["u", "d"]
B = ["l", "r"]
C = ["w"]
"""

NESTED = (
    HEAD
    + """
[game.payoffs.u.l]
w = ["x", 0, 1]
[game.payoffs.u.r]
w = [0, 0, 0]
[game.payoffs.d.l]
w = [0, 0, 0]
[game.payoffs.d.r]
w = [1, "x", 1]
"""
)

FLAT = (
    HEAD
    + """
[[game.profiles]]
actions = ["d", "r", "w"]
payoffs = [1, "x", 1]
[[game.profiles]]
actions = ["u", "l", "w"]
payoffs = ["x", 0, 1]
[[game.profiles]]
actions = ["u", "r", "w"]
payoffs = [0, 0, 0]
[[game.profiles]]
actions = ["d", "l", "w"]
payoffs = [0, 0, 0]
"""
)


def _game(text: str) -> NPlayerGame:
    sc = scenario_from_toml(text, file="three.toml")
    assert sc.model is not None and sc.model[0] == "nplayer"
    return sc.model[1]


def test_nested_and_flat_layouts_read_the_same_game() -> None:
    nested, flat = _game(NESTED), _game(FLAT)
    assert nested == flat
    assert nested.shape == (2, 2, 1)
    assert [str(u) for u in nested.payoff((0, 0, 0))] == ["x", "0", "1"]
    (x,) = nested.free_symbols
    assert x.name == "x" and nested.subs({x: 3}).payoff((1, 1, 0)) == (1, 3, 1)


@pytest.mark.parametrize(
    "text,key,message",
    [
        (FLAT.replace('payoffs = [1, "x", 1]', 'payoffs = [1, "x"]'), "game.profiles[0].payoffs",
         "expected 3 payoffs [A, B, C], got 2"),
        (FLAT.replace('actions = ["d", "r", "w"]', 'actions = ["d", "q", "w"]'),
         "game.profiles[0].actions[1]", "'q' is not an action of 'B'"),
        (FLAT.replace('actions = ["u", "r", "w"]', 'actions = ["d", "r", "w"]'),
         "game.profiles[2].actions", "the profile (d, r, w) is given twice"),
        (NESTED.replace('[game.payoffs.d.r]\nw = [1, "x", 1]\n', ""), "game.payoffs.d",
         "missing payoffs for B playing 'r'"),
        (NESTED.replace('w = ["x", 0, 1]', 'w = ["x + y", 0, 1]'), "game.payoffs.u.l.w[0]",
         "y"),
        (NESTED + "[repeated]\ncooperation = {}\n", "repeated",
         "a [repeated] section needs a two-player [game]; this one has 3 players"),
    ],
)  # fmt: skip
def test_errors_name_the_file_and_key_path(text: str, key: str, message: str) -> None:
    with pytest.raises(ScenarioError) as info:
        scenario_from_toml(text, file="three.toml")
    assert str(info.value).startswith(f"three.toml: {key}: "), str(info.value)
    assert message in str(info.value)


def test_nfg_round_trip_and_gambit_order() -> None:
    text = (DATA / "2x2x2.nfg").read_text()
    game = read_nfg_game(text, filename="2x2x2.nfg")
    assert isinstance(game, NPlayerGame)
    # Gambit lists profiles with player 1 fastest: the fourth outcome is (2, 2, 1).
    assert game.payoff((1, 1, 0)) == (9, 8, 2)
    again = read_nfg_game(write_nfg(game), filename="copy.nfg")
    assert again == game


def test_pygambit_reads_what_we_write() -> None:
    gbt = pygambit_api(16)
    game = (
        load_scenario("federal_three_counties")
        .model[1]
        .subs(load_scenario("federal_three_counties").values())
    )
    theirs = gbt.read_nfg(io.StringIO(write_nfg(game))) if _buffers(gbt) else None
    if theirs is None:  # pygambit 16 reads paths only
        pytest.skip("this pygambit reads .nfg files from paths only")
    profile = theirs[[0, 1, 0, 0]]  # Reimburse, Decline, Honor, Honor
    assert [float(profile[p]) for p in theirs.players] == [2.0, 0.0, 0.0, 0.0]


def _buffers(gbt) -> bool:
    try:
        gbt.read_nfg(io.StringIO('NFG 1 R "" { "A" "B" } { 1 1 } 0 0'))
    except Exception:
        return False
    return True


def test_kind_verbs_and_refusals() -> None:
    sc = load_scenario("federal_three_counties")
    assert kind_of(sc).name == "nplayer"
    with pytest.raises(UnsupportedGameError, match="compare does not apply to a nplayer"):
        evaluate(sc, "compare")
    with pytest.raises(UnsupportedOptionError, match="--method lemke_howson does not apply"):
        evaluate(sc, "solve", method="lemke_howson")
    derived = evaluate(sc, "derive").record
    by_profile = {tuple(p["profile"]): p for p in derived["pure"]}
    everyone_honors = by_profile[("Pressure", "Honor", "Honor", "Honor")]
    assert everyone_honors["condition"]["text"] == "c <= q and m <= 3*r"
    assert everyone_honors["equilibrium_at_defaults"] is True


def test_cli_solve_json_and_export() -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["solve", "federal_three_counties", "--format", "json"])
    assert out.exit_code == 0, out.output
    record = json.loads(out.output)
    assert record["kind"] == "nplayer" and record["complete"] is True
    assert record["equilibria"][0]["profile"] == ["Reimburse", "Decline", "Decline", "Decline"]
    refused = runner.invoke(cli, ["export", "federal_three_counties", "--to", "efg"])
    assert refused.exit_code == 1 and "--to efg does not apply" in refused.output
    toml = runner.invoke(cli, ["export", "federal_three_counties", "--to", "toml"]).output
    again = scenario_from_toml(toml, file="copy.toml")
    assert again.model is not None
    assert again.model[1] == load_scenario("federal_three_counties").model[1]
