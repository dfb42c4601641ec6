"""Linked issues (gametheory.repeated.linkage; Bernheim and Whinston 1990).

Hand derivation for surge_pd at its defaults (c_L = 2, h = 4, a = 3, g = 1, p = 1): in the
game the county's gain is 2 against a stake of 2 (1/2) and the agency's 1 against 2 (1/3); in
the mirror image the other way round. Linked, each side pools 2 + 1 = 3 against 2 + 2 = 4:
delta >= 3/7, a gain of 1/14. The independent check is grim trigger on the explicit product
game, by the existing one-shot-deviation check.
"""

from __future__ import annotations

import pytest
import sympy as sp

from gametheory import load_scenario
from gametheory.exceptions import GameTheoryError, ScenarioError
from gametheory.model.agreements import LinkedIssue
from gametheory.model.normal_form import NormalFormGame
from gametheory.repeated.linkage import analyse_linkage, mirror, product_game, product_threshold

R = sp.Rational


def pd(t, r, p, s):
    return NormalFormGame.from_matrices(
        [[r, s], [t, p]], [[r, t], [s, p]], actions=(("C", "D"), ("C", "D"))
    )


def test_linked_cooperation_bundled() -> None:
    sc = load_scenario("linked_cooperation")
    assert [i.name for i in sc.linkage.issues] == ["jail access", "mirror"]
    a = analyse_linkage(sc.linkage.issues, sc.values())
    assert [i.per_player for i in a.issues] == [(R(1, 2), R(1, 3)), (R(1, 3), R(1, 2))]
    assert a.per_player == (R(3, 7), R(3, 7))
    assert (a.threshold, a.separate, a.gain, a.with_transfers) == (
        R(3, 7),
        R(1, 2),
        R(1, 14),
        R(3, 7),
    )
    assert product_threshold(a).threshold == R(3, 7)


def test_linked_closed_form() -> None:
    sc = load_scenario("linked_cooperation")
    a = analyse_linkage(sc.linkage.issues, sc.values())
    f = dict(a.formulas)["linked"]
    s = sc.symbols
    expected = (s["tau"] + s["lam"] + s["e"] + s["g"]) / (s["h"] + s["a"] + s["g"] - s["p"])
    assert sp.simplify(f - expected) == 0
    # symbolic == numeric at another point: h = 6, g = 2 -> (2 + 2)/(6 + 3 + 2 - 1) = 2/5
    values = sc.values({"h": 6, "g": 2})
    assert f.xreplace(values) == R(2, 5)
    assert analyse_linkage(sc.linkage.issues, values).threshold == R(2, 5)


def test_identical_issues_gain_nothing() -> None:
    # Bernheim and Whinston 1990 (their irrelevance result): identical issues gain nothing.
    g = pd(5, 3, 1, 0)
    a = analyse_linkage([LinkedIssue("one", g), LinkedIssue("two", g)])
    assert a.threshold == a.separate == R(1, 2) and a.gain == 0


def test_slack_in_one_issue_carries_another() -> None:
    # PD 5/3/1/0 needs 1/2; a PD with T = 4, R = 3, P = 0 needs 1/4 alone. Linked: pooled
    # (2 + 1)/(2 + 1 + 2 + 3) = 3/8 < 1/2.
    a = analyse_linkage([LinkedIssue("x", pd(5, 3, 1, 0)), LinkedIssue("y", pd(4, 3, 0, -1))])
    assert [i.threshold for i in a.issues] == [R(1, 2), R(1, 4)]
    assert a.threshold == R(3, 8)
    assert product_threshold(a).threshold == R(3, 8)


def test_mirror_is_an_involution() -> None:
    g = load_scenario("surge_pd").game_at()
    assert mirror(mirror(g)).payoffs == g.payoffs and mirror(mirror(g)).actions == g.actions


def test_product_game() -> None:
    g = pd(5, 3, 1, 0)
    p = product_game([g, mirror(g)])
    assert p.shape == (4, 4)
    assert p.payoff_profile(3, 0) == (10, 0)
    with pytest.raises(ValueError):
        product_game([g])


def test_referenced_scenario_issue(tmp_path) -> None:
    from pathlib import Path

    text = Path(load_scenario("linked_cooperation").path).read_text()
    text = text.replace(
        'name = "mirror"\nswap_roles = true',
        'name = "mirror"\nscenario = "surge_pd"\nswap_roles = true',
    )
    f = tmp_path / "linked.toml"
    f.write_text(text)
    sc = load_scenario(f)
    assert sc.linkage.issues[1].source == "scenario surge_pd, roles swapped"
    assert analyse_linkage(sc.linkage.issues, sc.values()).threshold == R(3, 7)


def test_errors() -> None:
    g = pd(5, 3, 1, 0)
    with pytest.raises(ScenarioError, match="at least two"):
        analyse_linkage([LinkedIssue("one", g)])
    other = NormalFormGame.from_matrices([[1]], [[1]], players=("A", "B"))
    with pytest.raises(GameTheoryError, match="between"):
        analyse_linkage([LinkedIssue("one", g), LinkedIssue("two", other)])
