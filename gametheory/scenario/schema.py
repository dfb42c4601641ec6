"""The scenario file schema: a TOML document → a validated :class:`~gametheory.model.Scenario`.

The format is documented in ``docs/reference/scenario-format.md``. Every error names the file,
the key path (``game.payoffs.Cooperate.Surge[1]``) and what was expected; unknown keys are errors,
so a typo never passes silently.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.formula import parse_condition, parse_formula, parse_number
from gametheory.kinds import MODEL_KINDS, SectionContext, model_module
from gametheory.model.normal_form import NormalFormGame
from gametheory.model.parameters import PROVENANCES, Domain, Parameter
from gametheory.model.repeated_spec import RepeatedSpec
from gametheory.model.scenario import Player, Scenario, Source
from gametheory.scenario.agreements import parse_linkage, parse_monitoring
from gametheory.scenario.games import (
    array_of_tables,
    check_tree_at_defaults,
    identifier,
    read_game,
    read_tree,
    strings,
)
from gametheory.scenario.nplayer import nplayer_model
from gametheory.scenario.specs import read_compare, read_repeated
from gametheory.tables import Table, located

T = TypeVar("T")

__all__ = ["FORMAT_VERSION", "RESERVED_SECTIONS", "scenario_from_dict"]

#: The scenario format version this release reads and writes (the top-level ``format`` key).
FORMAT_VERSION = 1

#: Sections the format reserves for later releases.
RESERVED_SECTIONS: tuple[str, ...] = ()


def scenario_from_dict(
    data: dict[str, Any],
    *,
    file: str | None = None,
    name: str | None = None,
    load: Callable[[str | Path], Scenario] | None = None,
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
    top = Table(data, "", file)
    version = top.get("format", int, required=True)
    if version != FORMAT_VERSION:
        raise top.error(
            f"this fedlocal reads scenario format {FORMAT_VERSION}, got {version}", "format"
        )
    scenario_name = top.get("name", str, default=None) or name or "scenario"
    identifier(scenario_name, top, "name")
    title = top.get("title", str, required=True)
    summary = top.get("summary", str, default="")
    tags = tuple(strings(top, "tags"))
    sources = tuple(_sources(top))
    players = tuple(_players(top))
    parameters = tuple(_parameters(top))
    names: dict[str, sp.Expr] = {p.name: p.symbol for p in parameters}
    definitions = tuple(_definitions(top, names))
    assumptions = tuple(
        (text, located(parse_condition, text, names, file=file, key=f"assumptions[{i}]"))
        for i, text in enumerate(strings(top, "assumptions"))
    )
    for section in RESERVED_SECTIONS:
        if top.has(section):
            raise top.error(
                f"the {section!r} section is reserved for a later fedlocal release and is not read yet",
                section,
            )
    game_table = top.table("game")
    tree_table = top.table("tree")

    model = _read_model(top, game_table, tree_table, players, parameters, names, file)
    if game_table is not None and len(players) > 2:  # the N-player strategic form
        model, game_table = nplayer_model(top, game_table, players, names, title), None
    game = read_game(game_table, players, names, title) if game_table is not None else None
    tree = read_tree(tree_table, players, names, title) if tree_table is not None else None
    if tree is not None:
        check_tree_at_defaults(tree, list(parameters), file)
    repeated = _read_repeated(top, game, players, names, parameters)
    linkage, monitoring = _read_agreements(top, game, repeated, players, names, parameters, load)
    compare_table = top.table("compare")
    compare = (
        read_compare(compare_table, game, tree, names, list(parameters))
        if compare_table is not None
        else None
    )
    top.finish()
    # A two-player tree's reduced strategic form is derived on first use (Scenario.game).
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
        linkage=linkage,
        monitoring=monitoring,
        sections=tuple(
            (key, data[key])
            for key in ("repeated", "compare", "linkage", "monitoring", *MODEL_KINDS)
            if isinstance(data.get(key), dict)
        ),
        path=file,
    )


def _read_model(
    top: Table,
    game_table: Table | None,
    tree_table: Table | None,
    players: tuple[Player, ...],
    parameters: tuple[Parameter, ...],
    names: dict[str, sp.Expr],
    file: str | None,
) -> tuple[str, Any] | None:
    """The model section (``[delegation_287g]``, ...) if any, parsed by its kind; and the checks
    that a scenario holds exactly one model, game or tree."""
    model = None
    for kind in MODEL_KINDS:
        section_table = top.table(kind)
        if section_table is None:
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
        model = (kind, model_module(kind).parse(section_table, context))
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
    return model


def _read_repeated(
    top: Table,
    game: NormalFormGame | None,
    players: tuple[Player, ...],
    names: dict[str, sp.Expr],
    parameters: tuple[Parameter, ...],
) -> RepeatedSpec | None:
    """The ``[repeated]`` section, which repeats the strategic-form game (``None`` if absent)."""
    repeated_table = top.table("repeated")
    if repeated_table is None:
        return None
    if game is None:
        raise top.error(
            "a [repeated] section repeats the strategic-form [game]; this scenario has none",
            "repeated",
        )
    return read_repeated(repeated_table, game, players, names, list(parameters))


def _read_agreements(
    top: Table,
    game: NormalFormGame | None,
    repeated: RepeatedSpec | None,
    players: tuple[Player, ...],
    names: dict[str, sp.Expr],
    parameters: tuple[Parameter, ...],
    load: Callable[[str | Path], Scenario] | None,
) -> tuple[Any, Any]:
    """The ``[linkage]`` and ``[monitoring]`` sections (each ``None`` if absent)."""
    linkage = monitoring = None
    linkage_table = top.table("linkage")
    if linkage_table is not None:
        linkage = parse_linkage(
            linkage_table,
            game,
            players,
            names,
            repeated.cooperation if repeated is not None else None,
            repeated.punishment if repeated is not None else None,
            load,
        )
    monitoring_table = top.table("monitoring")
    if monitoring_table is not None:
        if game is None:
            raise top.error("a [monitoring] section needs a strategic-form [game]", "monitoring")
        monitoring = parse_monitoring(monitoring_table, players, names, list(parameters))
    return linkage, monitoring


def _sources(top: Table) -> list[Source]:
    out = []
    for st in array_of_tables(top, "sources"):
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


def _players(top: Table) -> list[Player]:
    out = []
    for pt in array_of_tables(top, "players"):
        out.append(Player(pt.get("name", str, required=True), pt.get("role", str, default="")))
        pt.finish()
    if len(out) < 2:
        raise top.error(f"expected at least 2 [[players]], got {len(out)}", "players")
    names = [p.name for p in out]
    for name in names:
        if names.count(name) > 1:
            raise top.error(f"the players need different names, {name!r} appears twice", "players")
    return out


def _parameters(top: Table) -> list[Parameter]:
    table = top.table("parameters")
    if table is None:
        return []
    out = []
    for pname in table.data:
        pt = table.table(pname)
        assert pt is not None
        identifier(pname, table, pt.path)
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
        domain = located(Domain.parse, domain_text, file=top.file, key=pt.key("domain"))
        value = located(parse_number, default, file=top.file, key=pt.key("default"))
        bounds = None
        if range_ is not None:
            if len(range_) != 2:
                raise pt.error(f"expected [low, high], got {range_!r}", pt.key("range"))
            bounds = tuple(
                located(parse_number, r, file=top.file, key=f"{pt.key('range')}[{i}]")
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


def _definitions(top: Table, names: dict[str, sp.Expr]) -> list[tuple[str, sp.Expr]]:
    table = top.table("definitions")
    if table is None:
        return []
    out = []
    for dname in table.data:
        text = table.get(dname, (str, int, float))
        key = table.key(dname)
        identifier(dname, table, key)
        if dname in names:
            raise table.error(f"{dname!r} is already a parameter or an earlier definition", key)
        expr = located(parse_formula, text, names, file=top.file, key=key)
        names[dname] = expr  # later definitions and payoffs may use it
        out.append((dname, expr))
    table.finish()
    return out
