"""Parameter types and shared options of the ``fedlocal`` command line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click

FC = TypeVar("FC", bound=Callable[..., Any])

# click.ParamType is generic for the checker in recent click; not subscriptable at runtime in 8.1.
if TYPE_CHECKING:
    _TextParam = click.ParamType[str, Any]
    _PairParam = click.ParamType[tuple[str, str], Any]
else:
    _TextParam = _PairParam = click.ParamType

__all__ = [
    "SCENARIO",
    "ScenarioType",
    "SetValue",
    "domain_errors",
    "format_option",
    "run_verb",
    "set_option",
    "verb_format_option",
]


class ScenarioType(_TextParam):
    """A bundled scenario name or a path to a ``.toml`` or ``.nfg`` file.

    The value is only checked for shape here; loading happens inside the command, so a broken
    file is a domain error (exit 1) with the file's own message, not a usage error.
    """

    name = "scenario"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        if not text.strip():
            self.fail("expected a bundled scenario name or a .toml, .nfg or .efg path", param, ctx)
        return text

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[Any]:
        # Imported on use, for start-up speed.
        from click.shell_completion import CompletionItem

        # Imported on use, for start-up speed.
        from gametheory import bundled_scenarios

        return [CompletionItem(n) for n in bundled_scenarios() if n.startswith(incomplete)]


SCENARIO = ScenarioType()


class SetValue(_PairParam):
    """``name=value``: a parameter value, parsed later by the safe formula parser."""

    name = "name=value"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, str]:
        if isinstance(value, tuple):
            return value
        name, sep, raw = str(value).partition("=")
        if not sep or not name.strip() or not raw.strip():
            self.fail(
                f"expected name=value (for example g=2 or delta=9/10), got {value!r}", param, ctx
            )
        return name.strip(), raw.strip()


def set_option(func: FC) -> FC:
    """The repeatable ``--set name=value`` option."""
    return click.option(
        "--set",
        "assignments",
        type=SetValue(),
        multiple=True,
        metavar="NAME=VALUE",
        help="Give a parameter a value (exact: 3/10, 0.25, 1e-2). Repeatable.",
    )(func)


def format_option(*choices: str) -> Callable[[FC], FC]:
    """The ``--format`` option with the given choices (the first is the default)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


def verb_format_option(verb: str) -> Callable[[FC], FC]:
    """``--format`` with every format some scenario kind renders for ``verb``.

    Which of them applies depends on the scenario's kind; another is refused in one line once
    the scenario is loaded (:func:`gametheory.kinds.verbs.cli_formats`).
    """
    # Imported on use, for start-up speed.
    from gametheory.kinds.verbs import cli_formats

    return format_option(*cli_formats(verb))


def run_verb(
    verb: str,
    scenario: str,
    assignments: tuple[tuple[str, str], ...],
    fmt: str,
    **options: Any,
) -> None:
    """Load SCENARIO, run ``verb`` through :func:`gametheory.evaluate`, print it in ``fmt``.

    The format is checked against the scenario's kind before any work is done.
    """
    # Imported on use, for start-up speed.
    import warnings

    with domain_errors():
        # Imported on use, for start-up speed.
        from gametheory.exceptions import DegenerateGameWarning
        from gametheory.kinds import evaluate, formats
        from gametheory.kinds.api import kind_of
        from gametheory.kinds.verbs import format_error
        from gametheory.scenario import load_scenario

        sc = load_scenario(scenario)
        allowed = formats(sc, verb)
        if fmt not in allowed:
            raise format_error(fmt, verb, kind_of(sc).name, sc.name, allowed)
        with warnings.catch_warnings():
            # The same finding is in the result's diagnostics, which every report prints.
            warnings.simplefilter("ignore", DegenerateGameWarning)
            result = evaluate(sc, verb, dict(assignments), **options)
        click.echo(result.render(fmt), nl=False)


@contextmanager
def domain_errors() -> Iterator[None]:
    """Turn fedlocal's own errors into one clear line and exit status 1 (no traceback)."""
    # Imported on use, for start-up speed.
    from gametheory.exceptions import GameTheoryError

    try:
        yield
    except GameTheoryError as err:
        raise click.ClickException(str(err)) from None
