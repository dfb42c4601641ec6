"""The verbs, their declarations and the one-line refusals: no heavy imports.

This module is imported by the command line at start-up to build each command's ``--format``
choices, so it imports nothing beyond the standard library and the exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gametheory.exceptions import UnsupportedOptionError

__all__ = [
    "DEFAULTS",
    "FINITE_VERBS",
    "MODEL_VERBS",
    "NPLAYER_VERBS",
    "TREE_VERBS",
    "VERBS",
    "VerbSpec",
    "cli_formats",
    "format_error",
    "option_flag",
]

#: The verbs, in the order ``fedlocal --help`` lists them.
VERBS: tuple[str, ...] = ("show", "solve", "derive", "compare", "repeated", "tree")

#: Options whose default is a value: verb → option → default. Left at it, it is never refused.
DEFAULTS: dict[str, dict[str, Any]] = {
    "solve": {"method": "auto"},
    "repeated": {"concepts": ("spe", "nash"), "symbolic": True},
}

#: Values that mean "option not given".
UNSET: tuple[Any, ...] = (None, False, (), "")


def option_flag(name: str) -> str:
    """The command-line spelling of a keyword option: ``payoff_set`` → ``--payoff-set``.

    Examples
    --------
    >>> option_flag("payoff_set")
    '--payoff-set'
    """
    return _FLAGS.get(name, "--" + name.replace("_", "-"))


#: Keyword options whose command-line flag is not their name.
_FLAGS = {
    "show_all": "--all",
    "strategies": "--strategy",
    "concepts": "--concept",
    "deviations": "--deviate",
    "lam": "--lambda",
}


@dataclass(frozen=True)
class VerbSpec:
    """What a kind supports for one verb: the keyword options it takes and its output formats.

    An option left at its default (:data:`DEFAULTS`, or unset: ``None``, ``False``, empty) is
    never refused.
    """

    formats: tuple[str, ...]
    options: tuple[str, ...] = ()


def format_error(
    fmt: str, verb: str, kind: str, scenario: str, formats: tuple[str, ...]
) -> UnsupportedOptionError:
    """The one-line refusal of an output format a kind does not render for a verb."""
    return UnsupportedOptionError(
        f"--format {fmt} does not apply to {verb} on a {kind} scenario ({scenario!r}); "
        f"it has: {', '.join(formats)}"
    )


_RECORD_FORMATS = ("table", "json", "csv", "latex")

#: What a strategic-form game declares (a tree declares the same and ``tree``).
FINITE_VERBS: dict[str, VerbSpec] = {
    "show": VerbSpec(("table", "json")),
    "solve": VerbSpec(_RECORD_FORMATS, ("method", "lam", "trace")),
    "derive": VerbSpec(("table", "json", "latex"), ("explain",)),
    "compare": VerbSpec(_RECORD_FORMATS, ("delta", "penalty")),
    "repeated": VerbSpec(
        _RECORD_FORMATS,
        (
            "delta",
            "strategies",
            "concepts",
            "payoff_set",
            "symbolic",
            "simulate",
            "deviations",
            "transfers",
            "noise",
            "detection",
            "punish_length",
        ),
    ),
}

#: What a game tree declares: ``--all`` lists every equilibrium, not one line per outcome.
TREE_VERBS: dict[str, VerbSpec] = {
    **FINITE_VERBS,
    "solve": VerbSpec(_RECORD_FORMATS, ("method", "show_all", "lam", "trace")),
    "tree": VerbSpec(("text", "dot", "tikz", "json"), ("symbolic", "show_all", "width")),
}

#: What every model kind declares (``derive`` only where the model has closed forms; the
#: options of ``compare`` per kind are in :data:`gametheory.kinds.models.MODEL_KINDS`).
MODEL_VERBS: dict[str, VerbSpec] = {
    "show": VerbSpec(("table", "json")),
    "solve": VerbSpec(("table", "json")),
    "derive": VerbSpec(("table", "json")),
    "compare": VerbSpec(_RECORD_FORMATS),
}


#: What a strategic-form game of three or more players declares (``compare`` and ``repeated``
#: are built on two-player games).
NPLAYER_VERBS: dict[str, VerbSpec] = {
    "show": VerbSpec(("table", "json")),
    "solve": VerbSpec(("table", "json"), ("method", "lam", "trace")),
    "derive": VerbSpec(("table", "json")),
}


def cli_formats(verb: str) -> tuple[str, ...]:
    """Every format some kind renders for ``verb``, in declaration order (``--format`` choices).

    Examples
    --------
    >>> cli_formats("solve"), cli_formats("tree")
    (('table', 'json', 'csv', 'latex'), ('text', 'dot', 'tikz', 'json'))
    """
    out: list[str] = []
    for table in (FINITE_VERBS, TREE_VERBS, MODEL_VERBS):
        if verb in table:
            out += [f for f in table[verb].formats if f not in out]
    return tuple(out)
