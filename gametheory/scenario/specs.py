"""The analysis sections of a scenario file: ``[repeated]`` and ``[compare]``.

The format is documented in ``docs/reference/scenario-format.md`` ("Repeated games", "Regime
comparisons"); errors name the file and the key path.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.formula import parse_formula
from gametheory.model.compare import COMPARE_KINDS, REGIME_KINDS, CompareSpec, RegimeSpec
from gametheory.model.normal_form import NormalFormGame
from gametheory.model.parameters import Parameter
from gametheory.model.repeated_spec import RepeatedSpec
from gametheory.model.scenario import Player
from gametheory.model.tree import GameTree
from gametheory.repeated.automata import Roles, automaton_from_dict, library_strategy
from gametheory.repeated.game import DELTA
from gametheory.scenario.games import identifier, read_profile, strings
from gametheory.tables import Table, located

__all__ = ["read_compare", "read_repeated"]


def read_repeated(
    rt: Table,
    game: NormalFormGame,
    players: tuple[Player, ...],
    names: dict[str, sp.Expr],
    parameters: list[Parameter],
) -> RepeatedSpec:
    """The ``[repeated]`` section (format reference: "Repeated games")."""

    rt.allow_only(
        [
            "discount",
            "delta",
            "continuation",
            "horizon",
            "cooperation",
            "punishment",
            "strategies",
            "automata",
        ]
    )
    discount = rt.get("discount", str, default="delta")
    identifier(discount, rt, rt.key("discount"))
    local = dict(names)
    by_name = {p.name: p for p in parameters}
    if discount in by_name:
        dsym = by_name[discount].symbol
    elif discount in names:
        raise rt.error(
            f"{discount!r} is a definition; the discount factor must be a parameter "
            "or a name of its own",
            rt.key("discount"),
        )
    else:
        dsym = DELTA if discount == "delta" else sp.Symbol(discount, positive=True)
        local[discount] = dsym

    def formula(value: Any, key: str) -> sp.Expr:
        return located(parse_formula, value, local, file=rt.file, key=key)

    raw = rt.get("delta", (str, int, float, dict), default=None)
    deltas: list[sp.Expr]
    if isinstance(raw, dict):
        dt = Table(raw, rt.key("delta"), rt.file)
        dt.allow_only([p.name for p in players])
        deltas = [
            formula(dt.get(p.name, (str, int, float), default=discount), dt.key(p.name))
            for p in players
        ]
        dt.finish()
    elif raw is not None:
        deltas = [formula(raw, rt.key("delta"))] * 2
    else:
        deltas = [dsym, dsym]
    continuation = None
    if rt.has("continuation"):
        continuation = formula(rt.get("continuation", (str, int, float)), rt.key("continuation"))
        deltas = [continuation if raw is None else d * continuation for d in deltas]
    probe = {p.symbol: p.default for p in parameters}
    probe.setdefault(dsym, sp.Rational(1, 2))
    for k, d in enumerate(deltas):
        at = d.xreplace(probe)
        if at.is_number and not (0 < at < 1):
            raise rt.error(
                f"the discount factor of {players[k].name!r} is {at} at the defaults; expected a "
                "number strictly between 0 and 1",
                rt.key("delta"),
            )
    horizon = _read_horizon(rt)
    cooperation = read_profile(rt, "cooperation", game)
    punishment = read_profile(rt, "punishment", game)
    automata = _read_automata(rt, game)
    strategies = tuple(strings(rt, "strategies"))
    _check_strategies(rt, strategies, {a[0] for a in automata})
    rt.finish()
    return RepeatedSpec(
        discount=discount,
        delta=(deltas[0], deltas[1]),
        horizon=horizon,
        cooperation=cooperation,
        punishment=punishment,
        strategies=strategies,
        automata=tuple(automata),
        continuation=continuation,
    )


def _read_horizon(rt: Table) -> int | None:
    """``horizon``: a number of rounds, or ``None`` for ``"infinite"``."""
    horizon_raw: str | int = rt.get("horizon", (str, int), default="infinite")
    if isinstance(horizon_raw, str):
        if horizon_raw != "infinite":
            raise rt.error(
                f'expected "infinite" or a number of rounds, got {horizon_raw!r}', rt.key("horizon")
            )
        return None
    if horizon_raw < 1:
        raise rt.error(f"expected at least 1 round, got {horizon_raw}", rt.key("horizon"))
    return horizon_raw


def _read_automata(rt: Table, game: NormalFormGame) -> list[tuple[str, int | None, Any]]:
    """The ``[repeated.automata]`` tables: each automaton, the player it is for (``None``:
    either), checked against the stage game."""
    automata: list[tuple[str, int | None, Any]] = []
    at_table = rt.table("automata")
    if at_table is not None:
        for aname in at_table.data:
            a_t = at_table.table(aname)
            assert a_t is not None
            identifier(aname, at_table, a_t.path)
            a_t.allow_only(["player", "description", "initial", "play", "transitions"])
            who = a_t.get("player", str, default=None)
            index = None
            if who is not None:
                if who not in game.players:
                    raise a_t.error(
                        f"expected one of {', '.join(game.players)}, got {who!r}", a_t.key("player")
                    )
                index = game.players.index(who)
            try:
                automaton = automaton_from_dict(aname, a_t.data)
            except ScenarioError as err:
                inner = f"{a_t.path}.{err.key}" if err.key else a_t.path
                raise ScenarioError(err.message, file=rt.file, key=inner) from None
            for k in (0, 1) if index is None else (index,):
                located(automaton.check, game, k, file=rt.file, key=a_t.path)
            automata.append((aname, index, automaton))
        at_table.used.update(at_table.data)
    return automata


def _check_strategies(rt: Table, strategies: tuple[str, ...], known: set[str]) -> None:
    """Each ``strategies`` entry names automata of the file or strategies of the library."""
    for i, pair in enumerate(strategies):
        parts = [p.strip() for p in pair.split(",")]
        for name in parts:
            if name in known:
                continue
            try:
                if len(parts) > 2 or not name:
                    raise ScenarioError(f"expected NAME or ROW_NAME,COLUMN_NAME, got {pair!r}")
                library_strategy(name, Roles("c", "d", "c", "d"))
            except ScenarioError as err:
                raise err.located(file=rt.file, key=f"{rt.key('strategies')}[{i}]") from None


def _history(t: Table, key: str, tree: GameTree | None, kind: str) -> tuple[str, ...]:
    """A path of the tree written as action labels joined by "/" (checked against the tree)."""
    text = t.get(key, str, required=True)
    path = tuple(text.split("/")) if text else ()
    if tree is None:
        raise t.error(f"a {kind!r} comparison needs a [tree]", t.key(key))
    try:
        node = tree.node(path)
    except (KeyError, ScenarioError):
        raise t.error(f"the tree has no node {text!r}", t.key(key)) from None
    if node.kind != "terminal":
        raise t.error(f"{text!r} is not a terminal node of the tree", t.key(key))
    return path


def _parameter_name(t: Table, key: str, parameters: list[Parameter]) -> str | None:
    name: str | None = t.get(key, str, default=None)
    if name is not None and name not in {p.name for p in parameters}:
        known = ", ".join(p.name for p in parameters) or "none"
        raise t.error(f"{name!r} is not a parameter; the parameters are: {known}", t.key(key))
    return name


def read_compare(
    ct: Table,
    game: NormalFormGame | None,
    tree: GameTree | None,
    names: dict[str, sp.Expr],
    parameters: list[Parameter],
) -> CompareSpec:
    """The ``[compare]`` section (format reference: "Regime comparisons")."""
    kind = ct.get("kind", str, required=True)
    if kind not in COMPARE_KINDS:
        raise ct.error(f"expected one of {', '.join(COMPARE_KINDS)}, got {kind!r}", ct.key("kind"))
    common = ["kind", "penalty", "turnover"]
    if kind == "deal":
        ct.allow_only([*common, "term", "term_label", "deal", "renege", "disagreement"])
        term = _parameter_name(ct, "term", parameters)
        if term is None:
            raise ct.error("missing required key 'term' (the negotiated parameter)", ct.path)
        spec = CompareSpec(
            kind=kind,
            term=term,
            term_label=ct.get("term_label", str, default=term),
            deal=_history(ct, "deal", tree, kind),
            renege=_history(ct, "renege", tree, kind),
            disagreement=_history(ct, "disagreement", tree, kind),
            penalty=_parameter_name(ct, "penalty", parameters),
            turnover=_parameter_name(ct, "turnover", parameters),
        )
        if spec.deal[:-1] != spec.renege[:-1] or spec.deal == spec.renege:
            raise ct.error(
                "the deal and the renege paths must branch at the last move (the promise)",
                ct.key("renege"),
            )
    elif kind == "repeated":
        ct.allow_only(common)
        if game is None:
            raise ct.error("a 'repeated' comparison needs a strategic-form [game]", ct.key("kind"))
        spec = CompareSpec(
            kind=kind,
            penalty=_parameter_name(ct, "penalty", parameters),
            turnover=_parameter_name(ct, "turnover", parameters),
        )
    else:
        ct.allow_only([*common, "outcome", "threshold", "regimes"])
        outcome = ct.get("outcome", str, required=True)
        path = tuple(outcome.split("/"))
        if tree is not None:
            path = _history(ct, "outcome", tree, kind)
        elif (
            game is None
            or len(path) != 2
            or any(a not in game.actions[k] for k, a in enumerate(path))
        ):
            raise ct.error(
                f"expected a profile 'row action/column action', got {outcome!r}", ct.key("outcome")
            )
        regimes = []
        rt = ct.table("regimes", required=True)
        assert rt is not None
        for rname in rt.data:
            r = rt.table(rname)
            assert r is not None
            identifier(rname, rt, r.path)
            rkind = r.get("regime", str, required=True)
            if rkind not in REGIME_KINDS:
                raise r.error(
                    f"expected one of {', '.join(REGIME_KINDS)}, got {rkind!r}", r.key("regime")
                )
            changes = r.table("set")
            pairs: list[tuple[str, sp.Expr]] = []
            if changes is not None:
                for pname in changes.data:
                    if pname not in {p.name for p in parameters}:
                        raise changes.error(f"{pname!r} is not a parameter", changes.key(pname))
                    value = changes.get(pname, (str, int, float))
                    pairs.append(
                        (
                            pname,
                            located(
                                parse_formula, value, names, file=ct.file, key=changes.key(pname)
                            ),
                        )
                    )
                changes.finish()
            first = r.get("first", str, default=None)
            if first is not None and (
                tree is not None or game is None or first not in game.players
            ):
                raise r.error(
                    "'first' names a player of a strategic-form [game] who moves first and is "
                    f"observed; expected one of {', '.join(game.players) if game else '(none)'}",
                    r.key("first"),
                )
            regimes.append(
                RegimeSpec(
                    rname, rkind, r.get("description", str, required=True), tuple(pairs), first
                )
            )
            r.finish()
        rt.finish()
        if not any(r.kind == "enforceable" for r in regimes) or not any(
            r.kind == "unenforceable" for r in regimes
        ):
            raise ct.error(
                "the regimes need at least one 'enforceable' and one 'unenforceable'", rt.path
            )
        spec = CompareSpec(
            kind=kind,
            outcome=path,
            threshold=_parameter_name(ct, "threshold", parameters),
            penalty=_parameter_name(ct, "penalty", parameters),
            turnover=_parameter_name(ct, "turnover", parameters),
            regimes=tuple(regimes),
        )
    ct.finish()
    return spec
