"""``gambit-enumpoly``: Gambit's polynomial-system enumeration as an optional backend.

pygambit (the Python interface of Gambit, McKelvey, McLennan & Turocy, *Gambit: Software Tools
for Game Theory*) is not a dependency of fedlocal: when it is not installed this method is
refused in one line naming the package. Gambit's ``enumpoly_solve`` solves each support's
polynomial system in floating point. Each profile it reports is rounded to nearby rationals
(denominators up to :data:`ROUNDING_DENOMINATOR`) and kept as *exact* when the rounded profile
is an exact equilibrium; otherwise it is kept as a *numeric* equilibrium, labelled as such,
after checking that no pure deviation gains more than :data:`NUMERIC_TOLERANCE`.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from fractions import Fraction
from typing import Any

import sympy as sp

from gametheory.exceptions import SolverError, UnsupportedGameError
from gametheory.model.nplayer import NPlayerGame
from gametheory.solvers.nplayer import action_values, equilibrium_order, is_nash_nplayer
from gametheory.solvers.nplayer_result import NPlayerEquilibrium, NPlayerResult

__all__ = [
    "NUMERIC_TOLERANCE",
    "ROUNDING_DENOMINATOR",
    "enumpoly_profiles",
    "solve_gambit_enumpoly_nplayer",
]

#: Largest denominator tried when rounding Gambit's floating-point probabilities.
ROUNDING_DENOMINATOR = 10**6
#: Largest gain from a pure deviation accepted for a profile kept as numeric.
NUMERIC_TOLERANCE = 1e-8


def _pygambit() -> Any:
    try:
        # Imported on use, for start-up speed.
        import pygambit
    except ImportError:
        raise UnsupportedGameError(
            "--method gambit-enumpoly needs the optional package pygambit "
            "(pip install pygambit); it is not installed"
        ) from None
    return pygambit


def enumpoly_profiles(game: NPlayerGame) -> list[list[list[float]]]:
    """The profiles pygambit's ``enumpoly_solve`` reports, as float probability lists."""
    gbt = _pygambit()
    handle, path = tempfile.mkstemp(suffix=".nfg")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(_nfg_text(game))
        read = getattr(gbt, "read_nfg", None)
        g = read(path) if read is not None else gbt.Game.read_game(path)
    finally:
        os.unlink(path)
    try:
        result = gbt.nash.enumpoly_solve(g, use_strategic=True)
    except Exception as err:  # pragma: no cover - depends on pygambit
        raise SolverError(f"pygambit's enumpoly_solve failed: {err}") from None
    try:
        return [
            [[float(eq[s]) for s in player.strategies] for player in g.players]
            for eq in result.equilibria
        ]
    except (AttributeError, TypeError):  # pygambit 17 renamed this API
        version = getattr(gbt, "__version__", "?")
        raise SolverError(
            f"--method gambit-enumpoly reads pygambit 16.x's results; pygambit {version} is "
            "installed (pip install 'pygambit<17')"
        ) from None


def _nfg_text(game: NPlayerGame) -> str:
    """The game as a Gambit ``.nfg`` payoff table (player 1's strategy changing fastest),
    payoffs as exact ``p/q``; the full writer with labels is :func:`gametheory.io.write_nfg`."""
    sizes = " ".join(str(n) for n in game.shape)
    players = " ".join(f'"P{k + 1}"' for k in range(game.n_players))
    rows = [
        " ".join(str(u) for u in game.payoff(tuple(reversed(rev))))
        for rev in itertools.product(*(range(n) for n in reversed(game.shape)))
    ]
    return f'NFG 1 R "" {{ {players} }} {{ {sizes} }}\n' + "\n".join(rows) + "\n"


def _rounded(profile: list[list[float]]) -> list[list[Fraction]]:
    out = []
    for probs in profile:
        row = [Fraction(p).limit_denominator(ROUNDING_DENOMINATOR) for p in probs]
        total = sum(row, Fraction(0))
        out.append([p / total for p in row] if total else row)
    return out


def _max_regret(game: NPlayerGame, profile: list[list[sp.Float]]) -> float:
    worst = 0.0
    for k in range(game.n_players):
        values = action_values(game, k, profile)
        mine = sum(p * v for p, v in zip(profile[k], values, strict=True))
        worst = max(worst, float(max(values) - mine))
    return worst


def solve_gambit_enumpoly_nplayer(game: NPlayerGame) -> NPlayerResult:
    """Gambit's ``enumpoly_solve`` on an N-player game, each profile verified (module notes)."""
    equilibria: list[NPlayerEquilibrium] = []
    diagnostics: list[str] = []
    for profile in enumpoly_profiles(game):
        rounded = _rounded(profile)
        if is_nash_nplayer(game, rounded):
            strategies = tuple(tuple(sp.Rational(p) for p in row) for row in rounded)
            payoffs = tuple(
                sp.Rational(
                    sum(p * v for p, v in zip(row, action_values(game, k, rounded), strict=True))
                )
                for k, row in enumerate(rounded)
            )
            equilibria.append(NPlayerEquilibrium(strategies, payoffs, "rational"))
            continue
        floats = [[sp.Float(p, 30) for p in row] for row in profile]
        regret = _max_regret(game, floats)
        if regret > NUMERIC_TOLERANCE:
            diagnostics.append(
                f"pygambit reported a profile whose largest gain from deviating is {regret:.3g}, "
                f"above the tolerance {NUMERIC_TOLERANCE:g}; it is not listed"
            )
            continue
        payoffs = tuple(
            sp.Float(
                sum(p * v for p, v in zip(floats[k], action_values(game, k, floats), strict=True)),
                30,
            )
            for k in range(game.n_players)
        )
        equilibria.append(
            NPlayerEquilibrium(
                tuple(tuple(row) for row in floats), payoffs, "numeric", NUMERIC_TOLERANCE
            )
        )
    if any(e.exactness == "numeric" for e in equilibria):
        diagnostics.append(
            "numeric equilibria are Gambit's double-precision profiles, checked to a largest "
            f"gain from deviating of {NUMERIC_TOLERANCE:g}; `--method exact` gives them exactly"
        )
    return NPlayerResult(
        game=game,
        equilibria=tuple(sorted(equilibria, key=equilibrium_order)),
        method="gambit-enumpoly",
        complete=False,
        diagnostics=(
            *diagnostics,
            "Gambit's enumpoly lists the isolated equilibria its numerical continuation finds; "
            "it is not certified complete",
        ),
    )
