"""The scenario file schema: a TOML document → a validated :class:`~gametheory.model.Scenario`.

The format is documented in ``docs/reference/scenario-format.md``. Every error names the file,
the key path (``game.payoffs.Cooperate.Surge[1]``) and what was expected; unknown keys are errors,
so a typo never passes silently.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any, TypeVar

import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.model.compare import COMPARE_KINDS, REGIME_KINDS, CompareSpec, RegimeSpec
from gametheory.model.normal_form import NormalFormGame
from gametheory.model.parameters import PROVENANCES, Domain, Parameter
from gametheory.model.repeated import RepeatedSpec
from gametheory.model.scenario import Player, Scenario, Source
from gametheory.model.tree import GameTree, TreeNode
from gametheory.scenario.formula import parse_condition, parse_formula, parse_number

T = TypeVar("T")

__all__ = ["FORMAT_VERSION", "RESERVED_SECTIONS", "Table", "located", "scenario_from_dict"]

#: The scenario format version this release reads and writes (the top-level ``format`` key).
FORMAT_VERSION = 1

#: Sections the format reserves for later releases.
RESERVED_SECTIONS: tuple[str, ...] = ()


class _Table:
    """A TOML table being read: knows its key path, and which keys were consumed."""

    def __init__(self, data: Any, path: str, file: str | None) -> None:
        self.path = path
        self.file = file
        if not isinstance(data, dict):
            raise self.error(f"expected a table, got {_kind(data)}", path)
        self.data = data
        self.used: set[str] = set()

    def key(self, name: str) -> str:
        part = name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else f'"{name}"'
        return f"{self.path}.{part}" if self.path else part

    def error(self, message: str, key: str | None = None) -> ScenarioError:
        return ScenarioError(message, file=self.file, key=key if key is not None else self.path)

    def has(self, name: str) -> bool:
        return name in self.data

    def get(
        self,
        name: str,
        kinds: type | tuple[type, ...],
        *,
        required: bool = False,
        default: Any = None,
    ) -> Any:
        self.used.add(name)
        if name not in self.data:
            if required:
                typo = difflib.get_close_matches(name, [str(k) for k in self.data], n=1, cutoff=0.7)
                if typo:
                    raise self.error(
                        f"unknown key {typo[0]!r}: did you mean the required key {name!r}?",
                        self.key(typo[0]),
                    )
                raise self.error(f"missing required key {name!r}", self.path or None)
            return default
        value = self.data[name]
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in _tuple(kinds)):
            expected = " or ".join(_NAMES.get(k, k.__name__) for k in _tuple(kinds))
            raise self.error(f"expected {expected}, got {_kind(value)}", self.key(name))
        return value

    def table(self, name: str, *, required: bool = False) -> _Table | None:
        value = self.get(name, dict, required=required)
        return None if value is None else _Table(value, self.key(name), self.file)

    def allow_only(self, allowed: list[str] | tuple[str, ...]) -> None:
        """Reject keys outside ``allowed`` before reading, so a typo is named as one."""
        unknown = [k for k in self.data if k not in allowed]
        if unknown:
            raise self.error(
                f"unknown key {unknown[0]!r}; expected one of: {', '.join(allowed)}",
                self.key(unknown[0]),
            )

    def finish(self) -> None:
        unknown = [k for k in self.data if k not in self.used]
        if unknown:
            known = ", ".join(sorted(self.used))
            raise self.error(
                f"unknown key {unknown[0]!r}; expected one of: {known}", self.key(unknown[0])
            )


#: The reader of a TOML table used by model sections (key paths, typo hints, unknown keys).
Table = _Table

_NAMES = {str: "a string", int: "an integer", float: "a number", list: "an array", dict: "a table"}


def _tuple(kinds: type | tuple[type, ...]) -> tuple[type, ...]:
    return kinds if isinstance(kinds, tuple) else (kinds,)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    for k, name in _NAMES.items():
        if isinstance(value, k):
            return f"{name} ({value!r})" if not isinstance(value, dict | list) else name
    return type(value).__name__


def _located(func: Callable[..., T], *args: Any, file: str | None, key: str) -> T:
    """Call ``func(*args)``, filling the file and key path into any ScenarioError it raises."""
    try:
        return func(*args)
    except ScenarioError as err:
        raise err.located(file=file, key=key) from None


#: Call a function, filling the file and key path into any ScenarioError it raises.
located = _located

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _identifier(text: str, t: _Table, key: str) -> str:
    """A name usable in formulas: ASCII letters, digits and _, not a function name."""
    from gametheory.scenario.formula import FUNCTIONS

    if not _NAME.match(text):
        raise t.error(
            f"expected a name of ASCII letters, digits and _ (not first), got {text!r}", key
        )
    if text in FUNCTIONS:
        raise t.error(f"{text!r} is a function name and cannot name a parameter", key)
    return text


def scenario_from_dict(
    data: dict[str, Any], *, file: str | None = None, name: str | None = None
) -> Scenario:
    """Validate a parsed scenario document and build the :class:`Scenario`.

    Parameters
    ----------
    data
        The document (as :mod:`tomllib` returns it).
    file
        The file name, used in error messages.
    name
        The scenario's name when the document has no ``name`` key (the file stem).

    Raises
    ------
    ScenarioError
        Naming the file, the key path and what was expected.
    """
    top = _Table(data, "", file)
    version = top.get("format", int, required=True)
    if version != FORMAT_VERSION:
        raise top.error(
            f"this fedlocal reads scenario format {FORMAT_VERSION}, got {version}", "format"
        )
    scenario_name = top.get("name", str, default=None) or name or "scenario"
    _identifier(scenario_name, top, "name")
    title = top.get("title", str, required=True)
    summary = top.get("summary", str, default="")
    tags = tuple(_strings(top, "tags"))
    sources = tuple(_sources(top))
    players = tuple(_players(top))
    parameters = tuple(_parameters(top))
    names: dict[str, sp.Expr] = {p.name: p.symbol for p in parameters}
    definitions = tuple(_definitions(top, names))
    assumptions = tuple(
        (text, _located(parse_condition, text, names, file=file, key=f"assumptions[{i}]"))
        for i, text in enumerate(_strings(top, "assumptions"))
    )
    for section in RESERVED_SECTIONS:
        if top.has(section):
            raise top.error(
                f"the {section!r} section is reserved for a later fedlocal release and is not read yet",
                section,
            )
    game_table = top.table("game")
    tree_table = top.table("tree")
    from gametheory.models import MODEL_KINDS, SectionContext, model_module

    model = None
    for kind in MODEL_KINDS:
        section = top.table(kind)
        if section is None:
            continue
        if model is not None or game_table is not None or tree_table is not None:
            raise top.error(
                f"a scenario holds one model: [{kind}] cannot come with another model, a [game] "
                "or a [tree]",
                kind,
            )
        context = SectionContext(
            tuple(p.name for p in players), tuple(parameters), dict(names), file
        )
        model = (kind, model_module(kind).parse(section, context))
    if game_table is not None and tree_table is not None:
        raise top.error(
            "a scenario holds one game: a [game] (strategic form) or a [tree] (extensive form), "
            "not both (a tree's strategic form is derived from it)",
            "tree",
        )
    if game_table is None and tree_table is None and model is None:
        raise top.error(
            "expected a [game] (strategic form), a [tree] (extensive form) or a model section ("
            + ", ".join(f"[{k}]" for k in MODEL_KINDS)
            + ")",
            None,
        )
    if game_table is not None and len(players) != 2:
        raise top.error(f"a [game] needs exactly 2 [[players]], got {len(players)}", "players")
    game = _game(game_table, players, names, title) if game_table is not None else None
    tree = _tree(tree_table, players, names, title) if tree_table is not None else None
    if tree is not None:
        _check_tree_at_defaults(tree, list(parameters), file)
    repeated_table = top.table("repeated")
    repeated = None
    if repeated_table is not None:
        if game is None:
            raise top.error(
                "a [repeated] section repeats the strategic-form [game]; this scenario has none",
                "repeated",
            )
        repeated = _repeated(repeated_table, game, players, names, list(parameters))
    compare_table = top.table("compare")
    compare = (
        _compare(compare_table, game, tree, names, list(parameters))
        if compare_table is not None
        else None
    )
    top.finish()
    if tree is not None and game is None and len(players) == 2:
        from gametheory.solvers.strategic_form import reduced_strategic_form

        game, _ = reduced_strategic_form(tree)
    if not sources and any(p.provenance in ("source", "found") for p in parameters):
        raise top.error(
            "parameters cite sources but the scenario lists none ([[sources]])", "sources"
        )
    return Scenario(
        name=scenario_name,
        title=title,
        summary=summary,
        tags=tags,
        sources=sources,
        players=players,
        parameters=parameters,
        definitions=definitions,
        assumptions=assumptions,
        game=game,
        tree=tree,
        repeated=repeated,
        compare=compare,
        model=model,
        sections=tuple(
            (key, data[key])
            for key in ("repeated", "compare", *MODEL_KINDS)
            if isinstance(data.get(key), dict)
        ),
        path=file,
    )


def _strings(t: _Table, key: str) -> list[str]:
    items = t.get(key, list, default=[])
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise t.error(f"expected a string, got {_kind(item)}", f"{t.key(key)}[{i}]")
    return list(items)


def _array_of_tables(t: _Table, key: str) -> list[_Table]:
    items = t.get(key, list, default=[])
    return [_Table(item, f"{t.key(key)}[{i}]", t.file) for i, item in enumerate(items)]


def _sources(top: _Table) -> list[Source]:
    out = []
    for st in _array_of_tables(top, "sources"):
        out.append(
            Source(
                st.get("key", str, required=True),
                st.get("citation", str, required=True),
                st.get("url", str, default=""),
            )
        )
        st.finish()
    keys = [s.key for s in out]
    if len(set(keys)) != len(keys):
        raise top.error("two sources share a key", "sources")
    return out


def _players(top: _Table) -> list[Player]:
    out = []
    for pt in _array_of_tables(top, "players"):
        out.append(Player(pt.get("name", str, required=True), pt.get("role", str, default="")))
        pt.finish()
    if len(out) < 2:
        raise top.error(f"expected at least 2 [[players]], got {len(out)}", "players")
    names = [p.name for p in out]
    for name in names:
        if names.count(name) > 1:
            raise top.error(f"the players need different names, {name!r} appears twice", "players")
    return out


def _parameters(top: _Table) -> list[Parameter]:
    table = top.table("parameters")
    if table is None:
        return []
    out = []
    for pname in table.data:
        pt = table.table(pname)
        assert pt is not None
        _identifier(pname, table, pt.path)
        default = pt.get("default", (int, float, str), required=True)
        domain_text = pt.get("domain", str, default="real")
        range_ = pt.get("range", list)
        provenance = pt.get("provenance", str, required=True)
        if provenance not in PROVENANCES:
            raise pt.error(
                f"expected one of {', '.join(PROVENANCES)}, got {provenance!r}",
                pt.key("provenance"),
            )
        source = pt.get("source", str, default="")
        if provenance != "illustrative" and not source:
            raise pt.error(
                f"a {provenance!r} parameter needs a 'source' note saying where its value comes from",
                pt.path,
            )
        domain = _located(Domain.parse, domain_text, file=top.file, key=pt.key("domain"))
        value = _located(parse_number, default, file=top.file, key=pt.key("default"))
        bounds = None
        if range_ is not None:
            if len(range_) != 2:
                raise pt.error(f"expected [low, high], got {range_!r}", pt.key("range"))
            bounds = tuple(
                _located(parse_number, r, file=top.file, key=f"{pt.key('range')}[{i}]")
                for i, r in enumerate(range_)
            )
        try:
            param = Parameter(
                name=pname,
                latex=pt.get("symbol", str, default=pname),
                description=pt.get("description", str, default=""),
                default=value,
                domain=domain,
                range=bounds,
                provenance=provenance,
                source=source,
            )
        except ScenarioError as err:
            raise err.located(file=top.file, key=pt.path) from None
        pt.finish()
        out.append(param)
    table.finish()
    return out


def _definitions(top: _Table, names: dict[str, sp.Expr]) -> list[tuple[str, sp.Expr]]:
    table = top.table("definitions")
    if table is None:
        return []
    out = []
    for dname in table.data:
        text = table.get(dname, (str, int, float))
        key = table.key(dname)
        _identifier(dname, table, key)
        if dname in names:
            raise table.error(f"{dname!r} is already a parameter or an earlier definition", key)
        expr = _located(parse_formula, text, names, file=top.file, key=key)
        names[dname] = expr  # later definitions and payoffs may use it
        out.append((dname, expr))
    table.finish()
    return out


def _game(
    gt: _Table, players: tuple[Player, ...], names: dict[str, sp.Expr], title: str
) -> NormalFormGame:
    at = gt.table("actions", required=True)
    assert at is not None
    at.allow_only([p.name for p in players])
    actions: list[tuple[str, ...]] = []
    for player in players:
        labels = _strings(at, player.name) if at.has(player.name) else None
        if labels is None:
            raise at.error(f"missing the actions of player {player.name!r}", at.path)
        if not labels:
            raise at.error("expected at least one action", at.key(player.name))
        if len(set(labels)) != len(labels):
            raise at.error("action labels must be distinct", at.key(player.name))
        actions.append(tuple(labels))
    at.finish()
    pt = gt.table("payoffs", required=True)
    assert pt is not None
    rows, cols = actions
    pt.allow_only(rows)
    a = [[sp.S.Zero] * len(cols) for _ in rows]
    b = [[sp.S.Zero] * len(cols) for _ in rows]
    for i, r in enumerate(rows):
        rt = pt.table(r)
        if rt is None:
            raise pt.error(f"missing payoffs for row action {r!r}", pt.path)
        rt.allow_only(cols)
        for j, c in enumerate(cols):
            cell = rt.get(c, list)
            if cell is None:
                raise rt.error(f"missing the payoffs of profile ({r}, {c})", rt.path)
            if len(cell) != 2:
                raise rt.error(
                    f"expected 2 payoffs [{players[0].name}, {players[1].name}], got {len(cell)}",
                    rt.key(c),
                )
            a[i][j], b[i][j] = (
                _located(parse_formula, v, names, file=gt.file, key=f"{rt.key(c)}[{k}]")
                for k, v in enumerate(cell)
            )
        rt.finish()
    pt.finish()
    gt.finish()
    return NormalFormGame(
        players=(players[0].name, players[1].name),
        actions=(actions[0], actions[1]),
        payoffs=(sp.ImmutableMatrix(a), sp.ImmutableMatrix(b)),
        title=title,
    )


def _tree(
    tt: _Table, players: tuple[Player, ...], names: dict[str, sp.Expr], title: str
) -> GameTree:
    """The ``[tree]`` section: one table per node, children under ``moves`` (format reference).

    A node is terminal (``payoffs``), a decision node (``player``, optional ``infoset``, ``moves``)
    or a chance node (``chance = true`` and ``moves`` whose tables each give a ``probability``).
    """
    index = {p.name: k for k, p in enumerate(players)}
    nodes: list[TreeNode] = []

    def visit(t: _Table, history: tuple[str, ...], under_chance: bool) -> None:
        from gametheory.limits import MAX_TREE_DEPTH

        if len(history) > MAX_TREE_DEPTH:
            raise t.error(f"the tree is deeper than {MAX_TREE_DEPTH} levels (see limits)")
        if not under_chance and t.has("probability"):
            raise t.error(
                "'probability' belongs to the moves of a chance node", t.key("probability")
            )
        label = t.get("label", str, default="")
        if t.has("payoffs"):
            for key in ("player", "chance", "moves", "infoset"):
                if t.has(key):
                    raise t.error(
                        f"a node with payoffs is terminal and cannot have {key!r}", t.key(key)
                    )
            cell = t.get("payoffs", list)
            if len(cell) != len(players):
                expected = ", ".join(index)
                raise t.error(
                    f"expected {len(players)} payoffs [{expected}], got {len(cell)}",
                    t.key("payoffs"),
                )
            payoffs = tuple(
                _located(parse_formula, v, names, file=t.file, key=f"{t.key('payoffs')}[{k}]")
                for k, v in enumerate(cell)
            )
            t.finish()
            nodes.append(TreeNode(history, "terminal", payoffs=payoffs, label=label))
            return
        chance = t.get("chance", bool, default=False)
        if not t.has("moves"):
            raise t.error(
                "expected 'payoffs' (a terminal node) or 'moves' (a decision or chance node)",
                t.path or None,
            )
        moves = t.table("moves", required=True)
        assert moves is not None
        if not moves.data:
            raise moves.error("expected at least one move", moves.path)
        actions = tuple(moves.data)
        children = [moves.table(a) for a in actions]
        if chance:
            if t.has("player") or t.has("infoset"):
                raise t.error("a chance node has no player or information set", t.path)
            probabilities = []
            for child in children:
                assert child is not None
                raw = child.get("probability", (int, float, str), required=True)
                probabilities.append(
                    _located(parse_formula, raw, names, file=t.file, key=child.key("probability"))
                )
            nodes.append(
                TreeNode(
                    history,
                    "chance",
                    actions=actions,
                    probabilities=tuple(probabilities),
                    label=label,
                )
            )
        else:
            who = t.get("player", str, required=True)
            if who not in index:
                raise t.error(
                    f"unknown player {who!r}; expected one of {', '.join(index)}", t.key("player")
                )
            infoset = t.get("infoset", str, default=None)
            nodes.append(
                TreeNode(
                    history,
                    "decision",
                    player=index[who],
                    actions=actions,
                    infoset=infoset,
                    label=label,
                )
            )
        t.finish()
        for a, child in zip(actions, children, strict=True):
            assert child is not None
            visit(child, (*history, a), chance)
        moves.finish()

    visit(tt, (), False)
    try:
        tree = GameTree.from_nodes(tuple(p.name for p in players), nodes, title=title)
    except ScenarioError as err:
        raise err.located(file=tt.file, key=tt.path) from None
    return tree


def _check_tree_at_defaults(tree: GameTree, parameters: list[Parameter], file: str | None) -> None:
    """Chance probabilities must be probabilities summing to 1 at the defaults."""
    try:
        tree.subs({p.symbol: p.default for p in parameters}).check_probabilities()
    except ScenarioError as err:
        raise err.located(file=file, key="tree") from None


def _profile(t: _Table, key: str, game: NormalFormGame) -> tuple[str, str] | None:
    """A profile given as [row action, column action] or {player = action}."""
    if not t.has(key):
        return None
    raw = t.get(key, (list, dict))
    where = t.key(key)
    if isinstance(raw, dict):
        sub = _Table(raw, where, t.file)
        sub.allow_only(list(game.players))
        labels = [sub.get(p, str, required=True) for p in game.players]
        sub.finish()
    else:
        if len(raw) != 2 or not all(isinstance(x, str) for x in raw):
            raise t.error(
                f"expected [{game.players[0]} action, {game.players[1]} action], got {raw!r}", where
            )
        labels = list(raw)
    for k, label in enumerate(labels):
        if label not in game.actions[k]:
            raise t.error(
                f"{label!r} is not an action of {game.players[k]!r}; expected one of "
                f"{', '.join(game.actions[k])}",
                where,
            )
    return (labels[0], labels[1])


def _repeated(
    rt: _Table,
    game: NormalFormGame,
    players: tuple[Player, ...],
    names: dict[str, sp.Expr],
    parameters: list[Parameter],
) -> RepeatedSpec:
    """The ``[repeated]`` section (format reference: "Repeated games")."""
    from gametheory.repeated.automata import automaton_from_dict, library_strategy
    from gametheory.repeated.model import DELTA

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
    _identifier(discount, rt, rt.key("discount"))
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
        return _located(parse_formula, value, local, file=rt.file, key=key)

    raw = rt.get("delta", (str, int, float, dict), default=None)
    deltas: list[sp.Expr]
    if isinstance(raw, dict):
        dt = _Table(raw, rt.key("delta"), rt.file)
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
    horizon_raw = rt.get("horizon", (str, int), default="infinite")
    if isinstance(horizon_raw, str):
        if horizon_raw != "infinite":
            raise rt.error(
                f'expected "infinite" or a number of rounds, got {horizon_raw!r}', rt.key("horizon")
            )
        horizon = None
    else:
        if horizon_raw < 1:
            raise rt.error(f"expected at least 1 round, got {horizon_raw}", rt.key("horizon"))
        horizon = horizon_raw
    cooperation = _profile(rt, "cooperation", game)
    punishment = _profile(rt, "punishment", game)
    automata: list[tuple[str, int | None, Any]] = []
    at_table = rt.table("automata")
    if at_table is not None:
        for aname in at_table.data:
            a_t = at_table.table(aname)
            assert a_t is not None
            _identifier(aname, at_table, a_t.path)
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
                _located(automaton.check, game, k, file=rt.file, key=a_t.path)
            automata.append((aname, index, automaton))
        at_table.used.update(at_table.data)
    strategies = tuple(_strings(rt, "strategies"))
    known = {a[0] for a in automata}
    from gametheory.repeated.automata import Roles

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


def _history(t: _Table, key: str, tree: GameTree | None, kind: str) -> tuple[str, ...]:
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


def _parameter_name(t: _Table, key: str, parameters: list[Parameter]) -> str | None:
    name = t.get(key, str, default=None)
    if name is not None and name not in {p.name for p in parameters}:
        known = ", ".join(p.name for p in parameters) or "none"
        raise t.error(f"{name!r} is not a parameter; the parameters are: {known}", t.key(key))
    return name


def _compare(
    ct: _Table,
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
            _identifier(rname, rt, r.path)
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
                            _located(
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
